import type { Stream } from "./stream.js";

/**
 * Walker's alias table, built with Vose's O(n) algorithm ("A linear algorithm for
 * generating random numbers with a given distribution", IEEE TSE 17(9), 1991).
 * Construction is a fixed function of the weights: indices enter the work stacks in
 * index order and are popped LIFO, with no sorting, so the same weights always give
 * the same table and hence the same samples for the same stream.
 */
export class AliasTable {
  /** Number of outcomes; `sample` returns an index in [0, size). */
  readonly size: number;
  /** Probability of keeping column i rather than taking alias[i]. */
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  /** Build from non-negative finite weights with a positive finite sum (they need not be normalized). */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (!(n >= 1 && n <= 0x7fffffff)) throw new Error(`AliasTable: need between 1 and 2^31-1 weights, got ${n}`);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || w === Infinity) throw new Error(`AliasTable: weight[${i}] must be finite and >= 0, got ${w}`);
      sum += w;
    }
    if (!(sum > 0) || sum === Infinity) throw new Error(`AliasTable: weights must have a positive finite sum, got ${sum}`);

    // prob first holds the scaled weights n*w/sum (mean 1), then is finalized in place.
    const prob = new Float64Array(n);
    const alias = new Int32Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      prob[i] = (weights[i]! / sum) * n;
      alias[i] = i;
      if (prob[i]! < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]!;
      const l = large[--nl]!;
      alias[s] = l;
      // (p_l + p_s) - 1 rather than p_l - (1 - p_s): Vose's order, which loses less precision.
      prob[l] = prob[l]! + prob[s]! - 1;
      if (prob[l]! < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    // What remains has scaled weight 1 up to rounding; such columns never use their alias.
    while (nl > 0) prob[large[--nl]!] = 1;
    while (ns > 0) prob[small[--ns]!] = 1;
    this.size = n;
    this.prob = prob;
    this.alias = alias;
  }

  /** Draw an index with probability proportional to its weight: O(1), one uniform per draw. */
  sample(stream: Stream): number {
    // One 53-bit uniform picks the column (integer part) and decides keep-vs-alias
    // (fractional part, still >= 53 - log2(size) bits).
    const x = stream.uniform() * this.size;
    let i = Math.floor(x);
    if (i >= this.size) i = this.size - 1; // unreachable in exact arithmetic; guards rounding
    return x - i < this.prob[i]! ? i : this.alias[i]!;
  }
}
