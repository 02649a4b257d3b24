// Gains of adversarial strategies (copy_gain, sybil_gain), in forms that stay
// finite and comparable across runs: a difference of returns on cost, and a
// difference of shares. Ratios of profits or shares (the earlier forms) explode
// as the baseline nears 0 and flip sign below it. Pure; no dependency on src/sim.

function checkFinite(name: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new RangeError(`${name}: values must be finite, got ${x[i]} at ${i}`);
  }
}

/** Σ profit / Σ cost of one group (its return on cost); null when the group is empty or spent nothing. */
export function returnOnCost(profits: ArrayLike<number>, costs: ArrayLike<number>): number | null {
  if (profits.length !== costs.length) throw new RangeError(`returnOnCost: ${profits.length} profits but ${costs.length} costs`);
  checkFinite("returnOnCost", profits);
  checkFinite("returnOnCost", costs);
  let profit = 0;
  let cost = 0;
  for (let i = 0; i < profits.length; i++) {
    profit += profits[i]!;
    cost += costs[i]!;
  }
  return cost > 0 ? profit / cost : null;
}

/**
 * `copy_gain` = return on cost of duplicators − return on cost of honest providers,
 * each Σ profit / Σ cost over the group (profit = reward − cost, in micro-units).
 * 0: copying pays as well per unit spent as producing; 0.5: each unit a duplicator
 * spends returns half a unit more than an honest provider's. Finite whenever both
 * groups spent something (null otherwise), and it does not explode when honest
 * profit nears 0, as the ratio of mean profits did.
 */
export function copyGain(duplicators: { profits: ArrayLike<number>; costs: ArrayLike<number> }, honest: { profits: ArrayLike<number>; costs: ArrayLike<number> }): number | null {
  const copying = returnOnCost(duplicators.profits, duplicators.costs);
  const producing = returnOnCost(honest.profits, honest.costs);
  return copying === null || producing === null ? null : copying - producing;
}

/**
 * `sybil_gain` = a sybil cluster's credit share − its share with each upload merged back
 * into one contribution, both in [0, 1]: the share points splitting identities gained,
 * in [−1, 1] (0 = splitting does not pay). A share difference stays comparable when the
 * merged share is tiny, where the ratio of shares ran to 80×. Throws RangeError unless
 * both shares are in [0, 1].
 */
export function sybilGain(splitShare: number, mergedShare: number): number {
  if (!(splitShare >= 0 && splitShare <= 1) || !(mergedShare >= 0 && mergedShare <= 1)) {
    throw new RangeError(`sybilGain: shares must be in [0, 1], got ${splitShare} and ${mergedShare}`);
  }
  // Both in [0, 1], so the rounded difference lies in [-1, 1] exactly.
  return splitShare - mergedShare;
}
