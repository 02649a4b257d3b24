import * as z from "zod";
import { prob } from "../../scenario/fields.js";
import { Kind, KIND_NAMES, type EntityKind, type TrustPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

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
    // One growable table per kind, indexed by entity id; entries start at `initial`.
    const tables: Float64Array[] = KIND_NAMES.map(() => new Float64Array(0));
    const table = (kind: EntityKind, id: number): Float64Array => {
      let t = tables[kind]!;
      if (id >= t.length) {
        const grown = new Float64Array(Math.max(id + 1, t.length * 2, 16)).fill(p.initial);
        grown.set(t);
        tables[kind] = t = grown;
      }
      return t;
    };
    const update = (kind: EntityKind, id: number, x: number) => {
      const t = table(kind, id);
      t[id] = (1 - p.beta) * t[id]! + p.beta * x;
    };
    return {
      report(_validator, agent, model, correct) {
        update(Kind.agent, agent, correct ? 1 : 0);
        update(Kind.model, model, correct ? 1 : 0);
      },
      reputation: (kind, id) => table(kind, id)[id]!,
      reset(kind, id) {
        table(kind, id)[id] = p.initial;
      },
    };
  },
};
