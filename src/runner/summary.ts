import { flowMetrics } from "../metrics/economy.js";
import type { MetricRow } from "../metrics/collector.js";
import { gini, jain, theil } from "../metrics/inequality.js";
import { COUNTER_NAMES } from "../sim/economy/counters.js";
import type { Economy } from "../sim/economy/world.js";

/** summary.csv's one row: whole-run flows, final gauges, distributional metrics, integrity. */
export function finalSummary(economy: Economy, events: number, gauges: MetricRow): MetricRow {
  const cumulative: Record<string, number> = {};
  COUNTER_NAMES.forEach((name, i) => (cumulative[name] = economy.counters[i]!));
  const { agents, models } = economy;
  let agentProfit = 0;
  for (let a = 0; a < agents.count; a++) agentProfit += agents.earned[a]! - agents.spent[a]!;
  let modelProfit = 0;
  for (let m = 0; m < models.count; m++) modelProfit += models.earned[m]!;
  return {
    ...flowMetrics(cumulative),
    agents_broke: cumulative.agents_broke!,
    agent_reward_gini: gini(agents.earned),
    agent_reward_jain: jain(agents.earned),
    agent_reward_theil: theil(agents.earned),
    net_profit_micro_agent: agentProfit,
    net_profit_micro_model: modelProfit,
    ...gauges,
    events_processed: events,
  };
}
