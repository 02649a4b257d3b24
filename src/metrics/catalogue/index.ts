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

/**
 * A metric's column name in timeseries.csv, which says how a row reads it: a flow
 * keeps its name (the row's window), a cumulative metric ends in `_cum` (since the
 * start of the run), a gauge in `_now` (the state at the row's time); `t_h` is the
 * time axis. summary.csv uses the plain names (one row: the whole run, the end).
 */
export function timeseriesColumn(m: MetricDefinition): string {
  if (m === TIME || m.kind === "flow") return m.name;
  return `${m.name}${m.kind === "cumulative" ? "_cum" : "_now"}`;
}

const BY_TIMESERIES_COLUMN = new Map(TIMESERIES_METRICS.map((m) => [timeseriesColumn(m), m]));

/** The metric behind a timeseries.csv column name (`treasury_micro_now` → treasury_micro). */
export function metricByTimeseriesColumn(column: string): MetricDefinition | undefined {
  return BY_TIMESERIES_COLUMN.get(column);
}

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
interface RunColumns {
  summary: readonly MetricDefinition[];
  timeseries: readonly MetricDefinition[];
  timeseriesNames: readonly string[];
}
const columnCache = new WeakMap<Economy, RunColumns>();
function runColumns(economy: Economy): RunColumns {
  let cached = columnCache.get(economy);
  if (cached === undefined) {
    const keep = (m: MetricDefinition) => m.present === undefined || m.present(economy);
    const timeseries = TIMESERIES_METRICS.filter(keep);
    cached = { summary: SUMMARY_METRICS.filter(keep), timeseries, timeseriesNames: timeseries.map(timeseriesColumn) };
    columnCache.set(economy, cached);
  }
  return cached;
}

export function columnsOfRun(economy: Economy, table: "summary" | "timeseries"): readonly MetricDefinition[] {
  return runColumns(economy)[table];
}

/** A run's timeseries.csv header (also written when the run has no row: it stopped before its first window). */
export function timeseriesColumnsOfRun(economy: Economy): readonly string[] {
  return runColumns(economy).timeseriesNames;
}

/** One timeseries.csv row: the window's flows, the cumulative figures and the gauges at time t, under their timeseries names. */
export function timeseriesRow(t: number, economy: Economy, window: CounterValues, cumulative: CounterValues): MetricRow {
  const x = inputs(economy, t, window, cumulative, Number.NaN, undefined);
  const { timeseries, timeseriesNames } = runColumns(economy);
  const row: MetricRow = {};
  for (let i = 0; i < timeseries.length; i++) row[timeseriesNames[i]!] = timeseries[i]!.read(x);
  return row;
}

/** summary.csv's one row: whole-run flows and totals, final gauges, distributional and counterfactual figures. */
export function summaryRow(economy: Economy, t: number, totals: CounterValues, events: number, detection: DetectionTracker): MetricRow {
  const x = inputs(economy, t, totals, totals, events, detection);
  const row: MetricRow = {};
  for (const m of columnsOfRun(economy, "summary")) row[m.name] = m.read(x);
  return row;
}

