// design.csv: one row per sweep point with its unit coordinates, so
// `coordsim sensitivity` can pair A/B/AB (sobol), walk trajectories (morris)
// or regress on the factors (lhs, grid) without re-planning the sweep. It is
// derived from the scenario only: a shard, a --resume and a merge write the
// same bytes.
import { toCsv } from "./csv.js";
import type { SweepPlan } from "../scenario/sweep.js";

/** The columns in order: point, block, base, factor, then u:<path> per factor (issue 20's contract). */
export function designColumns(plan: Pick<SweepPlan, "parameters">): string[] {
  return ["point", "block", "base", "factor", ...plan.parameters.map((p) => `u:${p.path}`)];
}

/** design.csv text: block A/B/AB (sobol), T (morris), P (lhs) or G (grid); factor 1-based or empty; u in full precision. */
export function designCsv(plan: Pick<SweepPlan, "parameters" | "designPoints">): string {
  return toCsv(
    designColumns(plan),
    plan.designPoints.map((row, point) => [point, row.block, row.base, row.factor, ...row.u]),
  );
}
