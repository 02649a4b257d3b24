// Distance between realized reward shares and Shapley shares (REFERENCE.md §5 "Shapley
// consistency"; vectors in test/fixtures/metric_vectors_public.json). Pure; no dependency on src/sim.

export interface ShareDistances {
  /** Σ|s_i − σ_i|, in [0, 2]. */
  l1: number;
  /** Total variation ½Σ|s_i − σ_i|, in [0, 1]. */
  tv: number;
  /** max_i |s_i − σ_i|, in [0, 1]. */
  linf: number;
}

/**
 * Share distances between realized rewards r and Shapley values φ for the same n entities:
 *   s_i = r_i / Σr,   σ_i = max(φ_i, 0) / Σ_j max(φ_j, 0)   (negative Shapley values clipped to 0),
 *   l1 = Σ|s_i − σ_i|,  tv = l1 / 2,  linf = max_i |s_i − σ_i|.
 * Scale-invariant in r and in φ. Returns null if Σr = 0 or Σmax(φ,0) = 0 (including n = 0):
 * with nothing allocated (or nothing to attribute) shares are undefined.
 * Results are clamped to their ranges to absorb last-bit rounding.
 * Throws RangeError if lengths differ, any r_i is negative or non-finite, or any φ_i is non-finite.
 */
export function shapleyShareDistances(rewards: ArrayLike<number>, phi: ArrayLike<number>): ShareDistances | null {
  const n = rewards.length;
  if (phi.length !== n) throw new RangeError(`shapleyShareDistances: ${n} rewards but ${phi.length} Shapley values`);
  let sumR = 0;
  let sumP = 0;
  for (let i = 0; i < n; i++) {
    const r = rewards[i]!;
    const p = phi[i]!;
    if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`shapleyShareDistances: rewards must be finite and >= 0, got ${r} at ${i}`);
    if (!Number.isFinite(p)) throw new RangeError(`shapleyShareDistances: Shapley values must be finite, got ${p} at ${i}`);
    sumR += r;
    if (p > 0) sumP += p;
  }
  if (sumR === 0 || sumP === 0) return null;
  let l1 = 0;
  let linf = 0;
  for (let i = 0; i < n; i++) {
    const p = phi[i]!;
    const d = Math.abs(rewards[i]! / sumR - (p > 0 ? p / sumP : 0));
    l1 += d;
    if (d > linf) linf = d;
  }
  l1 = Math.min(2, l1);
  return { l1, tv: Math.min(1, l1 / 2), linf: Math.min(1, linf) };
}

/** Total-variation distance ½Σ|s_i − σ_i| in [0, 1] (`shapley_tv_distance`); null as in `shapleyShareDistances`. */
export function shapleyTvDistance(rewards: ArrayLike<number>, phi: ArrayLike<number>): number | null {
  return shapleyShareDistances(rewards, phi)?.tv ?? null;
}

/** L1 share distance Σ|s_i − σ_i| in [0, 2]; null as in `shapleyShareDistances`. */
export function shapleyL1Distance(rewards: ArrayLike<number>, phi: ArrayLike<number>): number | null {
  return shapleyShareDistances(rewards, phi)?.l1 ?? null;
}

/** L∞ share distance max_i |s_i − σ_i| in [0, 1]; null as in `shapleyShareDistances`. */
export function shapleyLinfDistance(rewards: ArrayLike<number>, phi: ArrayLike<number>): number | null {
  return shapleyShareDistances(rewards, phi)?.linf ?? null;
}
