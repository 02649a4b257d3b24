// Replication-robust Shapley (Agarwal, Dahleh & Sarkar 2019, Algorithm 3) without
// renormalisation: hand-worked cases from ψ_i = φ_i · exp(−λ Σ_{j≠i} SM(i, j)),
// the withheld share paid to the treasury by settlement, and the clone
// break-even penalty derived in docs/attribution.md.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CoverageGame } from "../src/policies/attribution/coverage.js";
import { coverageShapley } from "../src/policies/attribution/coverageShapley.js";
import { grandValue } from "../src/policies/attribution/game.js";
import { cloneBreakEvenPenalty, replicationRobust } from "../src/policies/attribution/replicationRobust.js";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { join } from "node:path";
import { loadScenario, loadScenarioText } from "../src/scenario/load.js";
import { ROOT } from "./helpers/cli.js";
import { C } from "../src/sim/economy/counters.js";
import type { Economy } from "../src/sim/economy/world.js";
import { settleModelEscrow } from "../src/sim/economy/settlement.js";
import { Apportioner, TREASURY } from "../src/sim/ledger/index.js";

type Similarity = "jaccard" | "containment";
const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);

interface Spec {
  units: number[][];
  weights: number[];
  quality: number[];
}

/** Seller m's total pay under replication-robust with k exact copies of m added (k = 0: one identity). */
function sellerPay(spec: Spec, m: number, k: number, penalty: number, similarity: Similarity = "containment"): number {
  const units = [...spec.units, ...Array.from({ length: k }, () => spec.units[m]!)];
  const quality = [...spec.quality, ...Array.from({ length: k }, () => spec.quality[m]!)];
  const psi = replicationRobust(CoverageGame.fromSpec({ units, weights: spec.weights, quality }), { penalty, similarity });
  let total = psi[m]!;
  for (let c = 0; c < k; c++) total += psi[spec.units.length + c]!;
  return total;
}

/** Seller m's Shapley clone gain G_k = (k + 1) φ'_m / φ_m, through the policy at penalty 0. */
function shapleyGain(spec: Spec, m: number, k: number): number {
  return sellerPay(spec, m, k, 0) / sellerPay(spec, m, 0, 0);
}

describe("replication-robust: hand-worked cases", () => {
  it("3 players holding the same one item (v(N) = 1), λ = 1: each gets e^-2 / 3, and 1 − e^-2 is withheld", () => {
    // φ = 1/3 each; R_i = Σ_{j≠i} SM(i, j) = 2 under either similarity; ψ_i = (1/3) e^{-2}.
    const game = CoverageGame.fromSpec({ units: [[0], [0], [0]], weights: [1] });
    for (const similarity of ["containment", "jaccard"] as const) {
      const psi = replicationRobust(game, { penalty: 1, similarity });
      for (const x of psi) expect(x).toBeCloseTo(Math.exp(-2) / 3, 15);
      expect(1 - sum(psi)).toBeCloseTo(1 - Math.exp(-2), 15); // 0.8646647...
    }
    // Under Shapley (λ = 0) the same game pays 1/3 each and withholds nothing.
    expect([...replicationRobust(game, { penalty: 0, similarity: "containment" })]).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it("a seller beside one other holder of the item adds one copy: total pay (4/3) e^{-λ} ψ, break-even at λ* = ln(4/3)", () => {
    // One identity: φ = 1/2, R = 1, pay e^{-λ}/2. With a copy: 3 holders, φ = 1/3 each, R = 2, pay 2 · e^{-2λ}/3.
    const spec: Spec = { units: [[0], [0]], weights: [1], quality: [1, 1] };
    // The paper's Example 4.5 is λ = 1: A's ½e^{-1} = 0.184 becomes ⅔e^{-2} = 0.090 after one replica.
    for (const lambda of [0, 0.1, Math.log(4 / 3), 0.5, 1, 2]) {
      expect(sellerPay(spec, 0, 0, lambda)).toBeCloseTo(Math.exp(-lambda) / 2, 15);
      expect(sellerPay(spec, 0, 1, lambda)).toBeCloseTo((2 * Math.exp(-2 * lambda)) / 3, 15);
    }
    expect(shapleyGain(spec, 0, 1)).toBeCloseTo(4 / 3, 15);
    expect(cloneBreakEvenPenalty(4 / 3, 1)).toBeCloseTo(0.28768207245178085, 15);
    const star = Math.log(4 / 3);
    expect(sellerPay(spec, 0, 1, star)).toBeCloseTo(sellerPay(spec, 0, 0, star), 15);
    expect(sellerPay(spec, 0, 1, star - 0.01)).toBeGreaterThan(sellerPay(spec, 0, 0, star - 0.01));
    expect(sellerPay(spec, 0, 1, star + 0.01)).toBeLessThan(sellerPay(spec, 0, 0, star + 0.01));
  });

  it("one-item game held by c players: G_k = (k + 1) c / (c + k), below k + 1; a lone holder (c = 1) never gains", () => {
    for (const c of [1, 2, 3, 7]) {
      for (const k of [1, 2, 5]) {
        const spec: Spec = { units: Array.from({ length: c }, () => [0]), weights: [1], quality: Array(c).fill(1) };
        expect(shapleyGain(spec, 0, k)).toBeCloseTo(((k + 1) * c) / (c + k), 12);
        expect(shapleyGain(spec, 0, k)).toBeLessThan(k + 1);
      }
    }
  });
});

describe("replication-robust: a clone never raises a seller's total pay above the derived λ", () => {
  const smallGame = fc
    .record({ n: fc.integer({ min: 1, max: 6 }), unitCount: fc.integer({ min: 1, max: 6 }) })
    .chain(({ n, unitCount }) =>
      fc.record({
        units: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: unitCount - 1 }), { minLength: 1, maxLength: unitCount }), { minLength: n, maxLength: n }),
        weights: fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: unitCount, maxLength: unitCount }),
        quality: fc.array(fc.oneof(fc.constant(1), fc.double({ min: 0.05, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
      }),
    );
  const rel = (a: number, b: number) => a <= b * (1 + 1e-9) + 1e-12;

  for (const similarity of ["containment", "jaccard"] as const) {
    it(`${similarity}: λ >= ln 2 (>= ln(k+1)/k) is enough on every game; the game's own λ* = ln(G_k)/k is the exact break-even`, () => {
      fc.assert(
        fc.property(smallGame, fc.nat(), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0, max: 4, noNaN: true }), (spec, pick, k, extra) => {
          const m = pick % spec.units.length;
          const one = sellerPay(spec, m, 0, 0, similarity);
          if (!(one > 0)) return;
          const gain = shapleyGain(spec, m, k);
          expect(gain).toBeGreaterThanOrEqual(1 - 1e-12);
          expect(gain).toBeLessThan(k + 1);
          // Universal bound: λ >= ln 2 >= ln(k+1)/k.
          for (const lambda of [Math.log(2) + extra, Math.log(k + 1) / k + extra]) {
            expect(rel(sellerPay(spec, m, k, lambda, similarity), sellerPay(spec, m, 0, lambda, similarity))).toBe(true);
          }
          // The game's own break-even: pay with copies = G_k e^{-λk} × pay alone.
          const star = cloneBreakEvenPenalty(gain, k);
          const lambda = star + extra;
          const ratio = sellerPay(spec, m, k, lambda, similarity) / sellerPay(spec, m, 0, lambda, similarity);
          expect(ratio).toBeCloseTo(gain * Math.exp(-lambda * k), 9);
          expect(ratio).toBeLessThanOrEqual(1 + 1e-9);
          if (gain > 1 + 1e-6 && star > 0.02) expect(sellerPay(spec, m, k, star * 0.9, similarity)).toBeGreaterThan(sellerPay(spec, m, 0, star * 0.9, similarity));
        }),
        { numRuns: 200 },
      );
    });
  }

  it("not covered by the bound: a split into disjoint pieces escapes the penalty (it can gain at any λ > 0), but never pays above the seller's Shapley value φ_m", () => {
    // Seller holds a (its own) and b (shared with one other). One identity: φ = 3/2, R = 1/2 (containment).
    const whole = replicationRobust(CoverageGame.fromSpec({ units: [[0, 1], [1]], weights: [1, 1] }), { penalty: 1, similarity: "containment" });
    const split = replicationRobust(CoverageGame.fromSpec({ units: [[0], [1], [1]], weights: [1, 1] }), { penalty: 1, similarity: "containment" });
    expect(whole[0]).toBeCloseTo(1.5 * Math.exp(-0.5), 15);
    expect(split[0]! + split[1]!).toBeCloseTo(1 + 0.5 * Math.exp(-1), 15);
    expect(split[0]! + split[1]!).toBeGreaterThan(whole[0]!);
    expect(split[0]! + split[1]!).toBeLessThanOrEqual(coverageShapley(CoverageGame.fromSpec({ units: [[0, 1], [1]], weights: [1, 1] }))[0]!);
  });

  it("values never exceed v(N) in total, so settlement has something non-negative to withhold", () => {
    fc.assert(
      fc.property(smallGame, fc.double({ min: 0, max: 4, noNaN: true }), (spec, penalty) => {
        const game = CoverageGame.fromSpec(spec);
        expect(sum(replicationRobust(game, { penalty, similarity: "jaccard" }))).toBeLessThanOrEqual(grandValue(game) * (1 + 1e-12));
      }),
    );
  });
});

describe("replication-robust: settlement pays escrow × credit / v(N) and withholds the rest to the treasury", () => {
  const SCENARIO = `
name: rr
duration: 24
window: 12
epoch: 12
world: { domains: 1, unitsPerDomain: 100 }
providers: { count: 10, contributionRate: 0.5, datasetSize: 6 }
models: { count: 1, retrainEvery: 12 }
agents: { count: 5 }
validators: { count: 2 }
tasks: { rate: 4 }
policies: { attribution: replication-robust }
`;

  it("hand-worked: credits e^-2/3 × 3 of v(N) = 1 on an escrow of 1,000,000 micro pay 45112 each and withhold 864664", () => {
    let economy: Economy | undefined;
    simulate(loadScenarioText(SCENARIO, "rr.yaml", { catalog: builtinCatalog }), { onSnapshot: (_t, w) => (economy = w) });
    const w = economy!;
    const version = w.models.versions[0]!;
    expect(version.training.length).toBeGreaterThanOrEqual(3);
    const e = Math.exp(-2) / 3;
    w.models.versions[0] = { ...version, training: version.training.slice(0, 3), credits: Float64Array.of(e, e, e), value: 1 };
    const escrow = w.models.escrowAccount(0);
    w.ledger.transfer(0, escrow, 1_000_000 - w.ledger.balance(escrow));
    const treasury = w.ledger.balance(TREASURY);
    const withheld = w.counters[C.attribution_withheld_micro]!;
    const rewards = w.counters[C.data_rewards_micro]!;
    settleModelEscrow(w, 0, new Apportioner());
    // Quotas 45111.76 × 3 and 864664.72: floors leave 3 micro, which go to the three largest fractions (the contributions).
    expect(w.ledger.balance(TREASURY) - treasury).toBe(864_664);
    expect(w.counters[C.attribution_withheld_micro]! - withheld).toBe(864_664);
    expect(w.counters[C.data_rewards_micro]! - rewards).toBe(3 * 45_112);
    expect(w.ledger.balance(escrow)).toBe(0);
  });

  it("a run reports attribution_withheld_micro (a column only under a withholding policy) and money is conserved", () => {
    const run = (attribution: string) => simulate(loadScenarioText(SCENARIO, "rr.yaml", { catalog: builtinCatalog, overrides: [`policies.attribution=${attribution}`] }));
    const robust = run("replication-robust");
    const shapley = run("coverage-shapley");
    expect(Object.keys(robust.summary)).toContain("attribution_withheld_micro");
    expect(Object.keys(shapley.summary)).not.toContain("attribution_withheld_micro");
    expect(robust.summary.attribution_withheld_micro as number).toBeGreaterThan(0);
  });
});

describe("gallery: attribution-replication-robust answers its question", () => {
  /** Mean data reward per accepted contribution, by the providers' initial behaviour. */
  function payPerContribution(attribution: string): Map<string, number> {
    const result = simulate(loadScenario(join(ROOT, "scenarios/gallery/attribution-replication-robust.yaml"), { catalog: builtinCatalog, overrides: [`policies.attribution=${attribution}`] }));
    const col = (name: string) => result.entities.columns.indexOf(name);
    const [kind, behavior, reward, accepted] = [col("kind"), col("initial_behavior"), col("reward_micro"), col("contributions_accepted")];
    const sums = new Map<string, [number, number]>();
    for (const row of result.entities.rows()) {
      if (row[kind] !== "provider") continue;
      const s = sums.get(row[behavior] as string) ?? [0, 0];
      s[0] += Number(row[reward] ?? 0);
      s[1] += Number(row[accepted] ?? 0);
      sums.set(row[behavior] as string, s);
    }
    return new Map([...sums].map(([b, [r, n]]) => [b, r / Math.max(1, n)]));
  }

  it("near-duplicates are paid less per accepted contribution than honest data (they out-earn it under coverage-Shapley)", () => {
    const robust = payPerContribution("replication-robust");
    const shapley = payPerContribution("coverage-shapley");
    expect(shapley.get("duplicator")!).toBeGreaterThan(shapley.get("honest")!);
    expect(robust.get("duplicator")!).toBeLessThan(robust.get("honest")!);
  });
});
