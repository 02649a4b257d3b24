// Which numeric fields `coordsim check` varies, and how: the scenario's
// `check.perturb` ranges, or defaults that keep every case small and fast.
import type { Scenario } from "../scenario/schema.js";
import { isCountMix } from "../sim/economy/behaviors.js";

/** One varied field: integers in [min, max], or `steps + 1` evenly spaced numbers. */
export interface PerturbAxis {
  path: string;
  min: number;
  max: number;
  integer: boolean;
}

/** Default longest simulated time of a case, hours. */
export const DEFAULT_CHECK_HOURS = 240;
export const DEFAULT_CHECK_RUNS = 20;
/** Non-integer axes take values min + (max − min)·k/STEPS: readable overrides that shrink toward min. */
export const STEPS = 1000;

function intAxis(path: string, min: number, max: number): PerturbAxis[] {
  return max >= min ? [{ path, min, max, integer: true }] : [];
}

/** A population whose size the scenario pins: its mix gives exact counts (or, for validators, one stake per validator). */
function countPinned(s: Scenario, population: "providers" | "models" | "agents" | "validators"): boolean {
  return isCountMix(s[population].mix) || (population === "validators" && s.validators.stakes?.explicit !== undefined);
}

/** Default axes: entity counts (except counts the scenario pins) and task rate, capped so a case runs in milliseconds. */
export function defaultAxes(s: Scenario): PerturbAxis[] {
  const axes: PerturbAxis[] = [];
  const counted = (population: "providers" | "models" | "agents" | "validators", min: number, cap: number) => {
    if (!countPinned(s, population)) axes.push(...intAxis(`${population}.count`, min, Math.max(min, Math.min(s[population].count, cap))));
  };
  if (s.providers.count > 0) counted("providers", 1, 40);
  counted("agents", 1, 40);
  if (s.validators.count > 0) counted("validators", 1, 8);
  counted("models", s.world.domains, 12);
  const rate = s.tasks.rate;
  axes.push({ path: "tasks.rate", min: Math.min(rate, 0.5), max: Math.min(rate, 10), integer: false });
  return axes.filter((a) => a.max > a.min || a.integer);
}

export function axesOf(s: Scenario): PerturbAxis[] {
  const declared = s.check?.perturb;
  if (declared === undefined) return defaultAxes(s);
  return Object.entries(declared).map(([path, [min, max]]) => ({ path, min, max, integer: Number.isInteger(min) && Number.isInteger(max) }));
}

/** The value of axis `a` for a generated integer `k` (in [min, max] for integer axes, [0, STEPS] otherwise). */
export function axisValue(a: PerturbAxis, k: number): number {
  return a.integer ? k : Number((a.min + ((a.max - a.min) * k) / STEPS).toPrecision(12));
}

/** Overrides that cap a case's simulated time (and keep `window` and `epoch` within it). */
export function durationOverrides(s: Scenario): string[] {
  const cap = Math.min(s.duration, s.check?.duration ?? DEFAULT_CHECK_HOURS);
  if (cap >= s.duration) return [];
  const out = [`duration=${cap}`];
  if (s.window > cap) out.push(`window=${cap}`);
  return out;
}
