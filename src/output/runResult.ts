// What one run produces, as the run folder's writers and readers see it.
import type { MetricRow } from "../metrics/collector.js";
import type { EntityTable } from "../metrics/observers/entityTable.js";

export type StopReason = "duration" | "maxEvents" | "maxWall" | "idle";

export interface RunResult {
  summary: MetricRow;
  timeseries: MetricRow[];
  /** timeseries.csv's header, written even when there is no row (a run stopped before its first window). */
  timeseriesColumns: readonly string[];
  entities: EntityTable;
  events: number;
  simulatedHours: number;
  stopReason: StopReason;
  truncated: boolean;
}
