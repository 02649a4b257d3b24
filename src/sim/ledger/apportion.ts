// Exact apportionment of an integer amount by weights (largest remainder,
// Hamilton's method). Ties in the remainder go to the lower index, so the
// result is a pure function of (total, weights) and nothing is created or lost.

function checkInputs(total: number, weights: ArrayLike<number>): number {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`apportion: total must be a non-negative safe integer, got ${total}`);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`apportion: weight ${i} must be finite and >= 0, got ${w}`);
    sum += w;
  }
  if (total > 0 && !(sum > 0)) throw new RangeError("apportion: weights sum to 0, cannot split a positive total");
  return sum;
}

/**
 * Splits integer totals by weights into `out`, reusing its scratch buffers so
 * repeated splits of the same width allocate nothing.
 */
export class Apportioner {
  private frac = new Float64Array(0);
  private order = new Int32Array(0);
  private scratch = new Float64Array(0);

  /** Write into `out[0..weights.length)` non-negative integers summing exactly to `total`. */
  split(total: number, weights: ArrayLike<number>, out: Float64Array): void {
    const n = weights.length;
    if (out.length < n) throw new RangeError(`apportion: output has ${out.length} slots for ${n} weights`);
    const sum = checkInputs(total, weights);
    if (total === 0) {
      out.fill(0, 0, n);
      return;
    }
    if (this.frac.length < n) {
      this.frac = new Float64Array(n);
      this.order = new Int32Array(n);
    }
    const frac = this.frac;
    let assigned = 0;
    // Finite weights can still overflow total x weight (1e308 credits): then each quota is taken as total x (weight / sum),
    // which is at most total. Only then: the usual formula's rounding is what every existing output was made with.
    const overflows = !Number.isFinite(total * sum);
    for (let i = 0; i < n; i++) {
      const quota = overflows ? total * (weights[i]! / sum) : (total * weights[i]!) / sum;
      const whole = Math.floor(quota);
      out[i] = whole;
      frac[i] = quota - whole;
      assigned += whole;
    }
    let remainder = total - assigned;
    if (remainder === 0) return;
    if (remainder > 0 && this.giveLargestFractions(remainder, weights, out, n)) return;
    // Float rounding can make the floors overshoot by a unit in rare cases; the
    // correction below takes units back from the smallest fractions, so the sum is exact either way.
    const order = this.order;
    for (let i = 0; i < n; i++) order[i] = i;
    const byFracDesc = (a: number, b: number) => frac[b]! - frac[a]! || a - b;
    const view = order.subarray(0, n);
    view.sort(byFracDesc);
    if (remainder > 0) {
      for (let k = 0; remainder > 0; k = (k + 1) % n) {
        if (weights[view[k]!]! > 0) {
          out[view[k]!]! += 1;
          remainder--;
        }
      }
    } else {
      for (let k = n - 1; remainder < 0; k = (k - 1 + n) % n) {
        if (out[view[k]!]! > 0) {
          out[view[k]!]! -= 1;
          remainder++;
        }
      }
    }
  }

  /**
   * The common case without the comparator sort (which dominated epoch
   * settlement at scale): one unit each to the `remainder` positive-weight
   * slots with the largest fractions, ties to the lower index — the same slots
   * the sorted walk picks. Returns false (nothing changed) when the walk would
   * wrap around, which the general path handles.
   */
  private giveLargestFractions(remainder: number, weights: ArrayLike<number>, out: Float64Array, n: number): boolean {
    const frac = this.frac;
    let m = 0;
    for (let i = 0; i < n; i++) if (weights[i]! > 0) m++;
    if (remainder > m) return false;
    // Fractions already non-increasing (e.g. equal weights): index order is the sorted order.
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = frac[i]! <= frac[i - 1]!;
    if (sorted) {
      for (let i = 0; remainder > 0; i++) {
        if (weights[i]! > 0) {
          out[i]! += 1;
          remainder--;
        }
      }
      return true;
    }
    // Otherwise find the threshold: the remainder-th largest fraction among positive weights
    // (a native numeric sort of a copy: no comparator calls, no allocation).
    if (this.scratch.length < n) this.scratch = new Float64Array(this.frac.length);
    m = 0;
    for (let i = 0; i < n; i++) if (weights[i]! > 0) this.scratch[m++] = frac[i]!;
    const values = this.scratch.subarray(0, m).sort();
    const threshold = values[m - remainder]!;
    let above = 0;
    for (let i = 0; i < n; i++) if (weights[i]! > 0 && frac[i]! > threshold) above++;
    let atThreshold = remainder - above;
    for (let i = 0; i < n; i++) {
      if (!(weights[i]! > 0)) continue;
      if (frac[i]! > threshold) out[i]! += 1;
      else if (frac[i] === threshold && atThreshold > 0) {
        out[i]! += 1;
        atThreshold--;
      }
    }
    return true;
  }
}

/** Convenience form of `Apportioner.split` that allocates its result. */
export function apportion(total: number, weights: ArrayLike<number>, out: Float64Array = new Float64Array(weights.length)): Float64Array {
  new Apportioner().split(total, weights, out);
  return out;
}
