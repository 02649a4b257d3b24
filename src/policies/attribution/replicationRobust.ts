import * as z from "zod";
import { num, showValue } from "../../scenario/fields.js";
import type { CoverageGame } from "./coverage.js";
import { coverageShapley } from "./coverageShapley.js";
import { requireCoverage, ruleFromValues, type AttributionRuleDefinition } from "./rule.js";

const params = z
  .object({
    penalty: num({ min: 0, max: 1000 })
      .default(1)
      .describe("λ in φ_i · exp(−λ · Σ_{j≠i} sim(i, j)); 0 gives the plain Shapley value; λ >= ln 2 (the paper's Theorem 5.4 choice) means no seller gains by adding copies."),
    similarity: z
      .enum(["jaccard", "containment"], { error: (iss) => `expected one of jaccard, containment, got ${showValue(iss.input)}` })
      .default("jaccard")
      .describe("sim(i, j): jaccard = |U_i ∩ U_j| / |U_i ∪ U_j| (a similarity metric as the paper's Definition 4.1 requires), O(Σ_u c_u²) with c_u the coverers of unit u (slow when popular units have thousands of copies); containment = |U_i ∩ U_j| / |U_i|, O(total units), not symmetric (1 for a subset) but it also penalises a piece contained in others' data."),
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
 * Replication-robust Shapley: Agarwal, Dahleh & Sarkar (2019), "A Marketplace
 * for Data: An Algorithmic Solution" (EC '19), §4.3.2, Algorithm 3
 * (SHAPLEY-ROBUST, PD*_B): each seller's Shapley value is damped by its
 * similarity to every other seller,
 *
 *   ψ_i = φ_i · exp(−λ · Σ_{j≠i} SM(X_i, X_j)),
 *
 * and nothing more: the ψ are NOT renormalised (the paper's Example 4.5: with
 * λ = 1, seller A's ½ becomes ½e^{-1}, and ⅔e^{-2} after one replica). Balance
 * (Property 3.3, condition 1) and robustness to replication (Property 3.4) cannot hold
 * together (Proposition 5.1), so the withheld share v(N) − Σψ must not go back
 * to the players: the credits are absolute shares of v(N) (`credits:
 * "absolute"`), and settlement pays the withheld part to the treasury.
 *
 * φ is the coverage-Shapley value of the version's coverage game. Departures:
 * the paper's SM compares sellers' feature data (e.g. cosine similarity,
 * Example 4.3); here players are unit sets, so SM is Jaccard |U_i ∩ U_j| /
 * |U_i ∪ U_j| (default; a similarity metric in the sense of Definition 4.1) or
 * containment |U_i ∩ U_j| / |U_i| (not symmetric). Both are 1 for an exact
 * copy and ignore qualities. The paper approximates φ by sampling K
 * permutations (Algorithm 2); here φ is exact.
 */
export function replicationRobust(game: CoverageGame, p: Params): Float64Array {
  const phi = coverageShapley(game);
  const r = redundancy(game, p.similarity);
  for (let i = 0; i < game.n; i++) phi[i] = phi[i]! * Math.exp(-p.penalty * r[i]!);
  return phi;
}

/**
 * The penalty λ* = ln(G) / k at which a seller adding k exact copies of itself
 * earns exactly what it earned under one identity, given its Shapley clone gain
 * G = (k + 1) φ'_m / φ_m (φ' its value with the copies present): above λ* the
 * copies lower its total pay (docs/attribution.md derives it). On a one-item
 * game held by c players, the seller among them, G = (k + 1) c / (c + k); on
 * any coverage game G < k + 1, so λ >= ln 2 >= ln(k + 1) / k is enough for every k
 * (the paper's Proposition 5.2 condition (c + 1) f(x + c) <= f(x) for f = e^{−λx}).
 */
export function cloneBreakEvenPenalty(gain: number, k: number): number {
  if (!(k >= 1) || !(gain > 0)) throw new RangeError(`cloneBreakEvenPenalty: need k >= 1 and gain > 0, got k = ${k}, gain = ${gain}`);
  return Math.max(0, Math.log(gain) / k);
}

/** Shapley with a similarity penalty, so near-duplicates and clones lose share; the penalised part is withheld (to the treasury). */
export const replicationRobustAttribution: AttributionRuleDefinition<Params> = {
  name: "replication-robust",
  description: "Coverage-Shapley damped by similarity to other contributions, φ·exp(−λ Σ sim), not renormalised: the withheld share goes to the treasury (Agarwal et al. 2019, Algorithm 3).",
  schema: params,
  create(p) {
    return { ...ruleFromValues((game) => replicationRobust(requireCoverage(game, "replication-robust"), p), ["symmetry"]), credits: "absolute" };
  },
};
