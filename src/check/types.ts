// What `coordsim check` found, as the reporters (text, JSON, JUnit) consume it.

/** One named invariant of the catalogue (src/check/invariants.ts). */
export interface InvariantInfo {
  name: string;
  description: string;
}

/** A violated invariant, after fast-check shrank the case that broke it. */
export interface CheckFailure {
  /** Invariant name, e.g. "fee-split-efficiency". */
  invariant: string;
  /** The violation message (one or more lines). */
  message: string;
  /** Seed of the shrunk case. */
  seed: number;
  /** `--set` overrides of the shrunk case, e.g. ["agents.count=4"]. */
  overrides: string[];
  /** Path of the reproducer scenario written, if any. */
  reproducer?: string;
  /** Shrinking steps fast-check took. */
  shrinks: number;
}

/** The outcome for one scenario file. */
export interface ScenarioCheckResult {
  file: string;
  /** The scenario's `name` ("" if it could not be loaded). */
  name: string;
  /** Generated cases run (including the failing one). */
  runs: number;
  wallSeconds: number;
  /** Invariants checked for this scenario, in catalogue order. */
  invariants: string[];
  /** Set when an invariant was violated (exit 1). */
  failure?: CheckFailure;
  /** Set when the scenario itself is bad input (exit 2); nothing ran. */
  error?: string;
}

export interface CheckReport {
  /** The fast-check seed of the whole check (`--seed`). */
  seed: number;
  results: ScenarioCheckResult[];
}
