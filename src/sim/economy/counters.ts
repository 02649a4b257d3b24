// Cumulative economy counters in one Float64Array: handlers bump them in O(1),
// the metrics collector reads them at snapshots. Index order is the column order.

export const COUNTER_NAMES = [
  "tasks_arrived",
  "tasks_completed",
  "tasks_expired",
  "executions",
  "duplicate_executions",
  "late_executions",
  "wasted_compute_micro",
  "latency_sum_h",
  "task_value_paid_micro",
  "inference_calls",
  "fees_paid_micro",
  "queue_wait_sum_h",
  "scans",
  "idle_scans",
  "agents_broke",
  "adversarial_model_calls",
  "verifications",
  "rejected_results",
  "wrong_results_paid",
  "adversarial_results_paid",
  "whitewashes",
  "contributions",
  "contributions_accepted",
  "duplicate_uploads",
  "rejected_uploads",
  "contribution_cost_micro",
  "providers_broke",
  "retrains",
  "data_rewards_micro",
  "validator_rewards_micro",
  "emitted_micro",
  "slashed_micro",
  "behavior_switches",
  "slashes",
  "honest_slashes",
  "whitewash_successes",
  // Emission shared by the trust policy (Yuma): paid to models and validators, and its honest and cabal parts.
  "emission_incentive_micro",
  "emission_dividends_micro",
  "honest_emission_micro",
  "cabal_emission_micro",
  "emission_epochs",
  "emission_guarantee_epochs",
  // Data staking and review (docs/openledger-staking.md): one block, appended, so other additions merge beside it.
  "data_stake_locked_micro",
  "data_stake_returned_micro",
  "data_stake_slashed_micro",
  "data_slashes",
  "data_reviews",
  "review_cost_micro",
  "penalty_cut_micro",
  "adversarial_uploads_staked",
  "adversarial_uploads_slashed",
  "honest_uploads_reviewed",
  "honest_uploads_slashed",
  "catch_time_sum_h",
  // Claim spreading by the coordination policy (rumor, docs/coordination.md): one block, appended.
  "claims_spread",
  "claim_residue_sum",
  "claim_messages",
  "unheard_claim_starts",
  // Attribution with absolute credits (docs/attribution.md): escrow withheld to the treasury.
  "attribution_withheld_micro",
  // EigenTrust's threat models (docs/eigentrust.md): outputs models served, and the wrong ones from adversarial models.
  "model_outputs",
  "adversarial_wrong_outputs",
  // Metrics that mean what they say (issue 19): task value paid for wrong results, calls that left the queue
  // for a server, and the units accepted contributions cover, with those already covered when accepted.
  "value_paid_wrong_micro",
  "service_starts",
  "units_accepted",
  "units_already_covered",
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];

/** Counter index by name, e.g. `C.tasks_arrived`. */
export const C = Object.fromEntries(COUNTER_NAMES.map((n, i) => [n, i])) as { readonly [K in CounterName]: number };

export function createCounters(): Float64Array {
  return new Float64Array(COUNTER_NAMES.length);
}

/** The counters by name (for metric definitions). */
export function counterValues(counters: Float64Array): Record<CounterName, number> {
  const named = {} as Record<CounterName, number>;
  COUNTER_NAMES.forEach((name, i) => (named[name] = counters[i]!));
  return named;
}
