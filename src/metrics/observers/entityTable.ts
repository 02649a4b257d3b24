import { AGENT_BEHAVIORS, MODEL_BEHAVIORS, PROVIDER_BEHAVIORS, VALIDATOR_BEHAVIORS } from "../../sim/economy/behaviors.js";
import type { Population } from "../../sim/economy/population.js";
import { Kind, type EntityKind } from "../../sim/economy/seams.js";
import type { Economy } from "../../sim/economy/world.js";

/** entities.csv: one row per entity, final state. Rows are produced lazily so 10^6 entities stream to disk. */
export interface EntityTable {
  columns: readonly string[];
  count: number;
  rows(): Iterable<(string | number | null)[]>;
}

/** Common columns first, then kind-specific ones (empty where they don't apply). */
const COLUMNS = [
  "id",
  "kind",
  "index",
  "behavior",
  "initial_behavior",
  "balance_micro",
  "reward_micro",
  "cost_micro",
  "reputation",
  "contributions",
  "contributions_accepted",
  "domain",
  "model_version",
  "calls_served",
  "executions",
  "tasks_won",
  "identities",
  "stake_micro",
  "verifications",
] as const;

type Extra = (i: number) => (number | null)[];

export function entityTable(w: Economy): EntityTable {
  const { providers, models, agents, validators, ledger } = w;
  const none = [null, null];
  const groups: { kind: EntityKind; pop: Population; labels: readonly string[]; extra: Extra }[] = [
    { kind: Kind.provider, pop: providers, labels: PROVIDER_BEHAVIORS, extra: (i) => [providers.contributions[i]!, providers.accepted[i]!, providers.domain[i]!, null, null, ...none, null, ...none] },
    { kind: Kind.model, pop: models, labels: MODEL_BEHAVIORS, extra: (i) => [...none, models.domain[i]!, models.versionNumber[i]!, models.callsServed[i]!, ...none, null, ...none] },
    { kind: Kind.agent, pop: agents, labels: AGENT_BEHAVIORS, extra: (i) => [...none, null, null, null, agents.executions[i]!, agents.wins[i]!, agents.identities[i]!, ...none] },
    { kind: Kind.validator, pop: validators, labels: VALIDATOR_BEHAVIORS, extra: (i) => [...none, null, null, null, ...none, null, ledger.balance(validators.stakeAccount(i)), validators.verifications[i]!] },
  ];
  return {
    columns: COLUMNS,
    count: providers.count + models.count + agents.count + validators.count,
    *rows() {
      let id = 0;
      for (const g of groups) {
        const kindName = ["provider", "model", "agent", "validator"][g.kind]!;
        for (let i = 0; i < g.pop.count; i++) {
          yield [
            id++,
            kindName,
            i,
            g.labels[g.pop.behavior[i]!]!,
            g.labels[g.pop.initialBehavior[i]!]!,
            ledger.balance(g.pop.account(i)),
            g.pop.reward[i]!,
            g.pop.cost[i]!,
            w.policies.trust.reputation(g.kind, i),
            ...g.extra(i),
          ];
        }
      }
    },
  };
}
