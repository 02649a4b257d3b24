// One contract for every attribution policy (table-driven; a new policy adds a
// line): credits are finite and >= 0 and written only for the players,
// deterministic for a seed, and apportion an integer fee exactly; efficient rules
// credit v(N); rules with absolute credits (replication-robust) credit at most
// v(N), the rest withheld. Games are world-shaped: global unit ids, qualities in [0, 1],
// increasing contribution ids.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CoverageSpec } from "../src/policies/attribution/coverage.js";
import { attributionGameOf, fromAttributionGame } from "../src/policies/attribution/worldGame.js";
import { coverageShapley } from "../src/policies/attribution/coverageShapley.js";
import { grandValue } from "../src/policies/attribution/game.js";
import { attributionPolicies, attributionRules } from "../src/policies/attribution/index.js";
import type { AttributionGame } from "../src/sim/economy/seams.js";
import { apportion } from "../src/sim/ledger/apportion.js";
import { RngStreams } from "../src/sim/rng/index.js";

interface Case {
  name: string;
  params?: Record<string, unknown>;
  /** Credits sum to v(N) on these (monotone) games. */
  efficient?: boolean;
  /** Credits are absolute shares of v(N) that sum to at most v(N) (settlement withholds the rest); not efficient. */
  withholds?: boolean;
}

const CASES: Case[] = [
  { name: "uniform" },
  { name: "volume" },
  { name: "leave-one-out" },
  { name: "shapley-exact", efficient: true },
  { name: "shapley-mc", params: { samples: 25 }, efficient: true },
  { name: "shapley-mc", params: { samples: 25, tolerance: 0.1 } },
  { name: "banzhaf-mc", params: { samples: 25 } },
  { name: "coverage-shapley", efficient: true },
  { name: "first-contributor", efficient: true },
  { name: "replication-robust", withholds: true },
  { name: "replication-robust", params: { penalty: 3, similarity: "containment" }, withholds: true },
  { name: "replication-robust", params: { penalty: 0 }, efficient: true, withholds: true },
  { name: "influence-noisy" },
  { name: "influence-noisy", params: { noise: 0.5, model: "multiplicative" } },
  { name: "rag-retrieval" },
  { name: "rag-retrieval", params: { k: 1 } },
];

function build(c: Case, seed: number) {
  const definition = attributionRules.find((p) => p.name === c.name)!;
  const streams = new RngStreams(seed);
  return definition.create(definition.schema.parse(c.params ?? {}), { stream: (name) => streams.stream(`policy.attribution.${c.name}.${name}`) });
}

/** A world-shaped game: units are global ids in one domain's block (or spread far apart, to take the compaction path). */
const worldGame: fc.Arbitrary<AttributionGame> = fc
  .record({ n: fc.integer({ min: 0, max: 12 }), units: fc.integer({ min: 1, max: 30 }), spread: fc.boolean(), base: fc.integer({ min: 0, max: 5 }) })
  .chain(({ n, units, spread, base }) =>
    fc
      .record({
        units: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: units - 1 }), { maxLength: 8 }), { minLength: n, maxLength: n }),
        weights: fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: units, maxLength: units }),
        quality: fc.array(fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
        gaps: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: n, maxLength: n }),
      })
      .map(({ units: lists, weights, quality, gaps }) => {
        const toGlobal = (u: number) => (spread ? 1_000_000 * u + base : 5000 * base + u);
        const global: number[] = [];
        lists.flat().forEach((u) => (global[toGlobal(u)] = weights[u]!));
        const ids: number[] = [];
        gaps.reduce((id, gap) => (ids.push(id + gap), id + gap), 0);
        const spec: CoverageSpec = { units: lists.map((l) => l.map(toGlobal)), weights: global, quality, ids };
        return attributionGameOf(spec);
      }),
  );

describe("attribution contract: every policy", () => {
  it("the table covers every built-in attribution policy", () => {
    expect(new Set(CASES.map((c) => c.name))).toEqual(new Set(attributionRules.map((p) => p.name)));
    expect(attributionPolicies).toBe(attributionRules);
  });

  for (const c of CASES) {
    const label = `${c.name}${c.params ? ` ${JSON.stringify(c.params)}` : ""}`;
    it(`${label}: finite non-negative credits, deterministic per seed, exact integer apportionment${c.efficient ? ", sum v(N)" : ""}${c.withholds ? ", sum <= v(N) (rest withheld)" : ""}`, () => {
      fc.assert(
        fc.property(worldGame, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10_000_000 }), (game, seed, fee) => {
          const n = game.players;
          const out = new Float64Array(n + 2).fill(-7);
          build(c, seed).credit(game, out);
          expect(out[n]).toBe(-7); // nothing written past the players
          expect(out[n + 1]).toBe(-7);
          const credits = out.subarray(0, n);
          for (const x of credits) expect(Number.isFinite(x) && x >= 0).toBe(true);
          const again = new Float64Array(n);
          build(c, seed).credit(game, again);
          expect([...again]).toEqual([...credits]);
          if (c.efficient) {
            const v = grandValue(fromAttributionGame(game));
            expect(Math.abs(credits.reduce((a, b) => a + b, 0) - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, v));
          }
          const policy = build(c, seed);
          expect(policy.credits === "absolute").toBe(c.withholds === true);
          if (c.withholds) {
            // Settlement splits the fee over the credits and the withheld rest v(N) − Σ credits (to the treasury).
            const v = grandValue(fromAttributionGame(game));
            const total = credits.reduce((a, b) => a + b, 0);
            expect(total).toBeLessThanOrEqual(v * (1 + 1e-9) + 1e-12);
            if (v > 0) {
              const withheld = Math.max(0, v - total);
              const paid = apportion(fee, [...credits, withheld]);
              expect(paid.reduce((a, b) => a + b, 0)).toBe(fee);
              // Largest remainder: the treasury's part is its quota fee × (v(N) − Σ credits) / v(N), rounded down or up.
              expect(Math.abs(paid[n]! - (fee * withheld) / (total + withheld))).toBeLessThanOrEqual(1);
            }
          }
          if (credits.some((x) => x > 0)) {
            const paid = apportion(fee, credits);
            expect(paid.reduce((a, b) => a + b, 0)).toBe(fee);
            paid.forEach((p, i) => {
              expect(Number.isInteger(p) && p >= 0).toBe(true);
              if (credits[i] === 0) expect(p).toBe(0);
            });
          }
        }),
        { numRuns: 60 },
      );
    });
  }

  it("coverage-shapley credits equal shapley-exact credits on world games", () => {
    fc.assert(
      fc.property(worldGame, (game) => {
        const a = new Float64Array(game.players);
        const b = new Float64Array(game.players);
        build({ name: "coverage-shapley" }, 1).credit(game, a);
        build({ name: "shapley-exact" }, 1).credit(game, b);
        a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, x)));
      }),
    );
  });

  it("the world adapter maps dense and spread-out unit ids to the same game", () => {
    const units = [[0, 3], [3, 4], [1], []];
    const weights = [2, 5, 1, 3, 7];
    const dense = fromAttributionGame(attributionGameOf({ units: units.map((l) => l.map((u) => 4000 + u)), weights: Object.assign([], ...weights.map((w, u) => ({ [4000 + u]: w }))) }));
    const spread = fromAttributionGame(attributionGameOf({ units: units.map((l) => l.map((u) => 9_000_000 * u)), weights: Object.assign([], ...weights.map((w, u) => ({ [9_000_000 * u]: w }))) }));
    expect(grandValue(dense)).toBe(17); // units 0, 1, 3, 4
    expect(grandValue(spread)).toBe(17);
    expect(dense.unitCount).toBe(5); // offset by the lowest id
    expect(spread.unitCount).toBe(4); // compacted to the covered ids
    expect([...coverageShapley(spread)]).toEqual([...coverageShapley(dense)]);
    expect([...coverageShapley(dense)]).toEqual([2 + 1.5, 1.5 + 7, 5, 0]);
  });
});
