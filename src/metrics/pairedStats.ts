// Two-sample comparisons of per-replicate metric values: paired t (common random
// numbers), Welch t (independent runs) and Holm step-down p-value adjustment.
// Pure and deterministic: every sum runs in fixed index order.
//
// Degenerate cases:
// - null / NaN / ±Infinity entries are dropped (paired: the whole pair is dropped).
// - Too little data (paired n < 2; unpaired n_a < 2 or n_b < 2): means and diff are
//   reported when their samples are non-empty, CI and p are null.
// - Zero standard error (constant differences / both samples constant): diff === 0
//   gives CI [0, 0] and p = 1 (A/A on common random numbers); otherwise CI
//   [diff, diff] and p = 0.
// - sd_diff and variance_reduction are paired-only (null for unpaired);
//   variance_reduction is null when n < 2 or var(a) + var(b) === 0.
// - effect_size (both modes) is the standardized mean difference
//   diff / sqrt((var(a) + var(b)) / 2): the change in units of one run's spread,
//   comparable across metrics; null when n < 2 or var(a) + var(b) === 0.
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export interface PairStats {
  n_a: number;
  n_b: number;
  mean_a: number | null;
  mean_b: number | null;
  /** paired: mean of (b_i - a_i); unpaired: mean_b - mean_a */
  diff: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** two-sided; paired t-test or Welch t-test */
  p_value: number | null;
  /** paired: sample sd of the differences; unpaired: null */
  sd_diff: number | null;
  /** paired only: 1 - var(d) / (var(a) + var(b)) with sample variances */
  variance_reduction: number | null;
  /** diff / sqrt((var(a) + var(b)) / 2), sample variances (Cohen's d with the average variance) */
  effect_size: number | null;
}

const isNum = (x: number | null): x is number => x !== null && Number.isFinite(x);

const isConstant = (xs: readonly number[]) => xs.every((x) => x === xs[0]);

/** Arithmetic mean; exactly the common value for a constant sample (no rounding drift). */
function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  if (isConstant(xs)) return xs[0]!;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
}

/** Sample variance (n - 1 denominator, two-pass); exactly 0 for a constant sample. */
function variance(xs: readonly number[], m: number): number {
  let ss = 0;
  for (let i = 0; i < xs.length; i++) ss += (xs[i]! - m) ** 2;
  return isConstant(xs) ? 0 : ss / (xs.length - 1);
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`compareStats: level must be in (0, 1), got ${level}`);
}

/** Standardized mean difference; null without spread to measure it in. */
function effectSize(diff: number, varA: number, varB: number): number | null {
  const spread = varA + varB;
  return spread === 0 ? null : diff / Math.sqrt(spread / 2);
}

/** CI and two-sided p for a t statistic diff / se with df degrees of freedom. */
function tInference(diff: number, se: number, df: number, level: number) {
  if (se === 0) {
    return diff === 0 ? { ci_low: 0, ci_high: 0, p_value: 1 } : { ci_low: diff, ci_high: diff, p_value: 0 };
  }
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  const p = 2 * tCdf(-Math.abs(diff / se), df);
  return { ci_low: diff - half, ci_high: diff + half, p_value: Math.min(1, p) };
}

const noInference = { ci_low: null, ci_high: null, p_value: null };

/** Paired t-test of b - a; a[i] and b[i] are the same replicate (seed). */
export function pairedComparison(a: readonly (number | null)[], b: readonly (number | null)[], level = 0.95): PairStats {
  checkLevel(level);
  if (a.length !== b.length) throw new RangeError(`pairedComparison: length mismatch ${a.length} vs ${b.length}`);
  const xa: number[] = [];
  const xb: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    const bi = b[i];
    if (!isNum(ai) || !isNum(bi)) continue;
    xa.push(ai);
    xb.push(bi);
    d.push(bi - ai);
  }
  const n = d.length;
  const mean_a = mean(xa);
  const mean_b = mean(xb);
  const diff = mean(d);
  const base = { n_a: n, n_b: n, mean_a, mean_b, diff };
  if (n < 2 || diff === null || mean_a === null || mean_b === null) {
    return { ...base, ...noInference, sd_diff: null, variance_reduction: null, effect_size: null };
  }
  const varD = variance(d, diff);
  const varA = variance(xa, mean_a);
  const varB = variance(xb, mean_b);
  const varAB = varA + varB;
  const sd_diff = Math.sqrt(varD);
  return {
    ...base,
    ...tInference(diff, sd_diff / Math.sqrt(n), n - 1, level),
    sd_diff,
    variance_reduction: varAB === 0 ? null : 1 - varD / varAB,
    effect_size: effectSize(diff, varA, varB),
  };
}

/** Welch t-test of mean(b) - mean(a) with Welch–Satterthwaite degrees of freedom. */
export function unpairedComparison(a: readonly (number | null)[], b: readonly (number | null)[], level = 0.95): PairStats {
  checkLevel(level);
  const xa = a.filter(isNum);
  const xb = b.filter(isNum);
  const mean_a = mean(xa);
  const mean_b = mean(xb);
  const diff = mean_a === null || mean_b === null ? null : mean_b - mean_a;
  const base = { n_a: xa.length, n_b: xb.length, mean_a, mean_b, diff, sd_diff: null, variance_reduction: null };
  if (xa.length < 2 || xb.length < 2 || diff === null || mean_a === null || mean_b === null) {
    return { ...base, ...noInference, effect_size: null };
  }
  const varA = variance(xa, mean_a);
  const varB = variance(xb, mean_b);
  const va = varA / xa.length;
  const vb = varB / xb.length;
  const se2 = va + vb;
  // Welch–Satterthwaite df = se2^2 / (va^2/(n_a-1) + vb^2/(n_b-1)), written in shares of se2 so
  // that tiny or huge variances don't under/overflow.
  const wa = va / se2;
  const wb = vb / se2;
  const df = se2 === 0 ? 1 : 1 / ((wa * wa) / (xa.length - 1) + (wb * wb) / (xb.length - 1));
  return { ...base, ...tInference(diff, Math.sqrt(se2), df, level), effect_size: effectSize(diff, varA, varB) };
}

/**
 * Holm step-down adjustment. null / NaN entries are ignored (m counts the rest) and
 * returned as null; results keep input order, are >= the raw p, monotone in it and capped at 1.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const idx: number[] = [];
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i];
    if (p === null || Number.isNaN(p)) continue;
    if (p < 0 || p > 1) throw new RangeError(`holmAdjust: p-value must be in [0, 1], got ${p} at ${i}`);
    idx.push(i);
  }
  idx.sort((i, j) => pValues[i]! - pValues[j]! || i - j);
  const out: (number | null)[] = pValues.map(() => null);
  const m = idx.length;
  let running = 0;
  for (let k = 0; k < m; k++) {
    running = Math.min(1, Math.max(running, (m - k) * pValues[idx[k]!]!));
    out[idx[k]!] = running;
  }
  return out;
}
