import type { RunResult } from "../runner/simulate.js";
import { formatCount } from "./progress.js";

const pct = (v: unknown) => (typeof v === "number" ? `${(v * 100).toFixed(1)}%` : "n/a");
const fixed = (v: unknown, d = 2) => (typeof v === "number" ? v.toFixed(d) : "n/a");
const units = (micro: unknown) => (typeof micro === "number" ? `${(micro / 1e6).toLocaleString("en-US", { maximumFractionDigits: 2 })} units` : "n/a");
/** A signed difference, e.g. copy gain "+0.25" (of return on cost). */
const signed = (v: unknown, d = 2) => (typeof v === "number" ? `${v > 0 ? "+" : ""}${v.toFixed(d)}` : "n/a");
/** A difference of shares in percentage points, e.g. sybil gain "+12.5 pp". */
const points = (v: unknown) => (typeof v === "number" ? `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} pp` : "n/a");
/** Gini and Jain of a kind's rewards; both empty when nobody was paid (there is no inequality to measure). */
const inequality = (gini: unknown, jain: unknown) =>
  gini === null && jain === null ? "n/a (nobody paid)" : `Gini ${fixed(gini, 3)}, Jain ${fixed(jain, 3)}`;
const int = (v: unknown) => (typeof v === "number" ? v.toLocaleString("en-US") : "n/a");

/** The short human summary printed to stderr after a run. */
export function formatRunSummary(name: string, seed: number, result: Pick<RunResult, "summary" | "events" | "simulatedHours" | "stopReason" | "truncated">, wallSeconds: number, outDir: string): string {
  const s = result.summary;
  const completedShare = typeof s.tasks_completed === "number" && typeof s.tasks_arrived === "number" && s.tasks_arrived > 0 ? s.tasks_completed / s.tasks_arrived : null;
  const lines = [
    `coordsim run ${name} (seed ${seed}): ${result.simulatedHours} h simulated, ${formatCount(result.events)} events in ${wallSeconds.toFixed(2)} s (${formatCount(result.events / Math.max(wallSeconds, 1e-9))} events/s)${result.truncated ? ` — TRUNCATED (${result.stopReason === "maxWall" ? "--max-wall" : "max events"})` : ""}`,
    `  tasks        ${int(s.tasks_arrived)} arrived, ${int(s.tasks_completed)} completed (${pct(completedShare)}), ${int(s.tasks_expired)} expired, mean latency ${fixed(s.mean_latency_h)} h`,
    `  duplication  ${pct(s.duplicate_execution_share)} of executions were duplicates; wasted compute ${units(s.wasted_compute_micro)}`,
    `  fairness     agent rewards ${inequality(s.agent_reward_gini, s.agent_reward_jain)}`,
    ...(typeof s.contributions === "number" && s.contributions > 0
      ? [
          `  data         ${int(s.contributions)} contributions (${pct(s.duplicate_upload_share)} copies, ${int(s.rejected_uploads)} rejected), redundant data ${pct(s.redundant_data_share)}, data rewards ${units(s.data_rewards_micro)}`,
          `               provider rewards ${inequality(s.provider_reward_gini, s.provider_reward_jain)}, Shapley TV distance ${fixed(s.shapley_tv_distance, 3)}, copy gain ${signed(s.copy_gain)}${typeof s.copy_gain === "number" ? " (return on cost)" : ""}, sybil gain ${points(s.sybil_gain)}`,
        ]
      : []),
    ...(typeof s.verifications === "number" && s.verifications > 0
      ? [
          `  trust        ${int(s.verifications)} verifications, ${int(s.rejected_results)} results rejected, ${int(s.wrong_results_paid)} wrong results paid (${int(s.adversarial_results_paid)} from adversarial agents)`,
          `               reputation AUC ${fixed(s.reputation_auc, 3)}, malicious served ${pct(s.malicious_served_share)}, ${int(s.undetected_count)} adversaries undetected`,
        ]
      : []),
    // Feature lines: their metrics are columns only in runs with the feature.
    ...("data_reviews" in s
      ? [
          `  staking      ${int(s.data_reviews)} reviews, ${int(s.data_slashes)} slashed (${units(s.data_stake_slashed_micro)}), adversarial uploads caught ${pct(s.adversarial_caught_share)}, honest uploads wrongly slashed ${pct(s.honest_slashed_share)}`,
        ]
      : []),
    ...("honest_emission_share" in s
      ? [
          `  emission     to models ${units(s.emission_incentive_micro)}, to validators ${units(s.emission_dividends_micro)}; honest share E_H ${pct(s.honest_emission_share)} vs honest stake S_H ${pct(s.honest_stake_share)}, E_H >= S_H in ${pct(s.emission_guarantee_share)} of epochs`,
        ]
      : []),
    `  money        value delivered ${units(s.value_delivered_micro)} (${units(s.value_paid_wrong_micro)} paid for wrong results), fees ${units(s.fees_paid_micro)}, treasury ${units(s.treasury_micro)}, ledger imbalance ${int(s.ledger_imbalance_micro)} micro`,
    `results: ${outDir}`,
    "",
  ];
  return lines.join("\n");
}
