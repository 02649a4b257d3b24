// Known-answer tests against the reference vectors (test/fixtures/vectors_public.json,
// a copy of ../shared/reference): exact Shapley, raw Banzhaf and leave-one-out to
// 1e-9, the coverage closed form, the explicit-sample estimators, the sybil table.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CoverageGame } from "../src/policies/attribution/coverage.js";
import { banzhafExact, shapleyExact } from "../src/policies/attribution/exact.js";
import { coalitionMask, parseExactNumber, parseGameFile } from "../src/policies/attribution/gameFile.js";
import { grandValue, TableGame, type Game } from "../src/policies/attribution/game.js";
import { MsrSampler, PermutationSampler } from "../src/policies/attribution/sampling.js";
import { attributeValues } from "../src/policies/attribution/standalone.js";

interface Exact {
  exact: (string | null)[];
}
interface VectorGame {
  id: string;
  n: number;
  definition: { type: string };
  characteristic_function: Record<string, string>;
  shapley: Exact;
  banzhaf_raw: Exact;
  loo: Exact;
  null_players: number[];
  symmetric_pairs: [number, number][];
  sampling?: {
    permutations: number[][];
    mc_shapley_estimate: Exact;
    tmc: { tolerance_abs: string; estimate: Exact; first_truncated_position_per_permutation: (number | null)[] };
    msr_banzhaf: { sampled_coalitions: string[]; estimate: Exact };
  };
}

const vectors = JSON.parse(readFileSync(join(import.meta.dirname, "fixtures/vectors_public.json"), "utf8")) as {
  games: VectorGame[];
  sybil_scenarios: (CoverageSybil | VotingSybil)[];
};

interface CoverageSybil {
  id: string;
  pot: string;
  item_weights: string[];
  before: { player_items: number[][] };
  after: { player_items: number[][]; identity_owner: number[] };
  attacker: number;
  results: Record<string, { attacker_before: { exact: string }; attacker_after_total: { exact: string }; others_before: Exact; others_after: Exact }>;
}

interface VotingSybil {
  id: string;
  quota: number;
  weights_before: number[];
  weights_after: number[];
  shapley_before: Exact;
  shapley_after: Exact;
}

const exact = (e: Exact): number[] => e.exact.map((x) => (x === null ? NaN : parseExactNumber(x)!));

/** |a − b| <= tol · max(1, |b|), element-wise, with NaN matching NaN (undefined). */
function expectClose(actual: ArrayLike<number>, expected: number[], tol = 1e-9, label = ""): void {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (Number.isNaN(b)) expect(a, `${label} player ${i}`).toBeNaN();
    else expect(Math.abs(a - b), `${label} player ${i}: got ${a}, expected ${b}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
  }
}

/** The game as the file parser reads it (a CoverageGame for coverage entries) and as a bare table. */
function forms(g: VectorGame): [string, Game][] {
  const asFile = parseGameFile(JSON.stringify(g), g.id);
  const table = parseGameFile(JSON.stringify({ n: g.n, characteristic_function: g.characteristic_function }), g.id);
  return asFile instanceof CoverageGame ? [["coverage", asFile], ["table", table]] : [["table", table]];
}

describe("known answers: every game of vectors_public.json", () => {
  for (const g of vectors.games) {
    describe(g.id, () => {
      for (const [form, game] of forms(g)) {
        it(`(${form}) shapley-exact, leave-one-out and raw Banzhaf match to 1e-9`, () => {
          expectClose(attributeValues(game, "shapley-exact"), exact(g.shapley), 1e-9, "shapley");
          expectClose(shapleyExact(game), exact(g.shapley), 1e-9, "shapley");
          expectClose(attributeValues(game, "leave-one-out"), exact(g.loo), 1e-9, "loo");
          expectClose(banzhafExact(game), exact(g.banzhaf_raw), 1e-9, "banzhaf_raw");
        });
      }

      if (g.definition.type === "coverage") {
        it("coverage-shapley equals shapley-exact (and the vector)", () => {
          const game = parseGameFile(JSON.stringify(g), g.id);
          const closed = attributeValues(game, "coverage-shapley");
          expectClose(closed, [...shapleyExact(game)], 1e-12, "vs shapley-exact");
          expectClose(closed, exact(g.shapley), 1e-9, "vs vector");
        });
      }

      it("shapley-mc (fixed seed, 20000 permutations) is within 2% of max |v| of the exact value", () => {
        const [, game] = forms(g)[0]!;
        const scale = Math.max(1, ...Object.values(g.characteristic_function).map((v) => Math.abs(parseExactNumber(v)!)));
        const estimate = attributeValues(game, "shapley-mc", { samples: 20000, seed: 7 });
        expectClose(estimate.map((v) => v / scale), exact(g.shapley).map((v) => v / scale), 0.02, "shapley-mc");
        // Every player is scored on the same permutations, so the estimates sum to v(N).
        expect(estimate.reduce((s, v) => s + v, 0)).toBeCloseTo(grandValue(game), 9);
      });

      it("banzhaf-mc (fixed seed, 40000 coalitions) is within 4% of max |v| of the raw value", () => {
        const [, game] = forms(g)[0]!;
        const scale = Math.max(1, ...Object.values(g.characteristic_function).map((v) => Math.abs(parseExactNumber(v)!)));
        const estimate = attributeValues(game, "banzhaf-mc", { samples: 40000, seed: 7 });
        expectClose(estimate.map((v) => v / scale), exact(g.banzhaf_raw).map((v) => v / scale), 0.04, "banzhaf-mc");
      });

      const sampling = g.sampling;
      if (sampling !== undefined) {
        it("explicit permutations: the MC estimate, and TMC (Algorithm 1, absolute tolerance) with its truncation points", () => {
          for (const [, game] of forms(g)) {
            const plain = new PermutationSampler(game);
            for (const p of sampling.permutations) plain.scan(p);
            expectClose(plain.estimate(), exact(sampling.mc_shapley_estimate), 1e-9, "mc");
            const tmc = new PermutationSampler(game, parseExactNumber(sampling.tmc.tolerance_abs)!);
            const cuts = sampling.permutations.map((p) => tmc.scan(p));
            expect(cuts.map((c) => (c < 0 ? null : c))).toEqual(sampling.tmc.first_truncated_position_per_permutation);
            expectClose(tmc.estimate(), exact(sampling.tmc.estimate), 1e-9, "tmc");
          }
        });

        it("explicit coalitions: the MSR Banzhaf estimate (NaN where a group is empty)", () => {
          for (const [, game] of forms(g)) {
            const msr = new MsrSampler(game);
            for (const key of sampling.msr_banzhaf.sampled_coalitions) {
              const mask = coalitionMask(key, g.n, (m) => expect.fail(m));
              msr.sample(Array.from({ length: g.n }, (_, i) => (mask >> i) & 1));
            }
            expectClose(msr.estimate(), exact(sampling.msr_banzhaf.estimate), 1e-9, "msr");
          }
        });
      }
    });
  }
});

describe("known answers: sybil_scenarios (pot-scaled coverage-Shapley, volume, raw Banzhaf, LOO)", () => {
  const game = (items: number[][], weights: string[]) =>
    parseGameFile(JSON.stringify({ n: items.length, definition: { type: "coverage", item_weights: weights, player_items: items } }), "sybil");
  const rules: [string, (g: Game, pot: number) => number[]][] = [
    ["shapley", (g, pot) => [...attributeValues(g, "coverage-shapley")].map((v) => (pot * v) / grandValue(g))],
    ["proportional_to_volume", (g, pot) => [...attributeValues(g, "volume")].map((v) => (pot * v) / grandValue(g))],
    ["banzhaf_raw", (g) => [...banzhafExact(g)]],
    ["loo", (g) => [...attributeValues(g, "leave-one-out")]],
  ];
  const coverage = vectors.sybil_scenarios.filter((s): s is CoverageSybil => "before" in s);
  const voting = vectors.sybil_scenarios.filter((s): s is VotingSybil => "quota" in s);
  expect(coverage.length + voting.length).toBe(vectors.sybil_scenarios.length);
  const weightedVoting = (quota: number, weights: number[]) => {
    const table = new Float64Array(2 ** weights.length).map((_, m) => (weights.reduce((t, w, i) => t + ((m >> i) & 1) * w, 0) >= quota ? 1 : 0));
    return new TableGame(weights.length, table);
  };
  for (const s of voting) {
    it(`${s.id}: shapley-exact before and after the false-name split`, () => {
      expectClose(attributeValues(weightedVoting(s.quota, s.weights_before), "shapley-exact"), exact(s.shapley_before));
      expectClose(attributeValues(weightedVoting(s.quota, s.weights_after), "shapley-exact"), exact(s.shapley_after));
    });
  }
  for (const s of coverage) {
    for (const [rule, values] of rules) {
      it(`${s.id}: ${rule}`, () => {
        const pot = parseExactNumber(s.pot)!;
        const r = s.results[rule]!;
        const before = values(game(s.before.player_items, s.item_weights), pot);
        const after = values(game(s.after.player_items, s.item_weights), pot);
        const attackerAfter = after.filter((_, k) => s.after.identity_owner[k] === s.attacker).reduce((a, b) => a + b, 0);
        const othersAfter = after.filter((_, k) => s.after.identity_owner[k] !== s.attacker);
        expectClose([before[s.attacker]!], [parseExactNumber(r.attacker_before.exact)!], 1e-9, "attacker before");
        expectClose(before.filter((_, k) => k !== s.attacker), exact(r.others_before), 1e-9, "others before");
        expectClose([attackerAfter], [parseExactNumber(r.attacker_after_total.exact)!], 1e-9, "attacker after");
        expectClose(othersAfter, exact(r.others_after), 1e-9, "others after");
      });
    }
  }
});

describe("known answers: knn_shapley utilities as explicit games", () => {
  const knn = (JSON.parse(readFileSync(join(import.meta.dirname, "fixtures/vectors_public.json"), "utf8")) as {
    knn_shapley: { id: string; K: number; train_x: number[]; train_y: number[]; test: { x: string; y: number }[]; shapley: Exact }[];
  }).knn_shapley;
  for (const c of knn) {
    it(`${c.id}: shapley-exact of the KNN utility matches the recursion's values`, () => {
      const n = c.train_x.length;
      const table = new Float64Array(2 ** n).map((_, m) => {
        let total = 0;
        for (const t of c.test) {
          const x = parseExactNumber(t.x)!;
          const members = Array.from({ length: n }, (_, i) => i).filter((i) => (m >> i) & 1);
          members.sort((a, b) => Math.abs(c.train_x[a]! - x) - Math.abs(c.train_x[b]! - x) || a - b);
          total += members.slice(0, c.K).filter((i) => c.train_y[i] === t.y).length / c.K;
        }
        return total / c.test.length;
      });
      expectClose(attributeValues(new TableGame(n, table), "shapley-exact"), exact(c.shapley));
    });
  }
});
