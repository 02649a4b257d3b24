// entities.csv: one row per entity, final state. The columns are declared once,
// each with its definition and how each kind reads it (empty where a kind has
// no such field); `coordsim metrics` prints the same table.
import { ENTITY_KINDS, type EntityKindName } from "../../sim/economy/kinds.js";
import type { Population } from "../../sim/economy/population.js";
import type { Economy } from "../../sim/economy/world.js";

/** entities.csv: one row per entity, final state. Rows are produced lazily so 10^6 entities stream to disk. */
export interface EntityTable {
  columns: readonly string[];
  count: number;
  rows(): Iterable<(string | number | null)[]>;
}

type Cell = string | number | null;
type Read = (w: Economy, i: number, pop: Population, kind: number) => Cell;

export interface EntityColumn {
  name: string;
  unit: string;
  definition: string;
  /** Every kind's reader, or one per kind that has the field. */
  read: Read | Partial<Record<EntityKindName, Read>>;
}

/** Common columns first, then kind-specific ones. */
export const ENTITY_COLUMNS: readonly EntityColumn[] = [
  { name: "id", unit: "id", definition: "Row number, unique across kinds.", read: () => null },
  { name: "kind", unit: "label", definition: "provider, model, agent or validator.", read: (_w, _i, _p, k) => ENTITY_KINDS[k]!.name },
  { name: "index", unit: "id", definition: "Index within the kind (the id policies see).", read: (_w, i) => i },
  { name: "behavior", unit: "label", definition: "Ground-truth behaviour at the end (moves under adaptation).", read: (_w, i, p, k) => ENTITY_KINDS[k]!.behaviors[p.behavior[i]!]! },
  { name: "initial_behavior", unit: "label", definition: "Ground-truth behaviour drawn at the start.", read: (_w, i, p, k) => ENTITY_KINDS[k]!.behaviors[p.initialBehavior[i]!]! },
  { name: "balance_micro", unit: "micro", definition: "Final ledger balance (stake excluded).", read: (w, i, p) => w.ledger.balance(p.account(i)) },
  { name: "reward_micro", unit: "micro", definition: "Everything the entity earned.", read: (_w, i, p) => p.reward[i]! },
  { name: "cost_micro", unit: "micro", definition: "Everything the entity spent (fees, compute, uploads, checks).", read: (_w, i, p) => p.cost[i]! },
  { name: "reputation", unit: "share", definition: "Final reputation under the trust policy, in [0, 1].", read: (w, i, _p, k) => w.policies.trust.reputation(k as 0 | 1 | 2 | 3, i) },
  { name: "contributions", unit: "count", definition: "Contributions uploaded.", read: { provider: (w, i) => w.providers.contributions[i]! } },
  { name: "contributions_accepted", unit: "count", definition: "Contributions the datanet accepted.", read: { provider: (w, i) => w.providers.accepted[i]! } },
  { name: "domain", unit: "id", definition: "A provider's specialty domain; the domain a model serves.", read: { provider: (w, i) => w.providers.domain[i]!, model: (w, i) => w.models.domain[i]! } },
  { name: "model_version", unit: "count", definition: "Versions the model was retrained to.", read: { model: (w, i) => w.models.versionNumber[i]! } },
  { name: "calls_served", unit: "count", definition: "Inference calls the model served.", read: { model: (w, i) => w.models.callsServed[i]! } },
  { name: "executions", unit: "count", definition: "Task executions by the agent.", read: { agent: (w, i) => w.agents.executions[i]! } },
  { name: "tasks_won", unit: "count", definition: "Tasks the agent was paid for (first accepted result).", read: { agent: (w, i) => w.agents.wins[i]! } },
  { name: "identities", unit: "count", definition: "Identities the agent used (1 + whitewashes).", read: { agent: (w, i) => w.agents.identities[i]! } },
  { name: "stake_micro", unit: "micro", definition: "The validator's stake left after slashing.", read: { validator: (w, i) => w.ledger.balance(w.validators.stakeAccount(i)) } },
  { name: "verifications", unit: "count", definition: "Results the validator verified.", read: { validator: (w, i) => w.validators.verifications[i]! } },
];

export function entityTable(w: Economy): EntityTable {
  const readers = ENTITY_KINDS.map((kind) => ENTITY_COLUMNS.map((c): Read | undefined => (typeof c.read === "function" ? c.read : c.read[kind.name])));
  const pops: Population[] = ENTITY_KINDS.map((kind) => w[kind.population]);
  return {
    columns: ENTITY_COLUMNS.map((c) => c.name),
    count: pops.reduce((n, p) => n + p.count, 0),
    *rows() {
      let id = 0;
      for (let k = 0; k < pops.length; k++) {
        const pop = pops[k]!;
        const read = readers[k]!;
        for (let i = 0; i < pop.count; i++) {
          const row = read.map((r) => (r === undefined ? null : r(w, i, pop, k)));
          row[0] = id++;
          yield row;
        }
      }
    },
  };
}
