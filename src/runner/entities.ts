import type { Economy } from "../sim/economy/world.js";

/** entities.csv: one row per entity, final state. Rows are produced lazily so 10^6 entities stream to disk. */
export interface EntityTable {
  columns: readonly string[];
  count: number;
  rows(): Iterable<(string | number | null)[]>;
}

const COLUMNS = [
  "role",
  "id",
  "behavior",
  "balance_micro",
  "earned_micro",
  "spent_micro",
  "net_profit_micro",
  "executions",
  "tasks_won",
  "calls_served",
] as const;

export function entityTable(economy: Economy): EntityTable {
  const { agents, models, ledger, agentBehaviors } = economy;
  return {
    columns: COLUMNS,
    count: agents.count + models.count,
    *rows() {
      for (let a = 0; a < agents.count; a++) {
        const earned = agents.earned[a]!;
        const spent = agents.spent[a]!;
        yield ["agent", a, agentBehaviors[agents.behavior[a]!]!, ledger.balance(agents.firstAccount + a), earned, spent, earned - spent, agents.executions[a]!, agents.wins[a]!, null];
      }
      for (let m = 0; m < models.count; m++) {
        const earned = models.earned[m]!;
        yield ["model", m, "honest", ledger.balance(models.firstAccount + m), earned, 0, earned, null, null, models.callsServed[m]!];
      }
    },
  };
}
