import { flowMetrics } from "../economy.js";
import type { MetricRow } from "../collector.js";
import { gini, jain, theil } from "../inequality.js";
import { ratio } from "../ratios.js";
import { AGENT_BEHAVIORS, PROVIDER_BEHAVIORS } from "../../sim/economy/behaviors.js";
import { COUNTER_NAMES } from "../../sim/economy/counters.js";
import type { Population } from "../../sim/economy/population.js";
import type { Economy } from "../../sim/economy/world.js";
import { EMISSIONS, OUTSIDE, SLASHED, TREASURY } from "../../sim/ledger/index.js";
import { fairness, reputationQuality } from "./trustFairness.js";

function netProfit(pop: Population): number {
  let s = 0;
  for (let i = 0; i < pop.count; i++) s += pop.reward[i]! - pop.cost[i]!;
  return s;
}

/** Point-in-time values appended to every timeseries row (and the summary). */
export function gauges(w: Economy): MetricRow {
  const row: MetricRow = {
    open_tasks: w.tasks.openCount,
    treasury_micro: w.ledger.balance(TREASURY),
    slashed_funds_micro: w.ledger.balance(SLASHED),
    money_supply_micro: w.ledger.insideSupply(),
    ledger_imbalance_micro: w.ledger.imbalance(),
  };
  let redundant = 0;
  let covered = 0;
  for (let d = 0; d < w.knowledge.domains; d++) {
    redundant += w.datanets.redundantWeight(d);
    covered += w.datanets.coveredWeight(d);
  }
  // Weight of units covered more than once over covered weight, across datanets.
  row.redundant_data_share = ratio(redundant, covered);
  Object.assign(row, reputationQuality(w));
  // Inequality of rewards earned so far (cumulative), so fairness can be followed over time.
  row.provider_reward_gini = gini(w.providers.reward);
  row.agent_reward_gini = gini(w.agents.reward);
  // Current behaviour mix of the strategic populations (moves under adaptation).
  PROVIDER_BEHAVIORS.forEach((label, b) => (row[`provider_share_${label.replace("-", "_")}`] = ratio(w.providers.countBehavior(b), w.providers.count)));
  AGENT_BEHAVIORS.forEach((label, b) => (row[`agent_share_${label}`] = ratio(w.agents.countBehavior(b), w.agents.count)));
  return row;
}

/** summary.csv's one row: whole-run flows, final gauges, distributional metrics, integrity. */
export function finalSummary(w: Economy, events: number): MetricRow {
  const cumulative: Record<string, number> = {};
  COUNTER_NAMES.forEach((name, i) => (cumulative[name] = w.counters[i]!));
  const { agents, providers } = w;
  let earning = 0;
  for (let c = 0; c < w.contributions.count; c++) if ((w.contributionEarned[c] ?? 0) > 0) earning++;
  return {
    ...flowMetrics(cumulative),
    agents_broke: cumulative.agents_broke!,
    providers_broke: cumulative.providers_broke!,
    retrains: cumulative.retrains!,
    data_utilization: ratio(earning, w.contributions.count),
    provider_reward_gini: gini(providers.reward),
    provider_reward_jain: jain(providers.reward),
    provider_reward_theil: theil(providers.reward),
    agent_reward_gini: gini(agents.reward),
    agent_reward_jain: jain(agents.reward),
    agent_reward_theil: theil(agents.reward),
    ...fairness(w),
    net_profit_micro_provider: netProfit(providers),
    net_profit_micro_model: netProfit(w.models),
    net_profit_micro_agent: netProfit(agents),
    net_profit_micro_validator: netProfit(w.validators),
    initial_supply_micro: w.initialSupply,
    outside_net_micro: 0 - w.ledger.balance(OUTSIDE) - w.initialSupply,
    ...gauges(w),
    emitted_total_micro: 0 - w.ledger.balance(EMISSIONS), // 0 - x, not -x: no negative zero in outputs
    events_processed: events,
  };
}
