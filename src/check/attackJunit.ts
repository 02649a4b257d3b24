// `coordsim attack`'s CI invariant as a JUnit report (issue 21): one testcase,
// "no attack under the cap gains more than <threshold>", in the dialect of
// check's reporter (reporters.ts formatJunit, reused), failing with the
// strongest attack's parameters and gain when it gains more. Times are 0: the
// report is a pure function of the search's result, so --resume and any
// --workers give the same bytes.
import { formatJunit } from "./reporters.js";
import type { CheckReport } from "./types.js";

export interface AttackVerdictInput {
  file: string;
  name: string;
  /** The search's seed (the report's seed property). */
  searchSeed: number;
  runs: number;
  threshold: number;
  /** What the threshold bounds: the mean gain, or its upper 95% bound (mean + 1.96 SE). */
  thresholdOn: "mean" | "upper95";
  /** The cap's constraints as written. */
  cap: readonly string[];
  gainText: string;
  /** The strongest attack under the cap, or null when none was found. */
  best: { objective_mean: number; objective_se: number } | null;
  /** The attack's own `path=value` settings. */
  attack: readonly string[];
  /** Every override of the attack's runs: --set, --against, then the attack's. */
  overrides: readonly string[];
  replicateSeeds: readonly number[];
  reproducer?: string;
}

/** The normal quantile of a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/** The testcase's name: the invariant CI holds. */
export function attackInvariant(threshold: number, cap: readonly string[], thresholdOn: AttackVerdictInput["thresholdOn"] = "mean"): string {
  return `no attack under the cap${cap.length > 0 ? ` (${cap.join(", ")})` : ""} gains more than ${threshold}${thresholdOn === "upper95" ? " (upper 95% bound)" : ""}`;
}

/** The strongest attack's gain as the threshold reads it: the mean, or mean + 1.96 SE. */
export function boundedGain(best: { objective_mean: number; objective_se: number }, thresholdOn: AttackVerdictInput["thresholdOn"]): number {
  return thresholdOn === "upper95" ? best.objective_mean + Z95 * best.objective_se : best.objective_mean;
}

/** Whether the strongest attack's gain (mean, or upper 95% bound) exceeds the threshold. */
export function attackExceeds(input: Pick<AttackVerdictInput, "best" | "threshold" | "thresholdOn">): boolean {
  return input.best !== null && boundedGain(input.best, input.thresholdOn) > input.threshold;
}

export function formatAttackJunit(input: AttackVerdictInput): string {
  const invariant = attackInvariant(input.threshold, input.cap, input.thresholdOn);
  const best = input.best;
  const failure =
    best !== null && attackExceeds(input)
      ? {
          invariant,
          message: `the attack ${input.attack.join(", ")} gains ${input.gainText} = ${best.objective_mean} ± ${best.objective_se} (SE over ${input.replicateSeeds.length} replicate(s))${input.thresholdOn === "upper95" ? `, upper 95% bound ${boundedGain(best, "upper95")}` : ""} > ${input.threshold}`,
          seed: input.replicateSeeds[0] ?? 0,
          overrides: [...input.overrides],
          ...(input.reproducer !== undefined ? { reproducer: input.reproducer } : {}),
          shrinks: 0,
        }
      : undefined;
  const report: CheckReport = {
    seed: input.searchSeed,
    results: [{ file: input.file, name: input.name, runs: input.runs, wallSeconds: 0, invariants: [invariant], ...(failure !== undefined ? { failure } : {}) }],
  };
  return formatJunit(report, { name: "coordsim attack" });
}
