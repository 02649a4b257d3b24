import * as z from "zod";
import { hours, num } from "../../scenario/fields.js";
import type { CoordinationPolicy, TaskBoardView } from "../../sim/economy/seams.js";
import { growF64, growI32 } from "../../sim/growable.js";
import type { Stream } from "../../sim/rng/index.js";
import type { PolicyDefinition } from "../types.js";
import { ClaimTable, pickUnclaimed } from "./claims.js";

const params = z
  .object({
    latency: num({ min: 0, max: 1e6 }).default(0.1).describe("Hours before a posted claim becomes visible to other agents."),
    lease: hours().default(4).describe("Hours a claim stays valid; after that others may take the task even if the claimant has not finished."),
    confirm: z
      .boolean()
      .default(false)
      .describe("Claim-then-confirm: an agent that picks a task posts a claim and starts only at a scan at least `latency` hours later, if its claim is then the earliest on the task; otherwise it backs off and picks again. false: start at once (the claim only warns others)."),
  })
  .strict();

type Params = z.output<typeof params>;

/**
 * A public claim board: an agent that starts a task posts a claim; once it is
 * visible (after `latency`) and until its lease expires, other agents skip the
 * task. Work is still duplicated when two agents start within the latency.
 *
 * With `confirm`, claims are posted before work (claim-then-confirm, as real
 * boards hold a claim only once it is acknowledged): an agent picks a task that
 * shows no visible claim, posts a claim and stays idle; at its first scan at
 * least `latency` hours later it sees every claim posted before its own, and
 * starts the task only if its claim is the earliest (ties: the earlier poster
 * wins, being first in event order); otherwise it drops the claim and picks
 * again at once. With `latency` 0 the check is immediate. A claim whose poster
 * never starts lapses after `lease` hours.
 */
export const claimBoard: PolicyDefinition<CoordinationPolicy, Params> = {
  name: "claim-board",
  description: "Agents post claims on the tasks they start; others skip tasks with a visible, unexpired claim.",
  schema: params,
  create(p, ctx) {
    const rng = ctx.stream("pick");
    const claims = new ClaimTable();
    const seesStarted = (t: number, board: TaskBoardView, now: number) => {
      const at = claims.claimedAt(t, board);
      return at + p.latency <= now && now < at + p.lease; // false for NaN (no claim)
    };
    if (p.confirm) return confirming(p, rng, claims, seesStarted);
    return {
      chooseTask(_agent, board, now) {
        return pickUnclaimed(board, rng, (t) => seesStarted(t, board, now));
      },
      onStart: (_agent, task, board, now) => claims.start(task, board, now),
      onFinish: (_agent, task, board) => claims.finish(task, board),
    };
  },
};

/** Claim-then-confirm: per task the earliest posted claim (time, poster); per agent its pending claim. */
function confirming(p: Params, rng: Stream, claims: ClaimTable, seesStarted: (t: number, board: TaskBoardView, now: number) => boolean): CoordinationPolicy {
  let serialOf: Float64Array = new Float64Array(64).fill(-1);
  let postedAt: Float64Array = new Float64Array(64);
  let poster: Int32Array = new Int32Array(64);
  let pending: Int32Array = new Int32Array(64).fill(-1);
  let pendingSerial: Float64Array = new Float64Array(64);
  let pendingAt: Float64Array = new Float64Array(64);

  const ensureTask = (t: number) => {
    if (t < serialOf.length) return;
    const n = Math.max(t + 1, serialOf.length * 2);
    serialOf = growF64(serialOf, n, -1);
    postedAt = growF64(postedAt, n);
    poster = growI32(poster, n);
  };
  const ensureAgent = (a: number) => {
    if (a < pending.length) return;
    const n = Math.max(a + 1, pending.length * 2);
    pending = growI32(pending, n, -1);
    pendingSerial = growF64(pendingSerial, n);
    pendingAt = growF64(pendingAt, n);
  };
  /** The live posted claim on t (same task, not lapsed), as its poster, or -1. */
  const holder = (t: number, board: TaskBoardView, now: number) => (t < serialOf.length && serialOf[t] === board.serial(t) && now < postedAt[t]! + p.lease ? poster[t]! : -1);
  const isOpen = (t: number, board: TaskBoardView) => {
    for (let i = 0; i < board.openCount; i++) if (board.openAt(i) === t) return true;
    return false;
  };

  return {
    chooseTask(agent, board, now) {
      ensureAgent(agent);
      const t = pending[agent]!;
      if (t >= 0) {
        if (now < pendingAt[agent]! + p.latency) return -1; // not confirmed yet
        pending[agent] = -1;
        if (board.serial(t) === pendingSerial[agent] && isOpen(t, board) && holder(t, board, now) === agent && !seesStarted(t, board, now)) return t;
        // backed off: someone claimed it first (or it is gone); pick again below
      }
      const pick = pickUnclaimed(board, rng, (u) => seesStarted(u, board, now) || (holder(u, board, now) >= 0 && holder(u, board, now) !== agent && postedAt[u]! + p.latency <= now));
      if (pick < 0) return -1;
      ensureTask(pick);
      if (holder(pick, board, now) < 0) {
        serialOf[pick] = board.serial(pick);
        postedAt[pick] = now;
        poster[pick] = agent;
      }
      if (p.latency === 0) return holder(pick, board, now) === agent ? pick : -1;
      pending[agent] = pick;
      pendingSerial[agent] = board.serial(pick);
      pendingAt[agent] = now;
      return -1;
    },
    onStart(_agent, task, board, now) {
      claims.start(task, board, now);
      if (task < serialOf.length && serialOf[task] === board.serial(task)) serialOf[task] = -1; // the posted claim became a started one
    },
    onFinish: (_agent, task, board) => claims.finish(task, board),
  };
}
