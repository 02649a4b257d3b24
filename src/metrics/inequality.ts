// Inequality of non-negative rewards (conventions: test/fixtures/REFERENCE.md §5).
// Sums run in a fixed order so results are reproducible.
// Each index is clamped to the interval its maths proves for non-negative values:
// rounding in the sums can step a last bit past a bound (Jain's (Σy)²/(nΣy²) gives
// 1.0000000000000002 for equal values), never further, and a bound is exact.

function checkNonNegative(name: string, x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name}: values must be finite and >= 0, got ${v} at ${i}`);
    sum += v;
  }
  return sum;
}

/** Gini coefficient, population form Σ(2i−n−1)x_(i) / (nΣx); 0 when all are zero; null when empty. */
export function gini(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n === 0) return null;
  const total = checkNonNegative("gini", x);
  if (total === 0) return 0;
  const sorted = Float64Array.from(x).sort();
  let acc = 0;
  for (let i = 0; i < n; i++) acc += (2 * (i + 1) - n - 1) * sorted[i]!;
  return Math.min((n - 1) / n, Math.max(0, acc / (n * total)));
}

/** Jain's fairness index (Σx)²/(nΣx²) in [1/n, 1]; 1 when all are zero; null when empty. */
export function jain(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n === 0) return null;
  const total = checkNonNegative("jain", x);
  if (total === 0) return 1;
  // Scale by the largest value first: squaring values below ~1e-154 would underflow to 0 (0/0).
  let max = 0;
  for (let i = 0; i < n; i++) if (x[i]! > max) max = x[i]!;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const y = x[i]! / max;
    sum += y;
    squares += y * y;
  }
  return Math.min(1, Math.max(1 / n, (sum * sum) / (n * squares)));
}

/** Theil T index (1/n)Σ(x/μ)ln(x/μ) in [0, ln n], with 0·ln0 = 0; 0 when all are zero; null when empty. */
export function theil(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n === 0) return null;
  const total = checkNonNegative("theil", x);
  if (total === 0) return 0;
  const mean = total / n;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const r = x[i]! / mean;
    if (r > 0) acc += r * Math.log(r);
  }
  return Math.min(Math.log(n), Math.max(0, acc / n));
}
