// Clones under attribution (docs/attribution.md), measured through coordsim's
// attribution policies on standalone coverage games:
// (a) Shapley pays a seller with k clones (k + 1)/(k + 2) of a one-item game it
//     shares with one other holder (the k + 1 identities are k + 1 of the k + 2
//     symmetric players), exactly under shapley-exact and coverage-shapley and
//     within the binomial error of the permutation samplers;
// (b) replication-robust's break-even penalty: the λ at which k copies stop
//     paying, measured by bisection on the policy's output, against the derived
//     λ* = ln(G_k)/k, and the clone gain just below and just above it.
import { CoverageGame, type CoverageSpec } from "../../src/policies/attribution/coverage.js";
import { grandValue } from "../../src/policies/attribution/game.js";
import { cloneBreakEvenPenalty } from "../../src/policies/attribution/replicationRobust.js";
import { attributeValues } from "../../src/policies/attribution/standalone.js";
import type { ValidationCase, ValidationRow } from "./types.js";

/** The spec with k exact copies of player m appended (players n .. n + k − 1). */
function withCopies(spec: CoverageSpec, m: number, k: number): CoverageGame {
  return CoverageGame.fromSpec({ units: [...spec.units, ...Array.from({ length: k }, () => spec.units[m]!)], weights: spec.weights });
}

/** Seller m's total value over its k + 1 identities under a policy (`params` as given to `--param`). */
function sellerTotal(spec: CoverageSpec, m: number, k: number, policy: string, options: { seed?: number; params?: string[] } = {}): number {
  const game = withCopies(spec, m, k);
  const values = attributeValues(game, policy, options);
  let total = values[m]!;
  for (let c = 0; c < k; c++) total += values[spec.units.length + c]!;
  return total;
}

/** One item (weight 1) held by c players; the seller is player 0. */
const oneItem = (c: number): CoverageSpec => ({ units: Array.from({ length: c }, () => [0]), weights: [1] });

/** Float rounding of an exact computation over a handful of players: a few ulps of the values summed. */
const ROUNDING = 1e-12;

export const shapleyCloneGain: ValidationCase = {
  id: "shapley-clone-gain",
  mechanism: "attribution: shapley-exact, coverage-shapley, shapley-mc",
  source: "Agarwal, Dahleh & Sarkar, EC 2019, §3.3.2 Example 3.1 (Shapley fairness is not robust to replication: ½ becomes ⅔); symmetry + balance of the Shapley value",
  claim: "On a one-item game a seller shares with one other holder, a seller with k clones collects (k + 1)/(k + 2) of v(N) under Shapley, rising to 1 with k: cloning pays.",
  run({ quick }) {
    const rows: ValidationRow[] = [];
    const spec = oneItem(2);
    for (const k of [1, 2, 4]) {
      const published = (k + 1) / (k + 2);
      for (const policy of ["shapley-exact", "coverage-shapley"]) {
        rows.push({ label: `${policy}: one item, seller + 1 other, k = ${k} clones: seller's share of v(N)`, measured: sellerTotal(spec, 0, k, policy), published, tolerance: ROUNDING, toleranceFrom: "float rounding of an exact value" });
      }
      // Permutation sampling on a one-item game: a player's marginal is 1 iff it comes first, so the seller's
      // estimate over S permutations is Binomial(S, p)/S with p = (k+1)/(k+2); R seeds average R·S permutations.
      const samples = quick ? 200 : 2000;
      const seeds = quick ? 10 : 40;
      const sd = Math.sqrt((published * (1 - published)) / (samples * seeds));
      for (const tolerance of [0, 0.1]) {
        let sum = 0;
        for (let seed = 1; seed <= seeds; seed++) sum += sellerTotal(spec, 0, k, "shapley-mc", { seed, params: [`samples=${samples}`, `tolerance=${tolerance}`] });
        rows.push({
          label: `shapley-mc (tolerance ${tolerance}): one item, seller + 1 other, k = ${k} clones: seller's share of v(N)`,
          measured: sum / seeds,
          published,
          tolerance: 3 * sd,
          toleranceFrom: `3 binomial SD, sqrt(p(1 − p)/(S·R)), S = ${samples} permutations × R = ${seeds} seeds`,
        });
      }
    }
    // A coverage game: the seller holds a unit of its own and one shared with another player (weights 1, v(N) = 2):
    // with k clones it collects 1 + (k + 1)/(k + 2) of v(N) = 2.
    const coverage: CoverageSpec = { units: [[0, 1], [1]], weights: [1, 1] };
    const v = grandValue(CoverageGame.fromSpec(coverage));
    for (const k of [1, 3]) {
      rows.push({ label: `coverage-shapley: seller {own, shared} + 1 other {shared}, k = ${k} clones: seller's share of v(N)`, measured: sellerTotal(coverage, 0, k, "coverage-shapley") / v, published: (1 + (k + 1) / (k + 2)) / 2, tolerance: ROUNDING, toleranceFrom: "float rounding of an exact value" });
    }
    return rows;
  },
};

/** The measured clone gain of seller m: total pay with k copies over pay with one identity, at penalty λ. */
function cloneGain(spec: CoverageSpec, m: number, k: number, penalty: number): number {
  const params = [`penalty=${penalty}`];
  return sellerTotal(spec, m, k, "replication-robust", { params }) / sellerTotal(spec, m, 0, "replication-robust", { params });
}

/** Bisection for the λ in [0, 2] where the measured clone gain crosses 1 (the gain falls with λ: G e^{−λk}). */
function measuredBreakEven(spec: CoverageSpec, m: number, k: number, steps: number): number {
  let lo = 0;
  let hi = 2;
  for (let s = 0; s < steps; s++) {
    const mid = (lo + hi) / 2;
    if (cloneGain(spec, m, k, mid) > 1) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export const replicationRobustBreakEven: ValidationCase = {
  id: "replication-robust-break-even",
  mechanism: "attribution: replication-robust",
  source: "Agarwal, Dahleh & Sarkar, EC 2019, §4.3.2 Algorithm 3 (ψ = φ · exp(−λ Σ SM)), Proposition 5.2; break-even λ* = ln(G_k)/k derived in docs/attribution.md",
  claim: "A seller adding k copies earns G_k e^{−λk} times its one-identity pay (G_k its Shapley clone gain), so copies stop paying at λ* = ln(G_k)/k, below ln 2 on every coverage game.",
  run({ quick }) {
    const steps = quick ? 30 : 45;
    const settings: { label: string; spec: CoverageSpec; k: number; gain: number }[] = [
      { label: "one item, seller + 1 other, k = 1", spec: oneItem(2), k: 1, gain: 4 / 3 },
      { label: "one item, seller + 1 other, k = 3", spec: oneItem(2), k: 3, gain: 8 / 5 },
      { label: "one item, seller + 2 others, k = 1", spec: oneItem(3), k: 1, gain: 3 / 2 },
      { label: "one item, seller + 49 others, k = 1", spec: oneItem(50), k: 1, gain: 100 / 51 },
      { label: "coverage {own, shared} + 1 other, k = 2", spec: { units: [[0, 1], [1]], weights: [1, 1] }, k: 2, gain: (3 * (1 / 3 + 1 / 4)) / 1.5 },
    ];
    const rows: ValidationRow[] = [];
    for (const { label, spec, k, gain } of settings) {
      const star = cloneBreakEvenPenalty(gain, k);
      rows.push({ label: `${label}: break-even λ (bisection on the measured gain)`, measured: measuredBreakEven(spec, 0, k, steps), published: star, tolerance: 2 / 2 ** steps + ROUNDING, toleranceFrom: `bisection width over ${steps} halvings of [0, 2]` });
      for (const [where, lambda] of [["just below", star * 0.95], ["just above", star * 1.05]] as const) {
        rows.push({ label: `${label}: clone gain at λ = ${where} λ* (${lambda.toFixed(4)})`, measured: cloneGain(spec, 0, k, lambda), published: gain * Math.exp(-lambda * k), tolerance: ROUNDING, toleranceFrom: "float rounding of an exact value" });
        rows.push({ label: `${label}: clone gain ${where === "just below" ? "> 1" : "< 1"} at λ = ${where} λ*`, measured: cloneGain(spec, 0, k, lambda), published: 1, tolerance: 0, check: where === "just below" ? "at-least" : "at-most", toleranceFrom: "sign of the gain − 1 (exact)" });
      }
      rows.push({ label: `${label}: clone gain at λ = ln 2 (the bound for every game and k) at most 1`, measured: cloneGain(spec, 0, k, Math.log(2)), published: 1, tolerance: ROUNDING, check: "at-most", toleranceFrom: "float rounding of an exact value" });
    }
    return rows;
  },
};
