import * as z from "zod";
import type { CoordinationPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

/** No coordination: each agent picks uniformly among open tasks, blind to who else works on them. */
export const independent: PolicyDefinition<CoordinationPolicy, Record<string, never>> = {
  name: "independent",
  description: "No coordination: each idle agent picks an open task uniformly at random, unaware of other agents' work.",
  schema: z.object({}).strict(),
  create(_params, ctx) {
    const rng = ctx.stream("pick");
    return {
      chooseTask: (_agent, board) => (board.openCount === 0 ? -1 : board.openAt(rng.int(board.openCount))),
    };
  },
};
