// Flow metrics: counted over an interval, so a timeseries row holds its
// window's and the summary the whole run's. Each reads the economy's counters.
import type { CounterValues } from "../collector.js";
import { ratio } from "../ratios.js";
import { withholdsAttribution } from "../../sim/economy/seams.js";
import type { MetricDefinition, MetricInputs } from "./types.js";

export const BOTH = ["summary", "timeseries"] as const;
export const NON_NEGATIVE = [0, Infinity] as const;
export const UNIT_INTERVAL = [0, 1] as const;

type Options = Partial<Pick<MetricDefinition, "range" | "compare" | "kind">>;

/** A counter's value over the row's interval. */
function counted(name: string, unit: string, definition: string, options: Options = {}): MetricDefinition {
  return { name, unit, kind: "flow", range: NON_NEGATIVE, tables: BOTH, definition, read: (x) => x.counts[name]!, ...options };
}

/** numerator / denominator over the row's interval (null when the denominator is 0). */
function rate(name: string, unit: string, definition: string, of: (c: CounterValues, x: MetricInputs) => [number, number], options: Options = {}): MetricDefinition {
  return { name, unit, kind: "flow", range: unit === "share" ? UNIT_INTERVAL : NON_NEGATIVE, tables: BOTH, definition, read: (x) => ratio(...of(x.counts, x)), ...options };
}

/** Columns of runs whose scenario has a `datanets.staking` block (docs/openledger-staking.md); other runs' files are unchanged. */
export function hasDataStaking(x: { config: { datanets: { staking?: unknown } } }): boolean {
  return x.config.datanets.staking !== undefined;
}

/** A metric that is a column only in runs with a feature, its definition saying so. */
const onlyWhere =
  (present: NonNullable<MetricDefinition["present"]>, note: string) =>
  (m: MetricDefinition): MetricDefinition => ({ ...m, definition: `${m.definition} ${note}`, present });

/** A data-staking metric: a column only where the scenario has `datanets.staking`. */
export const withStaking = onlyWhere(hasDataStaking, "Only in runs with datanets.staking.");

/** Columns of runs whose trust policy shares the emission (yuma); other runs' files are unchanged. */
export function sharesEmission(economy: { policies: { trust: { emission?: unknown } } }): boolean {
  return economy.policies.trust.emission !== undefined;
}

/** An emission-sharing metric: a column only where the trust policy shares the emission. */
export const withEmissionSharing = onlyWhere(sharesEmission, "Only in runs whose trust policy shares the emission (yuma).");

/** Columns of runs whose coordination policy spreads claims between agents (rumor); other runs' files are unchanged. */
export function spreadsClaims(economy: { policies: { coordination: { attachSpread?: unknown } } }): boolean {
  return economy.policies.coordination.attachSpread !== undefined;
}

/** A claim-spreading metric: a column only where the coordination policy spreads claims. */
export const withClaimSpread = onlyWhere(spreadsClaims, "Only in runs whose coordination policy spreads claims (rumor).");

/** A metric of attribution that withholds: a column only where the attribution policy's credits are absolute shares of v(N) (replication-robust, docs/attribution.md). */
export const withWithheldAttribution = onlyWhere(
  (economy) => withholdsAttribution(economy.policies.attribution),
  "Only in runs whose attribution policy withholds (credits are absolute shares of v(N), e.g. replication-robust).",
);

/**
 * Runs set up as one of EigenTrust's threat models (docs/eigentrust.md): colluding validators
 * vouch for adversarial models, or some validators are inverters or spies; other runs' files are unchanged.
 */
export function hasThreatModel(x: { config: { validators: { colludeOnModels: boolean; mix: Partial<Record<string, number>> } } }): boolean {
  const { colludeOnModels, mix } = x.config.validators;
  return colludeOnModels || (mix["inverter"] ?? 0) > 0 || (mix["spy"] ?? 0) > 0;
}

/** A threat-model metric: a column only in runs set up as one of EigenTrust's threat models. */
export const withThreatModel = onlyWhere(hasThreatModel, "Only in runs set up as an EigenTrust threat model (validators.colludeOnModels, or inverter or spy validators).");

export const FLOW_METRICS: readonly MetricDefinition[] = [
  counted("tasks_arrived", "count", "Tasks that arrived."),
  counted("tasks_completed", "count", "Tasks paid to a first accepted result.", { compare: 3 }),
  counted("tasks_expired", "count", "Tasks that reached their deadline unfinished."),
  counted("executions", "count", "Task executions (an agent called a model, worked and submitted)."),
  counted("duplicate_executions", "count", "Executions that delivered a result for an already-completed task."),
  rate("duplicate_execution_share", "share", "Duplicate executions over all executions: the duplicated work coordination should remove.", (c) => [c.duplicate_executions!, c.executions!], { compare: 1 }),
  counted("late_executions", "count", "Executions submitted after their task expired."),
  counted("wasted_compute_micro", "micro", "Fee plus compute cost of executions that earned nothing (duplicates, late and rejected results).", { compare: 2 }),
  rate("mean_latency_h", "h", "Mean hours from a task's arrival to its first accepted result, over completed tasks.", (c) => [c.latency_sum_h!, c.tasks_completed!], { compare: 4 }),
  {
    ...counted("value_delivered_micro", "micro", "Task value paid to first accepted results that were correct (ground truth): the value the market delivered.", { compare: 5 }),
    read: (x) => x.counts.task_value_paid_micro! - x.counts.value_paid_wrong_micro!,
  },
  counted("value_paid_wrong_micro", "micro", "Task value paid to first accepted results that were wrong (the validator did not sample them, or approved them lazily or in collusion)."),
  counted("inference_calls", "count", "Inference calls agents paid for."),
  counted("fees_paid_micro", "micro", "Inference fees paid."),
  rate("mean_queue_wait_h", "h", "Mean hours an inference call waited for a free model server, over the calls that reached one (served at once: 0 h); calls still queued at the row's time are not counted.", (c) => [c.queue_wait_sum_h!, c.service_starts!]),
  rate("idle_scan_share", "share", "Market scans after which the agent stayed idle, over all scans.", (c) => [c.idle_scans!, c.scans!]),
  rate("adversarial_model_call_share", "share", "Inference calls answered by degraded or malicious models, over all calls.", (c) => [c.adversarial_model_calls!, c.inference_calls!]),
  rate(
    "malicious_served_share",
    "share",
    "Requests served by adversarial parties: calls answered by degraded or malicious models plus results paid to malicious agents or whitewashers, over all calls plus paid results.",
    (c) => [c.adversarial_model_calls! + c.adversarial_results_paid!, c.inference_calls! + c.tasks_completed!],
    { compare: 12 },
  ),
  counted("slashes", "count", "Validator slashings."),
  rate("false_slash_share", "share", "Slashings of honest validators over all slashings.", (c) => [c.honest_slashes!, c.slashes!]),
  // Cumulative even in a window: a success often lands in a later window than its whitewash, so a window's ratio could exceed 1.
  rate("whitewash_success_share", "share", "Whitewashes after which the new identity was paid at least once, over all whitewashes; counted from the start of the run in every row.", (_c, x) => [x.cumulative.whitewash_successes!, x.cumulative.whitewashes!], { kind: "cumulative" }),
  counted("verifications", "count", "Results a validator verified."),
  counted("rejected_results", "count", "Results a validator caught as wrong (not paid; the task stays open)."),
  counted("wrong_results_paid", "count", "Wrong results that were paid (not sampled, or approved by a lazy or colluding validator)."),
  counted("adversarial_results_paid", "count", "Results paid to malicious agents or whitewashers."),
  counted("whitewashes", "count", "Whitewashers that re-entered under a fresh identity."),
  counted("contributions", "count", "Contributions uploaded to datanets."),
  counted("contributions_accepted", "count", "Contributions the datanets accepted."),
  counted("duplicate_uploads", "count", "Uploads that copy an existing contribution (ground-truth provenance)."),
  rate("duplicate_upload_share", "share", "Uploads copying an existing contribution over all uploads.", (c) => [c.duplicate_uploads!, c.contributions!]),
  rate(
    "redundant_data_share",
    "share",
    "Units covered by accepted contributions that an earlier accepted contribution of the same datanet already covered, over all units covered by accepted contributions (counted with multiplicity): the share of accepted data that added no new coverage. Integer counts, so it lies in [0, 1] exactly.",
    (c) => [c.units_already_covered!, c.units_accepted!],
  ),
  counted("rejected_uploads", "count", "Uploads the datanet's dedup rejected."),
  counted("contribution_cost_micro", "micro", "Production and upload costs providers paid."),
  counted("data_rewards_micro", "micro", "Data shares paid to providers."),
  counted("validator_rewards_micro", "micro", "Validator shares paid to validators."),
  counted("emitted_micro", "micro", "Money minted by the emission schedule."),
  counted("slashed_micro", "micro", "Validator stake slashed."),
  counted("behavior_switches", "count", "Behaviour changes made by adaptation."),
  ...dataStakingFlows(),
  ...emissionSharingFlows(),
  ...claimSpreadFlows(),
  withWithheldAttribution(counted("attribution_withheld_micro", "micro", "Escrowed data fees the attribution policy left unpaid (the share v(N) − Σ credits of each settled escrow), paid to the treasury.")),
  ...threatModelFlows(),
];

// EigenTrust's threat models (docs/eigentrust.md): the paper's "fraction of inauthentic downloads".
function threatModelFlows(): MetricDefinition[] {
  return [
    counted("model_outputs", "count", "Outputs models served (inference calls answered)."),
    rate(
      "inauthentic_output_share",
      "share",
      "Outputs that were wrong and served by an adversarial (degraded or malicious) model, over all outputs models served: EigenTrust's fraction of inauthentic downloads. An honest model's wrong output does not count (the paper's good peers serve authentic files).",
      (c) => [c.adversarial_wrong_outputs!, c.model_outputs!],
    ),
  ].map(withThreatModel);
}

// Data staking and review: one block, so other additions to this list merge beside it.
// "Adversarial" uploads are copies (copyOf >= 0) and spam; free-rider and sybil uploads are not (they are original data).
function dataStakingFlows(): MetricDefinition[] {
  return [
    counted("data_reviews", "count", "Contributions a validator reviewed under data staking (each paid its review cost)."),
    counted("review_cost_micro", "micro", "Review costs validators paid (outside the economy)."),
    counted("data_slashes", "count", "Reviewed contributions judged bad (redundant, low-quality or spam) and slashed."),
    counted("data_stake_slashed_micro", "micro", "Data stake slashed from contributions judged bad, to the treasury or the reviewers: a cost in the providers' profit."),
    counted("penalty_cut_micro", "micro", "Data rewards withheld from providers whose penalty score is above the threshold, paid to the treasury."),
    rate(
      "adversarial_caught_share",
      "share",
      "Adversarial uploads (copies and spam; not free-rider or sybil uploads) that were slashed, over all adversarial uploads made under staking; counted from the start of the run in every row (a slash lands after its upload).",
      (_c, x) => [x.cumulative.adversarial_uploads_slashed!, x.cumulative.adversarial_uploads_staked!],
      { kind: "cumulative" },
    ),
    counted("honest_uploads_slashed", "count", "Uploads of honest providers that were slashed (judged redundant or low-quality by the review)."),
    rate("honest_slashed_share", "share", "Slashed uploads of honest providers over reviewed uploads of honest providers.", (c) => [c.honest_uploads_slashed!, c.honest_uploads_reviewed!]),
    rate("mean_time_to_catch_h", "h", "Mean hours from an upload to its slash, over slashed uploads.", (c) => [c.catch_time_sum_h!, c.data_slashes!]),
  ].map(withStaking);
}

// Emission shared by the trust policy (yuma, docs/yuma.md): Bittensor's honest-emission guarantee E_H >= S_H.
function emissionSharingFlows(): MetricDefinition[] {
  return [
    counted("emission_incentive_micro", "micro", "Emission paid to models (Bittensor's miners) by their incentive."),
    counted("emission_dividends_micro", "micro", "Emission paid to validators by their dividends."),
    rate(
      "honest_emission_share",
      "share",
      "E_H: emission paid to honest validators and honest models over all emission paid to models and validators (the owner's part excluded).",
      (c) => [c.honest_emission_micro!, c.emission_incentive_micro! + c.emission_dividends_micro!],
    ),
    rate(
      "cabal_emission_share",
      "share",
      "Emission paid to colluding validators and adversarial (degraded or malicious) models, the cabal, over all emission paid to models and validators.",
      (c) => [c.cabal_emission_micro!, c.emission_incentive_micro! + c.emission_dividends_micro!],
    ),
    rate(
      "emission_guarantee_share",
      "share",
      "Share of epochs with emission paid to models or validators in which E_H >= S_H held (honest emission share at least the honest validators' stake share at the epoch, to within one micro-unit of rounding).",
      (c) => [c.emission_guarantee_epochs!, c.emission_epochs!],
    ),
  ].map(withEmissionSharing);
}

// Claims spread as rumours by the coordination policy (rumor, docs/coordination.md): Demers et al.'s residue and traffic.
function claimSpreadFlows(): MetricDefinition[] {
  return [
    counted("claims_spread", "count", "Claims whose spreading ended (their last claimant submitted)."),
    {
      ...rate("claim_residue", "share", "Residue: share of agents that never heard a claim, averaged over the claims that ended.", (c) => [c.claim_residue_sum!, c.claims_spread!]),
      // Residues are float shares, each <= 1, so their sum is <= the claim count; a window's sum is a
      // difference of running float sums, which can round one last bit above it: clamped to the bound.
      read: (x: MetricInputs) => {
        const mean = ratio(x.counts.claim_residue_sum!, x.counts.claims_spread!);
        return mean === null ? null : Math.min(1, mean);
      },
    },
    rate("claim_messages_per_claim", "ratio", "Messages the spreading of a claim sent (each transmission to one partner), averaged over the claims that ended.", (c) => [c.claim_messages!, c.claims_spread!]),
    counted("unheard_claim_starts", "count", "Starts of a task by an agent that had not heard a valid claim on it: duplicated work caused by not hearing."),
    rate("unheard_start_share", "share", "Unheard claim starts over all inference calls (every start makes one): the share of work duplicated because a claim was not heard.", (c) => [c.unheard_claim_starts!, c.inference_calls!]),
  ].map(withClaimSpread);
}
