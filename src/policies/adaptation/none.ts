import * as z from "zod";
import type { AdaptationPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

/** Behaviours never change. */
export const noAdaptation: PolicyDefinition<AdaptationPolicy, Record<string, never>> = {
  name: "none",
  description: "Entities keep their initial behaviour.",
  schema: z.object({}).strict(),
  create() {
    return { every: Infinity, adapt() {} };
  },
};
