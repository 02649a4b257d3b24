// Sobol' first-order and total indices from Saltelli's cross-sampling design.
//
// With two independent N x k input matrices A and B and, for each factor i, the
// matrix AB^(i) = A with column i taken from B (the sweep contract's
// AB_j^(i); SALib's `AB[:, i]`, and Saltelli et al. 2010's A_B^(i), "all columns
// from A except the i-th, which is from B"), the estimators are
//   first order, Saltelli et al. 2010 (Comput. Phys. Commun. 181, 259-270, Table 2 (b)):
//     V_i  = (1/N) sum_j f(B)_j (f(AB^(i))_j - f(A)_j)
//   total, Jansen 1999 (Comput. Phys. Commun. 117, 35-43; Saltelli et al. 2010 Table 2 (f)):
//     VT_i = (1/2N) sum_j (f(A)_j - f(AB^(i))_j)^2
// and S_i = V_i / V, ST_i = VT_i / V with V the variance (1/(2N) denominator)
// of the 2N values f(A), f(B) pooled, as SALib's sobol analyzer does. The
// contract's convention is the paper's and SALib's, so the formulas apply as
// written. f(B) is centred on the pooled mean of f(A) and f(B) first (SALib
// standardizes Y the same way): it leaves the expectation of V_i unchanged,
// since E[f(AB^(i)) - f(A)] = 0, and removes the mean's share of its variance.
import { bootstrapIntervals, type Interval } from "./bootstrap.js";

/** Model outputs on the cross-sampled design: a[j], b[j], ab[i][j] for base point j and factor i. */
export interface SobolOutputs {
  a: readonly number[];
  b: readonly number[];
  ab: readonly (readonly number[])[];
}

export interface SobolEstimates {
  /** First-order index per factor (NaN when f(A), f(B) have no variance). */
  s1: number[];
  /** Total index per factor. */
  st: number[];
}

function pooledMean(y: SobolOutputs): number {
  let sum = 0;
  for (let j = 0; j < y.a.length; j++) sum += y.a[j]! + y.b[j]!;
  return sum / (2 * y.a.length);
}

/** S1 and ST over the base points `rows` (a resample; default every base point once), centring f(B) on `centre`. */
function estimate(y: SobolOutputs, rows: ArrayLike<number>, centre: number): SobolEstimates {
  const n = rows.length;
  let mean = 0;
  for (let r = 0; r < n; r++) mean += y.a[rows[r]!]! + y.b[rows[r]!]!;
  mean /= 2 * n;
  let ss = 0;
  for (let r = 0; r < n; r++) ss += (y.a[rows[r]!]! - mean) ** 2 + (y.b[rows[r]!]! - mean) ** 2;
  const variance = ss / (2 * n);
  const s1: number[] = [];
  const st: number[] = [];
  for (const ab of y.ab) {
    let first = 0;
    let total = 0;
    for (let r = 0; r < n; r++) {
      const j = rows[r]!;
      const step = ab[j]! - y.a[j]!;
      first += (y.b[j]! - centre) * step;
      total += step * step;
    }
    s1.push(variance > 0 ? first / n / variance : NaN);
    st.push(variance > 0 ? total / (2 * n) / variance : NaN);
  }
  return { s1, st };
}

function checkShape(y: SobolOutputs): void {
  const n = y.a.length;
  if (n === 0 || y.b.length !== n || y.ab.some((col) => col.length !== n)) throw new RangeError(`sobolIndices: need N >= 1 base points with f(A), f(B) and every f(AB^(i)) of length N`);
}

/** Point estimates of S1 and ST per factor. */
export function sobolIndices(y: SobolOutputs): SobolEstimates {
  checkShape(y);
  const all = Array.from({ length: y.a.length }, (_, j) => j);
  return estimate(y, all, pooledMean(y));
}

export interface SobolIndicesWithIntervals extends SobolEstimates {
  s1Interval: Interval[];
  stInterval: Interval[];
}

/** S1 and ST with bootstrap percentile intervals, resampling the base points j (each with its A, B and AB rows). */
export function sobolIndicesWithIntervals(y: SobolOutputs, bootstrap: { resamples: number; seed: string }): SobolIndicesWithIntervals {
  const point = sobolIndices(y);
  const k = y.ab.length;
  const centre = pooledMean(y);
  const intervals = bootstrapIntervals(y.a.length, 2 * k, bootstrap, (rows) => {
    const e = estimate(y, rows, centre);
    return [...e.s1, ...e.st];
  });
  return { ...point, s1Interval: intervals.slice(0, k), stInterval: intervals.slice(k) };
}
