import * as z from "zod";
import { CoverageGame } from "./coverage.js";
import { grandValue, type Evaluator, type Game } from "./game.js";
import { ruleFromValues, type AttributionRuleDefinition } from "./rule.js";

const params = z.object({}).strict();

/**
 * loo_i = v(N) − v(N∖i) (REFERENCE §1). On a coverage game, per unit: the one
 * player whose quality is strictly the highest gets w_u·(top − second best)
 * (so holders of identical data all get exactly 0); O(total units).
 */
export function coverageLeaveOneOut(game: CoverageGame): Float64Array {
  const { start, players } = game.coverers();
  const loo = new Float64Array(game.n);
  for (let u = 0; u < game.unitCount; u++) {
    const a = start[u]!;
    const b = start[u + 1]!;
    if (b === a) continue;
    const top = players[b - 1]!;
    const second = b - a >= 2 ? game.quality[players[b - 2]!]! : 0;
    const gap = game.quality[top]! - second;
    if (gap > 0) loo[top]! += game.weight[u]! * gap;
  }
  return loo;
}

/**
 * Any game: v(N∖i) for every i by divide and conquer with checkpoints — for
 * the players of [lo, hi), everyone outside is already in the coalition — so
 * O(n log n) player additions instead of O(n²).
 */
export function leaveOneOut(game: Game): Float64Array {
  if (game instanceof CoverageGame) return coverageLeaveOneOut(game);
  const grand = grandValue(game);
  const loo = new Float64Array(game.n);
  const ev: Evaluator = game.evaluator();
  const solve = (lo: number, hi: number): void => {
    if (hi - lo === 1) {
      loo[lo] = grand - ev.value;
      return;
    }
    const mid = (lo + hi) >>> 1;
    ev.checkpoint();
    for (let i = mid; i < hi; i++) ev.add(i);
    solve(lo, mid);
    ev.rollback();
    ev.checkpoint();
    for (let i = lo; i < mid; i++) ev.add(i);
    solve(mid, hi);
    ev.rollback();
  };
  if (game.n > 0) solve(0, game.n);
  return loo;
}

/** Credit each contribution by what the model loses without it; copies of each other all get 0. */
export const leaveOneOutAttribution: AttributionRuleDefinition<z.output<typeof params>> = {
  name: "leave-one-out",
  description: "Credit each contribution v(N) − v(N without it); duplicates cancel each other to 0 (negatives clipped).",
  schema: params,
  create() {
    return ruleFromValues(leaveOneOut);
  },
};
