import * as z from "zod";
import { hours, num, prob } from "../../scenario/fields.js";
import type { CoordinationPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { ClaimTable, pairUniform, pickUnclaimed } from "./claims.js";

const params = z
  .object({
    delay: num({ min: 0, max: 1e6 }).default(0.5).describe("Hours for a claim to spread through the gossip network."),
    probability: prob().default(0.7).describe("Chance that a given agent hears of a given claim at all."),
    lease: hours().default(4).describe("Hours a claim stays valid."),
  })
  .strict();


/**
 * Claims spread by gossip: each agent learns of a claim `delay` hours after it
 * was posted, and only with `probability` (decided once per agent and task), so
 * coordination is partial and slow compared with a claim board.
 */
export const gossip: PolicyDefinition<CoordinationPolicy, z.output<typeof params>> = {
  name: "gossip",
  description: "Claims reach each agent after a delay and only with some probability; agents skip tasks whose claim they heard of.",
  schema: params,
  create(p, ctx) {
    const rng = ctx.stream("pick");
    const salt = ctx.stream("salt").uint32();
    const claims = new ClaimTable();
    return {
      chooseTask(agent, board, now) {
        return pickUnclaimed(board, rng, (t) => {
          const at = claims.claimedAt(t, board);
          if (!(at + p.delay <= now && now < at + p.lease)) return false;
          return pairUniform(salt, agent, board.serial(t)) < p.probability;
        });
      },
      onStart: (_agent, task, board, now) => claims.start(task, board, now),
      onFinish: (_agent, task, board) => claims.finish(task, board),
    };
  },
};
