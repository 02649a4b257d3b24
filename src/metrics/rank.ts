// Fractional ("average") ranking, shared by AUC and Spearman. Pure; no dependency on src/sim.

/**
 * Average ranks with ties (fractional ranking, the "1 2.5 2.5 4" convention).
 *
 * Values are ranked ascending, 1-based: the smallest value gets rank 1. A group of k tied
 * values occupying positions p+1..p+k of the sorted order all receive the mean rank
 * p + (k+1)/2, so the ranks always sum to n(n+1)/2 and are integers or half-integers
 * (exact in binary floating point for any realistic n).
 *
 * Ties are exact equality (`===` semantics, so -0 ties with 0); ±Infinity are ordinary values.
 * Throws RangeError on NaN, which has no place in an order. Empty input gives an empty array.
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(x[i]!)) throw new RangeError(`averageRanks: NaN at ${i}`);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const xa = x[a]!;
    const xb = x[b]!;
    return xa < xb ? -1 : xa > xb ? 1 : a - b;
  });
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && x[order[end]!]! === x[order[start]!]!) end++;
    // positions start..end-1 (0-based) hold ranks start+1..end; their mean is (start+1+end)/2
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}
