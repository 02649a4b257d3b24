// Gauges: the state of the economy at a row's time (the summary: at the end).
import { gini } from "../inequality.js";
import { ratio } from "../ratios.js";
import { ADAPTIVE_KINDS, RATED_KINDS } from "../../sim/economy/kinds.js";
import type { Population } from "../../sim/economy/population.js";
import { SLASHED, TREASURY } from "../../sim/ledger/index.js";
import { reputationQuality } from "../observers/trustFairness.js";
import { honestStakeShare } from "../../sim/economy/emission.js";
import { BOTH, NON_NEGATIVE, UNIT_INTERVAL, withEmissionSharing, withStaking } from "./flows.js";
import type { MetricDefinition, MetricInputs } from "./types.js";

type Options = Partial<Pick<MetricDefinition, "range" | "compare" | "timeseriesAfter">>;

function gauge(name: string, unit: string, definition: string, read: MetricDefinition["read"], options: Options = {}): MetricDefinition {
  return { name, unit, kind: "gauge", tables: BOTH, definition, read, ...options };
}

const reputation = (x: MetricInputs) => x.memo("reputationQuality", () => reputationQuality(x.economy));

/**
 * An inequality index of a kind's rewards, empty when nobody was paid: with nothing
 * shared there is no inequality to measure (the pure indices return 0 or 1 there,
 * the reference convention for an all-zero vector).
 */
export function paidIndex(index: (x: ArrayLike<number>) => number | null, rewards: ArrayLike<number>): number | null {
  for (let i = 0; i < rewards.length; i++) if (rewards[i]! > 0) return index(rewards);
  return null;
}

/** Gini of the rewards a kind's members have earned so far (also a summary fairness figure). */
export const rewardGini = (kind: "provider" | "agent", after: string): MetricDefinition =>
  gauge(`${kind}_reward_gini`, "index", `Gini coefficient (population form) of the rewards ${kind}s have earned so far: 0 = equal pay; at most (n-1)/n; empty while no ${kind} has been paid.`, (x) => paidIndex(gini, x.economy[`${kind}s`].reward), {
    range: UNIT_INTERVAL,
    timeseriesAfter: after,
    ...(kind === "provider" ? { compare: 9 } : {}),
  });

export const STATE_METRICS: readonly MetricDefinition[] = [
  gauge("open_tasks", "count", "Tasks arrived and neither completed nor expired.", (x) => x.economy.tasks.openCount, { range: NON_NEGATIVE }),
  gauge("treasury_micro", "micro", "Treasury balance.", (x) => x.economy.ledger.balance(TREASURY), { range: NON_NEGATIVE, compare: 14 }),
  gauge("slashed_funds_micro", "micro", "Balance of the slashed-stake account.", (x) => x.economy.ledger.balance(SLASHED), { range: NON_NEGATIVE }),
  withEmissionSharing(gauge("honest_stake_share", "share", "S_H: honest validators' share of all validators' stake; empty without stake.", (x) => honestStakeShare(x.economy), { range: UNIT_INTERVAL })),
  // Data staking: one entry, present only in runs whose scenario has datanets.staking.
  withStaking(
    gauge("data_stake_held_micro", "micro", "Data stake locked in providers' data-stake accounts (contributions still in their lock period).", ({ economy: w }) => {
      let held = 0;
      for (let p = 0; p < w.providers.count; p++) held += w.ledger.balance(w.providers.stakeAccount(p));
      return held;
    }, { range: NON_NEGATIVE }),
  ),
  gauge("money_supply_micro", "micro", "Money inside the economy: every balance but the outside world's and the mint's.", (x) => x.economy.ledger.insideSupply(), { range: NON_NEGATIVE }),
  gauge("ledger_imbalance_micro", "micro", "Sum of all ledger balances; 0 unless money was created or destroyed.", (x) => x.economy.ledger.imbalance(), { range: [0, 0] }),
  gauge("reputation_auc", "index", "Probability that a random honest agent, model or validator has a higher reputation than a random adversarial one (ties 1/2): 0.5 tells nothing, 1 separates perfectly; empty when a class is missing.", (x) => reputation(x).reputation_auc!, { range: UNIT_INTERVAL, compare: 11 }),
  ...RATED_KINDS.map(({ spec }) =>
    gauge(`reputation_auc_${spec.name}`, "index", `reputation_auc among ${spec.name}s only.`, (x) => reputation(x)[`reputation_auc_${spec.name}`]!, { range: UNIT_INTERVAL }),
  ),
  gauge("reputation_spearman", "correlation", "Spearman correlation of reputation with honesty (honest = 1, adversarial = 0) over agents, models and validators.", (x) => reputation(x).reputation_spearman!, { range: [-1, 1] }),
  gauge("reputation_mean_honest", "share", "Mean reputation of honest agents, models and validators; empty when there are none.", (x) => reputation(x).reputation_mean_honest!, { range: UNIT_INTERVAL }),
  gauge("reputation_mean_adversarial", "share", "Mean reputation of adversarial agents, models and validators; empty when there are none.", (x) => reputation(x).reputation_mean_adversarial!, { range: UNIT_INTERVAL }),
  // Current behaviour mix of the strategic populations (moves under adaptation).
  ...ADAPTIVE_KINDS.flatMap((kind) =>
    kind.behaviors.map((label, b) =>
      gauge(`${kind.name}_share_${label.replace("-", "_")}`, "share", `Share of ${kind.name}s currently behaving as ${label}.`, (x) => {
        const pop: Population = x.economy[kind.population];
        return ratio(pop.countBehavior(b), pop.count);
      }, { range: UNIT_INTERVAL }),
    ),
  ),
];
