// Rank correlation. Pure; no dependency on src/sim.
import { averageRanks } from "./rank.js";

/**
 * Pearson correlation r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² · Σ(y−ȳ)²), summed in index order.
 * Returns null if n < 2 or either input has zero variance (r is undefined there, not 0).
 * The result is clamped to [−1, 1] to absorb last-bit rounding. Throws RangeError on a
 * length mismatch or a non-finite value.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`pearson: lengths differ (${n} vs ${y.length})`);
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (!Number.isFinite(xi) || !Number.isFinite(yi)) throw new RangeError(`pearson: non-finite value at ${i}`);
    sx += xi;
    sy += yi;
  }
  if (n < 2) return null;
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Spearman's rank correlation ρ: the Pearson correlation of the average ranks of x and of y
 * (ties get the mean of the ranks they span, see `averageRanks`; this is the tie-correct form,
 * not the 1 − 6Σd²/(n(n²−1)) shortcut, which is only valid without ties). Range [−1, 1].
 * Returns null if n < 2 or either input is constant (zero rank variance).
 * Used for `reputation_spearman` and `reward_effort_spearman`. Throws RangeError on a length
 * mismatch or NaN. Ranks are half-integers, so the sums are exact and ρ is exactly invariant to
 * permuting entity ids.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (y.length !== x.length) throw new RangeError(`spearman: lengths differ (${x.length} vs ${y.length})`);
  return pearson(averageRanks(x), averageRanks(y));
}
