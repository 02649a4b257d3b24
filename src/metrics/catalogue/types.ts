// The shape of one metric catalogue entry: one output column, with its unit,
// kind, range and definition, and how it is read from a run.
import type { CounterValues, MetricValue } from "../collector.js";
import type { Economy } from "../../sim/economy/world.js";
import type { DetectionTracker } from "../observers/detection.js";

/**
 * - `flow`: counted over an interval: a timeseries row holds the window's, the summary the whole run's;
 * - `cumulative`: counted from the start of the run, in every row;
 * - `gauge`: the state at the row's time (the summary: at the end of the run).
 */
export type MetricKind = "flow" | "cumulative" | "gauge";

/** The run files a metric is a column of. */
export type MetricTable = "summary" | "timeseries";

/** What a metric's `read` is given. */
export interface MetricInputs {
  /** Counter values of the row: the window's deltas (timeseries) or the whole run's (summary). */
  readonly counts: CounterValues;
  /** Counter values since the start of the run. */
  readonly cumulative: CounterValues;
  readonly economy: Economy;
  /** Simulated hours at the row: the window's end (timeseries) or the end of the run (summary). */
  readonly time: number;
  /** Events processed (summary only; NaN in timeseries rows). */
  readonly events: number;
  /** Detection times of adversaries (summary only). */
  readonly detection: DetectionTracker | undefined;
  /** Compute `make` once per row and share it between metrics (e.g. all reputation figures). */
  memo<T>(key: string, make: () => T): T;
}

export interface MetricDefinition {
  /** Column name: snake_case with the unit as suffix where it has one (`_micro`, `_h`). */
  readonly name: string;
  /** micro (micro-units of money), h (simulated hours), count, share (a fraction: in [0, 1], or [-1, 1] for a difference of shares such as sybil_gain), index, correlation, ratio, label. */
  readonly unit: string;
  readonly kind: MetricKind;
  /** [min, max] every defined value lies in; `coordsim check` enforces it (metric-bounds). Absent: unbounded. */
  readonly range?: readonly [number, number];
  readonly tables: readonly MetricTable[];
  /** What the number means, in one or two sentences (the data dictionary). */
  readonly definition: string;
  /** Position in `coordsim compare`'s default metrics (1 = first); absent: not compared by default. */
  readonly compare?: number;
  /** Timeseries only: the column this one follows there (its summary position is its catalogue position). */
  readonly timeseriesAfter?: string;
  /**
   * Absent: a column of every run. Present: a column only of runs whose scenario
   * configures the feature it measures (e.g. `datanets.staking`), so adding a
   * feature's metrics leaves every other scenario's files byte-identical.
   */
  readonly present?: (economy: Economy) => boolean;
  /** The value, or null where it is undefined (e.g. a share of nothing). */
  read(x: MetricInputs): MetricValue;
}
