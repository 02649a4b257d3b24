import * as z from "zod";
import { prob } from "../../scenario/fields.js";
import { Kind, type TrustPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { KindColumns } from "./kindColumns.js";
import { emaStep } from "./math/reputation.js";

const params = z
  .object({
    beta: prob().default(0.1).describe("Weight of each new report: R <- (1 - beta) R + beta x (memory about 1/beta reports)."),
    initial: prob().default(0.5).describe("Reputation of an entity with no reports (and after it re-enters)."),
  })
  .strict();

/**
 * Exponential moving average of verdicts (REFERENCE.md §4): each report moves the
 * judged agent's and model's reputation toward 1 (correct) or 0 (wrong).
 * Validators are not rated by this policy.
 */
export const emaTrust: PolicyDefinition<TrustPolicy, z.output<typeof params>> = {
  name: "ema",
  description: "Reputation of agents and models is an exponential moving average of verification verdicts.",
  schema: params,
  create(p) {
    // One growable column per kind, indexed by entity id; entries start at `initial`.
    const table = new KindColumns(p.initial);
    const update = (kind: typeof Kind.agent | typeof Kind.model, id: number, x: number) => {
      const t = table.column(kind, id);
      t[id] = emaStep(t[id]!, p.beta, x);
    };
    return {
      report(_validator, agent, model, correct) {
        update(Kind.agent, agent, correct ? 1 : 0);
        update(Kind.model, model, correct ? 1 : 0);
      },
      reputation: (kind, id) => table.get(kind, id),
      reset(kind, id) {
        table.set(kind, id, p.initial);
      },
    };
  },
};
