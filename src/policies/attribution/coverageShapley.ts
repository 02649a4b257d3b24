import * as z from "zod";
import type { CoverageGame } from "./coverage.js";
import { requireCoverage, ruleFromValues, type AttributionRuleDefinition } from "./rule.js";

const params = z.object({}).strict();

/**
 * The exact Shapley value of a quality-scaled coverage game in O(total units)
 * (after an O(n log n) sort). v is a sum over units of w_u · max quality among
 * the coalition's coverers of u, and each per-unit max game is an airport game,
 * whose Shapley value is the Littlechild–Owen (1973) rule: sort the coverers'
 * qualities q_(1) ≤ … ≤ q_(c); the increment q_(k) − q_(k−1) (q_(0) = 0) is
 * split equally among the c − k + 1 coverers at or above it. With equal
 * qualities q this is w_u·q/c per coverer, the closed form of REFERENCE §2.
 */
export function coverageShapley(game: CoverageGame): Float64Array {
  const { start, players } = game.coverers();
  const { quality, weight } = game;
  const phi = new Float64Array(game.n);
  for (let u = 0; u < game.unitCount; u++) {
    const a = start[u]!;
    const c = start[u + 1]! - a;
    const w = weight[u]!;
    let previous = 0;
    let share = 0;
    for (let k = 0; k < c; k++) {
      const i = players[a + k]!;
      const q = quality[i]!;
      if (q > previous) {
        share += (w * (q - previous)) / (c - k);
        previous = q;
      }
      phi[i]! += share;
    }
  }
  return phi;
}

/** The simulator's ground truth: each unit's weight split equally among the contributions covering it (quality-scaled). */
export const coverageShapleyAttribution: AttributionRuleDefinition<z.output<typeof params>> = {
  name: "coverage-shapley",
  description: "Exact Shapley value of the coverage game in closed form: each unit's value split equally among its coverers (airport rule for quality).",
  schema: params,
  create() {
    return ruleFromValues((game) => coverageShapley(requireCoverage(game, "coverage-shapley")), ["efficiency", "symmetry"]);
  },
};
