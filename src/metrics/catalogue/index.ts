// The metric catalogue: every column of summary.csv and timeseries.csv, declared
// once with its unit, kind, range and definition, and how it is read. The run
// files, `coordsim check`'s metric bounds, compare's default metrics, the
// README's metric reference and `coordsim metrics` all derive from it. Adding a
// metric is adding one entry to one of the lists below.
import type { CounterValues, MetricRow } from "../collector.js";
import type { Economy } from "../../sim/economy/world.js";
import type { DetectionTracker } from "../observers/detection.js";
import { FLOW_METRICS, NON_NEGATIVE } from "./flows.js";
import { CLOSING_METRICS, OUTCOME_METRICS } from "./outcome.js";
import { STATE_METRICS } from "./state.js";
import type { MetricDefinition, MetricInputs } from "./types.js";

export type { MetricDefinition, MetricInputs, MetricKind, MetricTable } from "./types.js";

const TIME: MetricDefinition = { name: "t_h", unit: "h", kind: "gauge", range: NON_NEGATIVE, tables: ["timeseries"], definition: "End of the window, in simulated hours.", read: (x) => x.time };

/** Every metric, in summary.csv's column order. */
export const METRICS: readonly MetricDefinition[] = [TIME, ...FLOW_METRICS, ...OUTCOME_METRICS, ...STATE_METRICS, ...CLOSING_METRICS];

const BY_NAME = new Map(METRICS.map((m) => [m.name, m]));
if (BY_NAME.size !== METRICS.length) throw new Error("metric catalogue: duplicate metric names");

export function metricByName(name: string): MetricDefinition | undefined {
  return BY_NAME.get(name);
}

/** A table's metrics in column order: catalogue order, except where an entry names the timeseries column it follows. */
function columnsOf(table: "summary" | "timeseries"): readonly MetricDefinition[] {
  const own = METRICS.filter((m) => m.tables.includes(table));
  if (table === "summary") return own;
  const placed = own.filter((m) => m.timeseriesAfter === undefined);
  for (const m of own) {
    if (m.timeseriesAfter === undefined) continue;
    const at = placed.findIndex((p) => p.name === m.timeseriesAfter);
    if (at < 0) throw new Error(`metric catalogue: ${m.name} follows ${m.timeseriesAfter}, which timeseries.csv does not have`);
    placed.splice(at + 1, 0, m);
  }
  return placed;
}

export const SUMMARY_METRICS = columnsOf("summary");
export const TIMESERIES_METRICS = columnsOf("timeseries");

/** Metrics `coordsim compare` tests when `--metrics` is not given, in their order. */
export const DEFAULT_COMPARE_METRICS: readonly string[] = METRICS.filter((m) => m.compare !== undefined)
  .sort((a, b) => a.compare! - b.compare!)
  .map((m) => m.name);

function inputs(economy: Economy, time: number, counts: CounterValues, cumulative: CounterValues, events: number, detection: DetectionTracker | undefined): MetricInputs {
  const memo = new Map<string, unknown>();
  return {
    counts,
    cumulative,
    economy,
    time,
    events,
    detection,
    memo<T>(key: string, make: () => T): T {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as T;
    },
  };
}

/** A run's columns of `table`: the table's metrics without those whose feature the run's scenario lacks (cached per economy). */
const columnCache = new WeakMap<Economy, { summary: readonly MetricDefinition[]; timeseries: readonly MetricDefinition[] }>();
export function columnsOfRun(economy: Economy, table: "summary" | "timeseries"): readonly MetricDefinition[] {
  let cached = columnCache.get(economy);
  if (cached === undefined) {
    const keep = (m: MetricDefinition) => m.present === undefined || m.present(economy);
    cached = { summary: SUMMARY_METRICS.filter(keep), timeseries: TIMESERIES_METRICS.filter(keep) };
    columnCache.set(economy, cached);
  }
  return cached[table];
}

/** One timeseries.csv row: the window's flows and the gauges at time t. */
export function timeseriesRow(t: number, economy: Economy, window: CounterValues, cumulative: CounterValues): MetricRow {
  const x = inputs(economy, t, window, cumulative, Number.NaN, undefined);
  const row: MetricRow = {};
  for (const m of columnsOfRun(economy, "timeseries")) row[m.name] = m.read(x);
  return row;
}

/** summary.csv's one row: whole-run flows and totals, final gauges, distributional and counterfactual figures. */
export function summaryRow(economy: Economy, t: number, totals: CounterValues, events: number, detection: DetectionTracker): MetricRow {
  const x = inputs(economy, t, totals, totals, events, detection);
  const row: MetricRow = {};
  for (const m of columnsOfRun(economy, "summary")) row[m.name] = m.read(x);
  return row;
}

