import * as z from "zod";
import { hours, num } from "../../scenario/fields.js";
import type { CoordinationPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { ClaimTable, pickUnclaimed } from "./claims.js";

const params = z
  .object({
    latency: num({ min: 0, max: 1e6 }).default(0.1).describe("Hours before a posted claim becomes visible to other agents."),
    lease: hours().default(4).describe("Hours a claim stays valid; after that others may take the task even if the claimant has not finished."),
  })
  .strict();

/**
 * A public claim board: an agent that starts a task posts a claim; once it is
 * visible (after `latency`) and until its lease expires, other agents skip the
 * task. Work is still duplicated when two agents start within the latency.
 */
export const claimBoard: PolicyDefinition<CoordinationPolicy, z.output<typeof params>> = {
  name: "claim-board",
  description: "Agents post claims on the tasks they start; others skip tasks with a visible, unexpired claim.",
  schema: params,
  create(p, ctx) {
    const rng = ctx.stream("pick");
    const claims = new ClaimTable();
    return {
      chooseTask(_agent, board, now) {
        return pickUnclaimed(board, rng, (t) => {
          const at = claims.claimedAt(t, board);
          return at + p.latency <= now && now < at + p.lease; // false for NaN (no claim)
        });
      },
      onStart: (_agent, task, board, now) => claims.start(task, board, now),
      onFinish: (_agent, task, board) => claims.finish(task, board),
    };
  },
};
