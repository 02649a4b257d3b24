// Windowed collection (Mesa's DataCollector, in typed arrays): the world keeps
// cumulative counters; at each snapshot the collector takes the difference from
// the previous snapshot and hands both to a pure `derive` function. O(#counters)
// per snapshot, nothing per event.

export type MetricValue = number | null;
export type MetricRow = Record<string, MetricValue>;

/** Named counter values, as handed to metric definitions. */
export type CounterValues = Readonly<Record<string, number>>;

export interface WindowedCollectorOptions {
  counterNames: readonly string[];
  /** Compute the timeseries row of the window ending at `t` from its counter deltas and the cumulative values. */
  derive(t: number, window: CounterValues, cumulative: CounterValues): MetricRow;
}

export class WindowedCollector {
  readonly rows: MetricRow[] = [];
  private readonly previous: Float64Array;

  constructor(private readonly options: WindowedCollectorOptions) {
    this.previous = new Float64Array(options.counterNames.length);
  }

  /** Record the window ending at simulated time `t` (hours). */
  snapshot(t: number, counters: Float64Array): MetricRow {
    const names = this.options.counterNames;
    const window: Record<string, number> = {};
    const cumulative: Record<string, number> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      cumulative[name] = counters[i]!;
      window[name] = counters[i]! - this.previous[i]!;
      this.previous[i] = counters[i]!;
    }
    const row = this.options.derive(t, window, cumulative);
    this.rows.push(row);
    return row;
  }
}
