// Morris elementary-effects screening: per factor, the mean μ of its elementary
// effects (Morris 1991, Technometrics 33, 161-174), the mean μ* of their
// absolute values (Campolongo, Cariboni & Saltelli 2007, Environ. Model. Softw.
// 22, 1509-1518: μ* ranks factors without effects of opposite sign cancelling)
// and their standard deviation σ (n - 1 denominator, as Morris 1991 and SALib),
// which is large when a factor interacts or acts non-linearly.
// An elementary effect of trajectory t is (y_s - y_{s-1}) / (u_s - u_{s-1}),
// the step s that moved the factor, on the unit scale with its sign.
import { bootstrapIntervals, type Interval } from "./bootstrap.js";

export interface MorrisStats {
  mu: number;
  muStar: number;
  /** NaN with a single trajectory. */
  sigma: number;
}

/** One elementary effect: (y_after - y_before) / (u_after - u_before). */
export function elementaryEffect(yBefore: number, yAfter: number, uBefore: number, uAfter: number): number {
  return (yAfter - yBefore) / (uAfter - uBefore);
}

function statsOf(effects: readonly number[], rows: ArrayLike<number>): MorrisStats {
  const n = rows.length;
  let sum = 0;
  let sumAbs = 0;
  for (let r = 0; r < n; r++) {
    const e = effects[rows[r]!]!;
    sum += e;
    sumAbs += Math.abs(e);
  }
  const mu = sum / n;
  let ss = 0;
  for (let r = 0; r < n; r++) ss += (effects[rows[r]!]! - mu) ** 2;
  return { mu, muStar: sumAbs / n, sigma: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN };
}

/** μ, μ*, σ of each factor's effects; `effects[i][t]` is factor i's effect in trajectory t (every factor has one per trajectory). */
export function morrisStats(effects: readonly (readonly number[])[]): MorrisStats[] {
  const r = effects[0]?.length ?? 0;
  if (r === 0 || effects.some((e) => e.length !== r)) throw new RangeError("morrisStats: need r >= 1 effects for every factor");
  const all = Array.from({ length: r }, (_, t) => t);
  return effects.map((e) => statsOf(e, all));
}

export interface MorrisStatsWithIntervals extends MorrisStats {
  muInterval: Interval;
  muStarInterval: Interval;
  sigmaInterval: Interval;
}

/** morrisStats with bootstrap percentile intervals, resampling whole trajectories (each gives one effect per factor). */
export function morrisStatsWithIntervals(effects: readonly (readonly number[])[], bootstrap: { resamples: number; seed: string }): MorrisStatsWithIntervals[] {
  const point = morrisStats(effects);
  const r = effects[0]!.length;
  const intervals = bootstrapIntervals(r, 3 * effects.length, bootstrap, (rows) => effects.flatMap((e) => {
    const s = statsOf(e, rows);
    return [s.mu, s.muStar, s.sigma];
  }));
  return point.map((p, i) => ({ ...p, muInterval: intervals[3 * i]!, muStarInterval: intervals[3 * i + 1]!, sigmaInterval: intervals[3 * i + 2]! }));
}
