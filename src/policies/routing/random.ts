import * as z from "zod";
import type { RoutingPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

/** Uniform routing: a baseline that ignores trust and load. */
export const randomRouting: PolicyDefinition<RoutingPolicy, Record<string, never>> = {
  name: "random",
  description: "Send each inference call to a model of the task's domain chosen uniformly at random.",
  schema: z.object({}).strict(),
  create(_params, ctx) {
    const rng = ctx.stream("pick");
    return { chooseModel: (_agent, domain, models) => models.candidate(domain, rng.int(models.candidateCount(domain))) };
  },
};
