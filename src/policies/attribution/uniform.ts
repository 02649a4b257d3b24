import * as z from "zod";
import type { AttributionPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

/** Every training contribution gets the same credit, whatever it adds: the baseline copying exploits. */
export const uniformAttribution: PolicyDefinition<AttributionPolicy, Record<string, never>> = {
  name: "uniform",
  description: "Credit every contribution in a model version's training set equally.",
  schema: z.object({}).strict(),
  create() {
    return { credit: (game, out) => out.fill(1, 0, game.players) };
  },
};
