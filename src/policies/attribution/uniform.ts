import * as z from "zod";
import type { AttributionPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { grandValue } from "./game.js";
import type { AttributionRuleDefinition } from "./rule.js";

/**
 * Every training contribution gets the same credit, whatever it adds: the
 * baseline copying exploits. As standalone values, v(N)/n each.
 */
export const uniformRule: AttributionRuleDefinition<Record<string, never>> = {
  name: "uniform",
  description: "Credit every contribution in a model version's training set equally.",
  schema: z.object({}).strict(),
  create() {
    return {
      credit: (game, out) => out.fill(1, 0, game.players),
      values: (game) => new Float64Array(game.n).fill(game.n > 0 ? grandValue(game) / game.n : 0),
    };
  },
};

/** The same definition as the registry's attribution family types it. */
export const uniformAttribution: PolicyDefinition<AttributionPolicy, Record<string, never>> = uniformRule;
