// The invariant catalogue: every law `coordsim check` (and every run) enforces,
// by name. Ledger, causality and split laws are checked inside each run (they
// throw InvariantViolation, exit 1); the rest are checked here, around a run.
import { stringify } from "yaml";
import { metricByName, metricByTimeseriesColumn, type MetricDefinition } from "../metrics/catalogue/index.js";
import type { MetricRow } from "../metrics/collector.js";
import { canonicalJson } from "../output/manifest.js";
import type { RunResult } from "../runner/simulate.js";
import type { PolicyCatalog } from "../scenario/catalog.js";
import { loadScenarioText } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import { InvariantViolation } from "../sim/invariant.js";
import type { InvariantInfo } from "./types.js";

export { InvariantViolation };

export const INVARIANTS: readonly InvariantInfo[] = [
  { name: "ledger-conservation", description: "At every snapshot and at the end, all balances sum to exactly 0 (double entry), and money inside equals initial supply + emissions + task value paid in − costs paid out (counted independently)." },
  { name: "non-negative-balances", description: "No account inside the economy is ever negative (only the external outside and emissions accounts may be; no built-in policy documents credit)." },
  { name: "causality", description: "No event is scheduled before the current simulated time, so the clock never moves backwards." },
  { name: "fee-split-efficiency", description: "The rewards policy splits each inference fee into non-negative integer shares summing exactly to the fee (nothing minted, nothing leaked)." },
  { name: "attribution-efficiency", description: "Each model's escrowed data share is paid out to its contributors exactly: the credited shares sum to the escrow." },
  { name: "shapley-axioms", description: "Attribution policies that claim them satisfy efficiency (credits sum to the version's value v(N)) and symmetry (identical contributions get equal credit) on every version; absolute credits (shares of v(N), e.g. replication-robust) sum to at most v(N)." },
  { name: "run-completes", description: "The run finishes without an error (a policy plugin that throws or returns invalid numbers breaks it)." },
  { name: "metric-bounds", description: "Summary and time-series metrics stay exactly (no tolerance) in the ranges the metric catalogue declares (`coordsim metrics`): shares, Gini, Jain, AUC and Shapley distance in [0,1], Spearman and sybil gain in [-1,1], Theil, durations, counts and non-negative money flows >= 0, ledger imbalance 0; completed <= arrived." },
  { name: "determinism", description: "The same scenario and seed run twice give identical summary and time series." },
  { name: "scenario-round-trip", description: "Loading the scenario, writing it back as YAML and loading that gives the identical resolved scenario." },
];

export const INVARIANT_NAMES = INVARIANTS.map((i) => i.name);

/**
 * Every column with a range in the metric catalogue is held to it exactly (no
 * tolerance: the metrics are exact by construction, integer ratios or indices
 * clamped to the bounds their maths proves); a column without a catalogue entry
 * or a range is only required to be finite.
 */
function checkRow(row: MetricRow, where: string, metricOf: (column: string) => MetricDefinition | undefined): void {
  for (const [key, value] of Object.entries(row)) {
    if (value === null || value === undefined || typeof value !== "number") continue;
    if (!Number.isFinite(value)) throw new InvariantViolation("metric-bounds", `${where} ${key} is ${value}`);
    const range = metricOf(key)?.range;
    if (range !== undefined && !(value >= range[0] && value <= range[1])) {
      throw new InvariantViolation("metric-bounds", `${where} ${key} = ${value}, outside [${range[0]}, ${range[1]}]`);
    }
  }
}

/** metric-bounds over the summary and every time-series row. */
export function checkMetricBounds(result: Pick<RunResult, "summary" | "timeseries">): void {
  const s = result.summary;
  checkRow(s, "summary", metricByName);
  const n = (k: string) => (typeof s[k] === "number" ? s[k] : 0);
  if (n("tasks_completed") > n("tasks_arrived")) throw new InvariantViolation("metric-bounds", `summary tasks_completed ${n("tasks_completed")} > tasks_arrived ${n("tasks_arrived")}`);
  if (n("duplicate_executions") > n("executions")) throw new InvariantViolation("metric-bounds", `summary duplicate_executions ${n("duplicate_executions")} > executions ${n("executions")}`);
  result.timeseries.forEach((row) => checkRow(row, `timeseries t_h=${String(row.t_h)}`, metricByTimeseriesColumn));
}

/** determinism: two runs' summary and time series, compared as canonical JSON. */
export function checkSameOutputs(a: Pick<RunResult, "summary" | "timeseries">, b: Pick<RunResult, "summary" | "timeseries">): void {
  const ja = canonicalJson({ summary: a.summary, timeseries: a.timeseries });
  const jb = canonicalJson({ summary: b.summary, timeseries: b.timeseries });
  if (ja === jb) return;
  const key = Object.keys(a.summary).find((k) => canonicalJson(a.summary[k]) !== canonicalJson(b.summary[k]));
  throw new InvariantViolation("determinism", key !== undefined ? `the same seed gave summary ${key} = ${String(a.summary[key])}, then ${String(b.summary[key])}` : "the same seed gave different time series");
}

/** The resolved scenario as scenario YAML, loadable again from the same file path (plugin paths stay relative to it). */
export function serializeScenario(scenario: Scenario): string {
  const policies = Object.fromEntries(Object.entries(scenario.policies).map(([family, p]) => [family, { use: p.use, params: p.params }]));
  return stringify({ ...scenario, policies });
}

/** scenario-round-trip: load → serialize → load is the identity. */
export function checkRoundTrip(scenario: Scenario, file: string, catalog: PolicyCatalog): void {
  const text = serializeScenario(scenario);
  let again: Scenario;
  try {
    again = loadScenarioText(text, file, { catalog });
  } catch (error) {
    throw new InvariantViolation("scenario-round-trip", `the serialized scenario does not load: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (canonicalJson(again) !== canonicalJson(scenario)) throw new InvariantViolation("scenario-round-trip", "the serialized scenario loads as a different scenario");
}
