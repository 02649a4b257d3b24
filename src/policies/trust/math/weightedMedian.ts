// Yuma's consensus (Bittensor): the stake-weighted "median" of validators'
// weights on one subject, generalised to a quantile kappa.

/**
 * Return the largest c among x[idx[0..n)] such that the weights of the entries with
 * x ≥ c sum to at least kappa × (their total weight). Sorts idx[0..n) by x descending
 * in place (insertion sort: n is the handful of validators that judged one subject).
 * Returns 0 when n = 0.
 */
export function stakeWeightedMedian(x: Float64Array, w: Float64Array, idx: Int32Array, n: number, kappa: number): number {
  if (!(kappa >= 0 && kappa <= 1)) throw new RangeError(`stakeWeightedMedian: kappa must be in [0,1], got ${kappa}`);
  let total = 0;
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    total += w[i]!;
    let h = k;
    while (h > 0 && x[idx[h - 1]!]! < x[i]!) {
      idx[h] = idx[h - 1]!;
      h--;
    }
    idx[h] = i;
  }
  const target = kappa * total;
  let support = 0;
  for (let k = 0; k < n; k++) {
    support += w[idx[k]!]!;
    if (support >= target) return x[idx[k]!]!;
  }
  return n === 0 ? 0 : x[idx[n - 1]!]!;
}
