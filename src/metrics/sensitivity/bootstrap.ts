// Bootstrap percentile intervals (Efron & Tibshirani 1993, An Introduction to
// the Bootstrap, ch. 13): resample the independent units (Sobol' base points,
// Morris trajectories) with replacement, recompute the estimates on each
// resample, and take the 2.5% and 97.5% quantiles of the resampled estimates.
// The resamples come from a named seeded stream, so the same inputs always give
// the same interval bytes.
import { Stream } from "../../sim/rng/index.js";

/** Level of every interval in sensitivity.csv. */
export const BOOTSTRAP_LEVEL = 0.95;
export const DEFAULT_BOOTSTRAP_RESAMPLES = 1000;

export interface Interval {
  low: number | null;
  high: number | null;
}

/** Quantile q of ascending `sorted` by linear interpolation between order statistics (Hyndman & Fan 1996, type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Percentile intervals of a vector statistic. `statistic(indices)` gets the n
 * unit indices of one resample (drawn with replacement) and returns one value
 * per estimate (`size` of them); non-finite values (a resample without spread) are left out of
 * that estimate's quantiles. Zero resamples, or none finite, give null bounds.
 */
export function bootstrapIntervals(
  n: number,
  size: number,
  options: { resamples: number; seed: string; level?: number },
  statistic: (indices: Int32Array) => readonly number[],
): Interval[] {
  const stream = new Stream(options.seed);
  const indices = new Int32Array(n);
  const draws: number[][] = Array.from({ length: size }, () => []);
  for (let b = 0; b < options.resamples && n > 0; b++) {
    for (let j = 0; j < n; j++) indices[j] = stream.int(n);
    const values = statistic(indices);
    for (let e = 0; e < size; e++) if (Number.isFinite(values[e])) draws[e]!.push(values[e]!);
  }
  const level = options.level ?? BOOTSTRAP_LEVEL;
  const alpha = (1 - level) / 2;
  return draws.map((values) => {
    if (values.length === 0) return { low: null, high: null };
    const sorted = [...values].sort((x, y) => x - y);
    return { low: quantileSorted(sorted, alpha), high: quantileSorted(sorted, 1 - alpha) };
  });
}
