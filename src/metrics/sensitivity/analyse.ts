// sensitivity.csv's rows for one metric: the design's indices (Sobol' S1/ST,
// Morris mu/mu_star/sigma) with bootstrap intervals, and for every design the
// seed-noise / factor variance split.
//
// The model output at a point is the mean of the metric over the point's
// replicates: on common random numbers replicate r has the same seed at every
// point, so averaging removes the same noise everywhere. A Sobol' base point
// (its k + 2 points) or a Morris trajectory (its k + 1 points) with a failed run
// or an empty cell in any of its points is left out as a whole, and reported, so
// the remaining units stay complete cross-samples; the variance split uses every
// value present.
import { BOOTSTRAP_LEVEL } from "./bootstrap.js";
import { designUnits, type Design } from "./design.js";
import { elementaryEffect, morrisStatsWithIntervals } from "./morris.js";
import { sobolIndicesWithIntervals } from "./sobolIndices.js";
import { varianceDecomposition } from "./varianceDecomposition.js";

export { BOOTSTRAP_LEVEL };

export type SensitivityIndex = "S1" | "ST" | "mu" | "mu_star" | "sigma" | "noise_share" | "factor_share";

export interface SensitivityRow {
  metric: string;
  /** A factor path, or "*" for the variance split (all factors together). */
  factor: string;
  index: SensitivityIndex;
  estimate: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface MetricAnalysis {
  rows: SensitivityRow[];
  /** Sobol' base points or Morris trajectories left out (a failed run or an empty cell), ascending. */
  excludedUnits: number[];
  /** Units the indices used. */
  usedUnits: number;
}

export const ALL_FACTORS = "*";

const finiteOrNull = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/** The mean over a point's replicates, or null when one is missing (failed run, empty cell). */
function pointMean(values: readonly (number | null)[]): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  let sum = 0;
  for (const v of values) sum += v!;
  return sum / values.length;
}

function row(metric: string, factor: string, index: SensitivityIndex, estimate: number | null, interval: { low: number | null; high: number | null } = { low: null, high: null }): SensitivityRow {
  return { metric, factor, index, estimate: finiteOrNull(estimate), ci_low: finiteOrNull(interval.low), ci_high: finiteOrNull(interval.high) };
}

/** Units (of `size` consecutive points) whose every point has a mean; the others are excluded. */
function completeUnits(means: readonly (number | null)[], size: number, units: number): { used: number[]; excluded: number[] } {
  const used: number[] = [];
  const excluded: number[] = [];
  for (let u = 0; u < units; u++) (means.slice(u * size, (u + 1) * size).every((m) => m !== null) ? used : excluded).push(u);
  return { used, excluded };
}

function sobolRows(metric: string, design: Design, means: readonly (number | null)[], bootstrap: { resamples: number; seed: string }): { rows: SensitivityRow[]; used: number[]; excluded: number[] } {
  const k = design.factors.length;
  const { used, excluded } = completeUnits(means, k + 2, designUnits(design));
  if (used.length === 0) return { rows: design.factors.flatMap((f) => [row(metric, f, "S1", null), row(metric, f, "ST", null)]), used, excluded };
  const at = (j: number, slot: number) => means[j * (k + 2) + slot]!;
  const y = { a: used.map((j) => at(j, 0)), b: used.map((j) => at(j, 1)), ab: design.factors.map((_, i) => used.map((j) => at(j, 2 + i))) };
  const e = sobolIndicesWithIntervals(y, bootstrap);
  return { rows: design.factors.flatMap((f, i) => [row(metric, f, "S1", e.s1[i]!, e.s1Interval[i]), row(metric, f, "ST", e.st[i]!, e.stInterval[i])]), used, excluded };
}

function morrisRows(metric: string, design: Design, means: readonly (number | null)[], bootstrap: { resamples: number; seed: string }): { rows: SensitivityRow[]; used: number[]; excluded: number[] } {
  const k = design.factors.length;
  const { used, excluded } = completeUnits(means, k + 1, designUnits(design));
  if (used.length === 0) return { rows: design.factors.flatMap((f) => [row(metric, f, "mu", null), row(metric, f, "mu_star", null), row(metric, f, "sigma", null)]), used, excluded };
  const effects: number[][] = design.factors.map(() => []);
  for (const t of used) {
    for (let s = 1; s <= k; s++) {
      const p = t * (k + 1) + s;
      const i = design.points[p]!.factor! - 1;
      effects[i]!.push(elementaryEffect(means[p - 1]!, means[p]!, design.points[p - 1]!.u[i]!, design.points[p]!.u[i]!));
    }
  }
  const stats = morrisStatsWithIntervals(effects, bootstrap);
  return {
    rows: design.factors.flatMap((f, i) => {
      const s = stats[i]!;
      return [row(metric, f, "mu", s.mu, s.muInterval), row(metric, f, "mu_star", s.muStar, s.muStarInterval), row(metric, f, "sigma", s.sigma, s.sigmaInterval)];
    }),
    used,
    excluded,
  };
}

/**
 * Analyse one metric. `values[p]` holds point p's replicate values in
 * replicate order, null where the run failed or the cell is empty. The
 * bootstrap stream is named after the metric, so a metric's intervals do not
 * depend on which other metrics are analysed.
 */
export function analyseMetric(metric: string, design: Design, values: readonly (readonly (number | null)[])[], resamples: number): MetricAnalysis {
  const bootstrap = { resamples, seed: `coordsim-sensitivity:v1:${metric.length}:${metric}` };
  const means = values.map(pointMean);
  const indices = design.kind === "sobol" ? sobolRows(metric, design, means, bootstrap) : design.kind === "morris" ? morrisRows(metric, design, means, bootstrap) : { rows: [], used: [], excluded: [] };
  const shares = varianceDecomposition(values.map((v) => v.filter((x): x is number => x !== null)));
  return {
    rows: [...indices.rows, row(metric, ALL_FACTORS, "noise_share", shares?.noiseShare ?? null), row(metric, ALL_FACTORS, "factor_share", shares?.factorShare ?? null)],
    excludedUnits: indices.excluded,
    usedUnits: indices.used.length,
  };
}
