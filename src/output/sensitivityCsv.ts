// sensitivity.csv: one tidy row per metric, factor and index (Sobol' S1/ST,
// Morris mu/mu_star/sigma, the variance split noise_share/factor_share with
// factor "*"), the estimate and its 95% bootstrap interval (empty where there
// is none), in coordsim's one CSV number format.
import type { SensitivityIndex, SensitivityRow } from "../metrics/sensitivity/analyse.js";
import { toCsv } from "./csv.js";

export const SENSITIVITY_COLUMNS = ["metric", "factor", "index", "estimate", "ci_low", "ci_high"] as const;

/** Every value the index column takes; the last two belong to factor "*" (the variance split). */
export const SENSITIVITY_INDICES = ["S1", "ST", "mu", "mu_star", "sigma", "noise_share", "factor_share"] as const satisfies readonly SensitivityIndex[];

export function sensitivityCsv(rows: readonly SensitivityRow[]): string {
  return toCsv(SENSITIVITY_COLUMNS, rows.map((r) => SENSITIVITY_COLUMNS.map((c) => r[c])));
}
