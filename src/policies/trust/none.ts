import * as z from "zod";
import type { TrustPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

/** No reputation system: reports are ignored and everyone sits at 0.5. */
export const noTrust: PolicyDefinition<TrustPolicy, Record<string, never>> = {
  name: "none",
  description: "Ignore verification reports; every entity's reputation stays 0.5.",
  schema: z.object({}).strict(),
  create() {
    return { report() {}, reputation: () => 0.5, reset() {} };
  },
};
