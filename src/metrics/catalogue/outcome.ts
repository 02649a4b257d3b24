// Summary-only metrics: whole-run totals, distributional and counterfactual
// figures of the final state (they value the whole datanets), money, detection.
import { jain, theil } from "../inequality.js";
import { ratio } from "../ratios.js";
import { P } from "../../sim/economy/behaviors.js";
import { ENTITY_KINDS } from "../../sim/economy/kinds.js";
import type { Population } from "../../sim/economy/population.js";
import { EMISSIONS, OUTSIDE } from "../../sim/ledger/index.js";
import { fairness } from "../observers/trustFairness.js";
import { NON_NEGATIVE, UNIT_INTERVAL } from "./flows.js";
import { paidIndex, rewardGini } from "./state.js";
import type { MetricDefinition, MetricInputs, MetricKind } from "./types.js";

type Options = Partial<Pick<MetricDefinition, "range" | "compare">>;
const SUMMARY = ["summary"] as const;

function final(name: string, unit: string, kind: MetricKind, definition: string, read: MetricDefinition["read"], options: Options = {}): MetricDefinition {
  return { name, unit, kind, tables: SUMMARY, definition, read, ...options };
}

const fair = (x: MetricInputs) => x.memo("fairness", () => fairness(x.economy));
const detected = (x: MetricInputs) => x.memo("detection", () => x.detection!.summary());

function netProfit(pop: Population): number {
  let s = 0;
  for (let i = 0; i < pop.count; i++) s += pop.reward[i]! - pop.cost[i]!;
  return s;
}

const total = (name: string, definition: string) => final(name, "count", "cumulative", definition, (x) => x.cumulative[name]!, { range: NON_NEGATIVE });


/** Between the flows and the gauges in summary.csv. */
export const OUTCOME_METRICS: readonly MetricDefinition[] = [
  total("agents_broke", "Agents that could no longer afford an execution (they stop scanning)."),
  total("providers_broke", "Providers that could no longer afford an upload."),
  total("retrains", "Model versions trained."),
  final("data_utilization", "share", "gauge", "Share of contributions that earned anything.", ({ economy: w }) => {
    let earning = 0;
    for (let c = 0; c < w.contributions.count; c++) if ((w.contributionEarned[c] ?? 0) > 0) earning++;
    return ratio(earning, w.contributions.count);
  }, { range: UNIT_INTERVAL }),
  rewardGini("provider", "reputation_mean_adversarial"),
  final("provider_reward_jain", "index", "gauge", "Jain's fairness index of provider rewards: 1 = equal, 1/n = one provider earns everything; empty when no provider was paid.", (x) => paidIndex(jain, x.economy.providers.reward), { range: UNIT_INTERVAL }),
  final("provider_reward_theil", "index", "gauge", "Theil T index of provider rewards, in [0, ln n] (0 = equal); empty when no provider was paid.", (x) => paidIndex(theil, x.economy.providers.reward), { range: NON_NEGATIVE }),
  rewardGini("agent", "provider_reward_gini"),
  final("agent_reward_jain", "index", "gauge", "Jain's fairness index of agent rewards; empty when no agent was paid.", (x) => paidIndex(jain, x.economy.agents.reward), { range: UNIT_INTERVAL }),
  final("agent_reward_theil", "index", "gauge", "Theil T index of agent rewards; empty when no agent was paid.", (x) => paidIndex(theil, x.economy.agents.reward), { range: NON_NEGATIVE }),
  final("shapley_tv_distance", "share", "gauge", "Total-variation distance between providers' realised reward shares and their true coverage-Shapley shares over the final datanets: 0 = paid exactly their Shapley shares.", (x) => fair(x).shapley_tv_distance!, { range: UNIT_INTERVAL, compare: 8 }),
  final(
    "sybil_gain",
    "share",
    "gauge",
    "Share points of attribution credit a sybil cluster gains by splitting: its credit share on the final datanets minus its share when each of its uploads is merged back into one contribution (each share the domain-value-weighted mean over domains with sybil data), in [-1, 1]: 0 = splitting does not pay. A difference, not a ratio, so it stays comparable when the merged share is tiny; empty without sybil data.",
    (x) => fair(x).sybil_gain!,
    { range: [-1, 1], compare: 7 },
  ),
  final(
    "copy_gain",
    "ratio",
    "gauge",
    "Duplicators' return on cost minus honest providers' (each Σ profit / Σ cost over the group): 0 = copying pays as well per unit spent as producing, 0.5 = each unit a duplicator spends returns half a unit more. A difference of returns, not a ratio of profits, so it stays finite as honest profit nears 0; empty when either group is absent or spent nothing.",
    (x) => fair(x).copy_gain!,
    { compare: 6 },
  ),
  final("reward_effort_spearman", "correlation", "gauge", "Spearman correlation of providers' rewards with their production cost: do providers that spend more effort earn more?", (x) => fair(x).reward_effort_spearman!, { range: [-1, 1], compare: 10 }),
  ...ENTITY_KINDS.map((kind) =>
    final(`net_profit_micro_${kind.name}`, "micro", "cumulative", `Total reward minus total cost of all ${kind.name}s.`, (x) => netProfit(x.economy[kind.population]), kind.name === "provider" ? { compare: 13 } : {}),
  ),
  final(
    "adversarial_cost_micro_provider",
    "micro",
    "cumulative",
    "Total cost of the providers whose behaviour at the end of the run is not honest (duplicators, spammers, sybils): what the attacker spent on production, uploads and slashed stakes, for an attack's cap (attack.cap). With adaptation, a provider that turned adversarial counts with all its cost.",
    (x) => adversarialCost(x.economy.providers),
    { range: NON_NEGATIVE },
  ),
  final("initial_supply_micro", "micro", "gauge", "Money brought in at the start: endowments and validator stakes.", (x) => x.economy.initialSupply, { range: NON_NEGATIVE }),
  final("outside_net_micro", "micro", "cumulative", "Net money the outside world received: costs paid out minus task values paid in and the initial supply.", (x) => 0 - x.economy.ledger.balance(OUTSIDE) - x.economy.initialSupply),
];

/** After the gauges in summary.csv. */
export const CLOSING_METRICS: readonly MetricDefinition[] = [
  // 0 - x, not -x: no negative zero in outputs.
  final("emitted_total_micro", "micro", "cumulative", "Money minted over the run.", (x) => 0 - x.economy.ledger.balance(EMISSIONS), { range: NON_NEGATIVE }),
  final("events_processed", "count", "cumulative", "Simulation events processed.", (x) => x.events, { range: NON_NEGATIVE }),
  final("mean_detection_time_h", "h", "gauge", "Mean time until an adversarial agent, model or validator first had a reputation below its kind's honest median (checked at each snapshot); empty if none was detected.", (x) => detected(x).mean_detection_time_h!, { range: NON_NEGATIVE }),
  final("undetected_count", "count", "gauge", "Adversaries never detected (censored).", (x) => detected(x).undetected_count!, { range: NON_NEGATIVE }),
];

/** Σ cost of the providers that are not honest (integer micro-units, summed in id order). */
function adversarialCost(providers: Population): number {
  let total = 0;
  for (let i = 0; i < providers.count; i++) if (providers.behavior[i] !== P.honest) total += providers.cost[i]!;
  return total;
}
