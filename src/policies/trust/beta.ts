import * as z from "zod";
import { prob } from "../../scenario/fields.js";
import { Kind, type TrustPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { BetaTable } from "./betaTable.js";

const params = z
  .object({
    forgetting: prob()
      .default(0.99)
      .describe("Forgetting factor lambda applied to an entity's evidence at each new report about it (1 = never forget; memory about 1/(1 - lambda) reports)."),
  })
  .strict();

/**
 * Jøsang–Ismail beta reputation (REFERENCE.md §4). Each report is one unit of
 * evidence about the judged agent and the model it used: positive if the verdict
 * was "correct", negative otherwise. Per entity, r ← λr + [correct] and
 * s ← λs + [wrong]; reputation is E = (r + 1) / (r + s + 2), 1/2 with no evidence.
 * Validators and providers are not rated (they stay at 1/2).
 */
export const betaTrust: PolicyDefinition<TrustPolicy, z.output<typeof params>> = {
  name: "beta",
  description: "Jøsang–Ismail beta reputation of agents and models: E = (r+1)/(r+s+2) over verdicts, with forgetting factor lambda.",
  schema: params,
  create(p) {
    const table = new BetaTable();
    return {
      report(_validator, agent, model, correct) {
        const pos = correct ? 1 : 0;
        table.observe(Kind.agent, agent, pos, 1 - pos, p.forgetting);
        table.observe(Kind.model, model, pos, 1 - pos, p.forgetting);
      },
      reputation: (kind, id) => table.expectation(kind, id),
      reset: (kind, id) => table.reset(kind, id),
    };
  },
};
