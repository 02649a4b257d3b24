// Gain ratios for adversarial strategies (copy_gain, sybil_gain). Pure; no dependency on src/sim.

function checkFinite(name: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new RangeError(`${name}: values must be finite, got ${x[i]} at ${i}`);
  }
}

/** Arithmetic mean (1/n)Σx summed in index order; null when empty. Throws RangeError on non-finite values. */
export function mean(x: ArrayLike<number>): number | null {
  checkFinite("mean", x);
  if (x.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]!;
  return sum / x.length;
}

/**
 * mean(a) / mean(b). Returns null if either is empty or mean(b) ≤ 0: a ratio against a zero or
 * negative baseline has no meaningful "times as much" reading (and its sign would flip), so it is
 * undefined rather than ±Infinity or a misleading negative. A negative mean(a) is allowed
 * (e.g. adversaries losing money) and gives a negative ratio.
 * Throws RangeError on non-finite values.
 */
export function ratioOfMeans(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const ma = mean(a);
  const mb = mean(b);
  if (ma === null || mb === null || !(mb > 0)) return null;
  return ma / mb;
}

/**
 * `copy_gain` = mean duplicator profit ÷ mean honest provider profit (profits in micro-units,
 * any sign). > 1 means copying pays better than honest contribution. Null if either group is
 * empty or the mean honest profit is ≤ 0 (see `ratioOfMeans`).
 */
export function copyGain(duplicatorProfits: ArrayLike<number>, honestProfits: ArrayLike<number>): number | null {
  return ratioOfMeans(duplicatorProfits, honestProfits);
}

/**
 * `sybil_gain` = reward earned by a sybil cluster (summed over its identities) ÷ reward the same
 * data would earn under one identity (counterfactual on the same run). 1 = sybil-proof,
 * > 1 = splitting identities pays. Null if the single-identity reward is ≤ 0 (no baseline:
 * the gain is undefined, not infinite). Throws RangeError on non-finite input.
 */
export function sybilGain(clusterReward: number, singleIdentityReward: number): number | null {
  if (!Number.isFinite(clusterReward) || !Number.isFinite(singleIdentityReward)) {
    throw new RangeError(`sybilGain: values must be finite, got ${clusterReward} and ${singleIdentityReward}`);
  }
  if (!(singleIdentityReward > 0)) return null;
  return clusterReward / singleIdentityReward;
}
