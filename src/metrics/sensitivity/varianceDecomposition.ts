// How much of a metric's run-to-run variance is seed noise and how much comes
// from the design's points (the factors): a one-way random-effects analysis of
// variance with the points as groups and their replicates (seeds) within
// (Searle, Casella & McCulloch 1992, Variance Components, ch. 3, the ANOVA
// estimators):
//   noise variance  σ²_w = MS_within = Σ_p Σ_r (y_pr - ȳ_p)² / (n - P)
//   factor variance σ²_b = max(0, (MS_between - MS_within) / n0),
//     MS_between = Σ_p n_p (ȳ_p - ȳ)² / (P - 1), n0 = (n - Σ n_p² / n) / (P - 1)
// (n0 is the replicate count when every point has the same number). The shares
// are σ²_w / (σ²_w + σ²_b) and σ²_b / (σ²_w + σ²_b): they add up to 1, and they
// estimate how one run's variance splits, not the split of sums of squares
// (which counts the noise in each point's mean as factor variance).

export interface VarianceShares {
  noiseShare: number;
  factorShare: number;
}

/**
 * The two shares from each point's replicate values (a point with none is
 * skipped). null when they are not estimable: fewer than 2 points, no point
 * with 2 or more replicates, or no variance at all.
 */
export function varianceDecomposition(points: readonly (readonly number[])[]): VarianceShares | null {
  const groups = points.filter((g) => g.length > 0);
  const p = groups.length;
  const n = groups.reduce((s, g) => s + g.length, 0);
  if (p < 2 || n - p < 1) return null;
  let grand = 0;
  for (const g of groups) for (const y of g) grand += y;
  grand /= n;
  let within = 0;
  let between = 0;
  let sumSquaredSizes = 0;
  for (const g of groups) {
    let m = 0;
    for (const y of g) m += y;
    m /= g.length;
    for (const y of g) within += (y - m) ** 2;
    between += g.length * (m - grand) ** 2;
    sumSquaredSizes += g.length * g.length;
  }
  const msWithin = within / (n - p);
  const msBetween = between / (p - 1);
  const n0 = (n - sumSquaredSizes / n) / (p - 1);
  const noise = msWithin;
  const factor = Math.max(0, (msBetween - msWithin) / n0);
  const total = noise + factor;
  if (!(total > 0)) return null;
  return { noiseShare: noise / total, factorShare: factor / total };
}
