// Metric definitions for the economy's counters (names as in issue #5 where they
// exist there). Pure functions over numbers: the same definition serves a
// window (timeseries.csv) and the whole run (summary.csv).
import type { CounterValues, MetricRow } from "./collector.js";
import { ratio } from "./ratios.js";

/** Flow metrics of a window or of the whole run. */
export function flowMetrics(c: CounterValues): MetricRow {
  return {
    tasks_arrived: c.tasks_arrived!,
    tasks_completed: c.tasks_completed!,
    tasks_expired: c.tasks_expired!,
    executions: c.executions!,
    duplicate_executions: c.duplicate_executions!,
    // Executions that delivered a result for an already-completed task, over all executions.
    duplicate_execution_share: ratio(c.duplicate_executions!, c.executions!),
    late_executions: c.late_executions!,
    wasted_compute_micro: c.wasted_compute_micro!,
    mean_latency_h: ratio(c.latency_sum_h!, c.tasks_completed!),
    value_created_micro: c.value_created_micro!,
    inference_calls: c.inference_calls!,
    fees_paid_micro: c.fees_paid_micro!,
    mean_queue_wait_h: ratio(c.queue_wait_sum_h!, c.inference_calls!),
    idle_scan_share: ratio(c.idle_scans!, c.scans!),
  };
}
