import * as z from "zod";
import { MAX_EXACT_PLAYERS, shapleyExact } from "./exact.js";
import { ruleFromValues, type AttributionRuleDefinition } from "./rule.js";

const params = z.object({}).strict();

/**
 * The Shapley value by enumerating every coalition of the training set
 * (REFERENCE §1). Exact on any game, but O(n·2^n): a version with more than
 * MAX_EXACT_PLAYERS (20) contributions is refused with an error naming the
 * policy and n. For small worlds and for checking other rules.
 */
export const shapleyExactAttribution: AttributionRuleDefinition<z.output<typeof params>> = {
  name: "shapley-exact",
  description: `Exact Shapley value by enumerating all coalitions (refuses versions with more than ${MAX_EXACT_PLAYERS} contributions).`,
  schema: params,
  create() {
    return ruleFromValues((game) => shapleyExact(game, "shapley-exact"), ["efficiency", "symmetry"]);
  },
};
