// Metric definitions for the economy's counters (names as in issue #5 where they
// exist there). Pure functions over numbers: the same definition serves a
// window (timeseries.csv) and the whole run (summary.csv).
import type { CounterValues, MetricRow } from "./collector.js";
import { ratio } from "./ratios.js";

/**
 * Flow metrics of a window (`c` = the window's counts, `cumulative` = the run's
 * so far) or of the whole run (both the same).
 */
export function flowMetrics(c: CounterValues, cumulative: CounterValues = c): MetricRow {
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
    adversarial_model_call_share: ratio(c.adversarial_model_calls!, c.inference_calls!),
    // Requests served by adversarial parties: calls answered by degraded/malicious models plus results paid to malicious agents or whitewashers, over all calls plus paid results.
    malicious_served_share: ratio(c.adversarial_model_calls! + c.adversarial_results_paid!, c.inference_calls! + c.tasks_completed!),
    slashes: c.slashes!,
    // Slashes that hit honest validators over all slashes.
    false_slash_share: ratio(c.honest_slashes!, c.slashes!),
    // Whitewashes after which the new identity was paid at least once. Cumulative even in a window:
    // a success often lands in a later window than its whitewash, so a window's ratio could exceed 1.
    whitewash_success_share: ratio(cumulative.whitewash_successes!, cumulative.whitewashes!),
    verifications: c.verifications!,
    rejected_results: c.rejected_results!,
    wrong_results_paid: c.wrong_results_paid!,
    adversarial_results_paid: c.adversarial_results_paid!,
    whitewashes: c.whitewashes!,
    contributions: c.contributions!,
    contributions_accepted: c.contributions_accepted!,
    duplicate_uploads: c.duplicate_uploads!,
    // Uploads that copy an existing contribution (ground truth provenance) over all uploads.
    duplicate_upload_share: ratio(c.duplicate_uploads!, c.contributions!),
    rejected_uploads: c.rejected_uploads!,
    contribution_cost_micro: c.contribution_cost_micro!,
    data_rewards_micro: c.data_rewards_micro!,
    validator_rewards_micro: c.validator_rewards_micro!,
    emitted_micro: c.emitted_micro!,
    slashed_micro: c.slashed_micro!,
    behavior_switches: c.behavior_switches!,
  };
}
