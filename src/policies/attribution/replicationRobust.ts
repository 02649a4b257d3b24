import * as z from "zod";
import { num, showValue } from "../../scenario/fields.js";
import type { CoverageGame } from "./coverage.js";
import { coverageShapley } from "./coverageShapley.js";
import { requireCoverage, ruleFromValues, type AttributionRuleDefinition } from "./rule.js";

const params = z
  .object({
    penalty: num({ min: 0, max: 1000 }).default(1).describe("λ in φ_i · exp(−λ · Σ_{j≠i} sim(i, j)); 0 gives the plain Shapley value."),
    similarity: z
      .enum(["jaccard", "containment"], { error: (iss) => `expected one of jaccard, containment, got ${showValue(iss.input)}` })
      .default("containment")
      .describe("sim(i, j): containment = |U_i ∩ U_j| / |U_i|, O(total units); jaccard = |U_i ∩ U_j| / |U_i ∪ U_j|, O(Σ_u c_u²) with c_u the coverers of unit u (slow when popular units have thousands of copies)."),
  })
  .strict();
type Params = z.output<typeof params>;

/** R_i = Σ_{j≠i} sim(i, j) over the players' unit sets U (qualities ignored). */
export function redundancy(game: CoverageGame, similarity: Params["similarity"]): Float64Array {
  const { n, start: from, units } = game;
  const { start, players } = game.coverers();
  const r = new Float64Array(n);
  if (similarity === "containment") {
    // Σ_j |U_i ∩ U_j| = Σ_{u ∈ U_i} (c_u − 1)
    for (let i = 0; i < n; i++) {
      let shared = 0;
      for (let k = from[i]!; k < from[i + 1]!; k++) shared += start[units[k]! + 1]! - start[units[k]!]! - 1;
      r[i] = game.size(i) > 0 ? shared / game.size(i) : 0;
    }
    return r;
  }
  // Jaccard: intersections of each pair sharing a unit, counted from the lower player's side.
  const common = new Int32Array(n);
  const touched: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = from[i]!; k < from[i + 1]!; k++) {
      const u = units[k]!;
      for (let t = start[u]!; t < start[u + 1]!; t++) {
        const j = players[t]!;
        if (j > i && common[j]!++ === 0) touched.push(j);
      }
    }
    for (const j of touched) {
      const sim = common[j]! / (game.size(i) + game.size(j) - common[j]!);
      r[i]! += sim;
      r[j]! += sim;
      common[j] = 0;
    }
    touched.length = 0;
  }
  return r;
}

/**
 * Replication-robust Shapley, after Agarwal, Dahleh & Sarkar (2019), "A
 * Marketplace for Data", robust-Shapley: ψ_i = φ_i · exp(−λ · R_i), with φ the
 * coverage-Shapley value and R_i = Σ_{j≠i} sim(i, j), then renormalised so that
 * Σψ = Σφ = v(N) (all 0 if every ψ is 0). Replicas raise each other's R and
 * lose share to original data; the pieces of a sybil split share no units, so
 * they do not penalise each other. The paper uses cosine similarity of feature
 * vectors; for unit sets the natural analogues are the two `similarity` options.
 */
export function replicationRobust(game: CoverageGame, p: Params): Float64Array {
  const phi = coverageShapley(game);
  const r = redundancy(game, p.similarity);
  const psi = phi.map((v, i) => v * Math.exp(-p.penalty * r[i]!));
  let before = 0;
  let after = 0;
  for (let i = 0; i < game.n; i++) {
    before += phi[i]!;
    after += psi[i]!;
  }
  return after > 0 ? psi.map((v) => (v * before) / after) : psi.fill(0);
}

/** Shapley with a similarity penalty, so near-duplicates and clones lose share. */
export const replicationRobustAttribution: AttributionRuleDefinition<Params> = {
  name: "replication-robust",
  description: "Coverage-Shapley damped by similarity to other contributions, exp(−λ Σ sim), renormalised (Agarwal et al. 2019).",
  schema: params,
  create(p) {
    return ruleFromValues((game) => replicationRobust(requireCoverage(game, "replication-robust"), p));
  },
};
