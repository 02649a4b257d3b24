import * as z from "zod";
import { hours, num } from "../../scenario/fields.js";
import type { CoordinationPolicy, TaskBoardView } from "../../sim/economy/seams.js";
import { growF64, growI32 } from "../../sim/growable.js";
import type { PolicyContext, PolicyDefinition } from "../types.js";
import { pairUniform } from "./claims.js";

const params = z
  .object({
    window: hours().default(0.25).describe("Hours a task's auction stays open for sealed bids after the first agent considers the task."),
    lease: hours()
      .default(2)
      .describe("Hours after the auction closes during which only the winner may start the task; if it has not, the task is auctioned again."),
    noise: num({ min: 0, max: 5 })
      .default(0.3)
      .describe("Spread of private costs: each agent's cost for a task is exp(noise × N(0,1)) (lognormal, median 1); 0 makes all bids equal, so the lowest agent id wins."),
  })
  .strict();

export type AuctionParams = z.output<typeof params>;

/** The auction policy, plus read-only access to prices for tests and inspection. */
export interface AuctionPolicy extends CoordinationPolicy {
  /**
   * The second-lowest bid in the task's current auction (the price the winner
   * would be paid), or the winner's own bid if it was the only bidder; NaN if
   * the task (by serial) has no auction state. Meaningful once the window has
   * closed. Linear in the number of task slots: for tests, not the hot path.
   */
  clearingPrice(serial: number): number;
  /** The agent's private cost for the task with this serial (its sealed bid). */
  cost(agent: number, serial: number): number;
}


/** Build an auction policy (what `auction.create` does), typed to expose `clearingPrice` and `cost`. */
export function createAuction(p: AuctionParams, ctx: PolicyContext): AuctionPolicy {
  const rng = ctx.stream("pick");
  const salts = ctx.stream("bids");
  const saltA = salts.uint32();
  const saltB = salts.uint32();

  let serialOf: Float64Array = new Float64Array(64).fill(-1); // -1: no auction state
  let openedAt: Float64Array = new Float64Array(64);
  let best: Float64Array = new Float64Array(64); // lowest bid
  let second: Float64Array = new Float64Array(64); // second-lowest bid (Infinity: none yet)
  let winner: Int32Array = new Int32Array(64); // lowest bidder
  let started: Int32Array = new Int32Array(64); // winner's executions in flight

  function ensure(slot: number): void {
    if (slot < serialOf.length) return;
    const n = Math.max(slot + 1, serialOf.length * 2);
    serialOf = growF64(serialOf, n, -1);
    openedAt = growF64(openedAt, n);
    best = growF64(best, n);
    second = growF64(second, n);
    winner = growI32(winner, n);
    started = growI32(started, n);
  }

  function cost(agent: number, serial: number): number {
    if (p.noise === 0) return 1;
    const u1 = 1 - pairUniform(saltA, agent, serial); // (0, 1]
    const u2 = pairUniform(saltB, agent, serial);
    return Math.exp(p.noise * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
  }

  /** Whether the slot holds state for the task now in it. */
  const live = (t: number, board: TaskBoardView) => t < serialOf.length && serialOf[t] === board.serial(t);

  /** The agent may start task t now: it won the closed auction and the lease has not run out. */
  function won(agent: number, t: number, board: TaskBoardView, now: number): boolean {
    if (!live(t, board) || started[t]! > 0 || winner[t] !== agent) return false;
    const close = openedAt[t]! + p.window;
    return close <= now && now < close + p.lease;
  }

  /** Bid on task t if its auction is open, or open a new one if it has none (or its lease lapsed). */
  function consider(agent: number, t: number, board: TaskBoardView, now: number): void {
    const serial = board.serial(t);
    const c = cost(agent, serial);
    if (live(t, board)) {
      if (started[t]! > 0) return;
      const close = openedAt[t]! + p.window;
      if (now < close) {
        // Order statistics of the bid set: a re-bid by the same agent is the same bid and changes nothing.
        const b = best[t]!;
        const w = winner[t]!;
        if (agent === w) return;
        if (c < b || (c === b && agent < w)) {
          second[t] = b;
          best[t] = c;
          winner[t] = agent;
        } else if (c < second[t]!) {
          second[t] = c;
        }
        return;
      }
      if (now < close + p.lease) return; // closed: only the winner may take it
    }
    ensure(t);
    serialOf[t] = serial;
    openedAt[t] = now;
    best[t] = c;
    second[t] = Infinity;
    winner[t] = agent;
    started[t] = 0;
  }

  return {
    chooseTask(agent, board, now) {
      const n = board.openCount;
      if (n === 0) return -1;
      const start = rng.int(n);
      for (let k = 0; k < n; k++) {
        const t = board.openAt((start + k) % n);
        if (won(agent, t, board, now)) return t;
      }
      for (let k = 0; k < n; k++) consider(agent, board.openAt((start + k) % n), board, now);
      return -1;
    },
    onStart(_agent, task, board) {
      if (live(task, board)) started[task]!++;
    },
    onFinish(_agent, task, board) {
      if (!live(task, board) || started[task]! === 0) return;
      if (--started[task]! === 0) serialOf[task] = -1;
    },
    clearingPrice(serial) {
      const t = serialOf.indexOf(serial);
      if (serial < 0 || t < 0) return NaN;
      return Number.isFinite(second[t]!) ? second[t]! : best[t]!;
    },
    cost,
  };
}

/**
 * A sealed-bid second-price (Vickrey) procurement auction per task, run inside
 * the pull model:
 *
 * - The first agent to consider an open task opens its auction. Every agent that
 *   considers the task while the auction is open (`window` hours) submits a
 *   sealed bid, its private cost for the task, and does not start it.
 * - After the window closes only the lowest bidder (ties: lowest agent id) may
 *   start the task; everyone else skips it. If the winner has not started within
 *   `lease` hours of the close, the next agent to consider the task opens a fresh
 *   auction (re-auctioned, not free for all).
 * - While the winner executes, others skip the task. When it submits, the
 *   auction state is dropped: a completed task is never seen again, and a
 *   rejected one (still open) is auctioned afresh.
 *
 * An idle agent's scan first looks for a task it has won and starts it; if there
 * is none it bids on every open task it may bid on (opening auctions as needed)
 * and stays idle until its next scan. A scan costs O(open tasks).
 *
 * Private costs are drawn once per (agent, task): a hash of the agent, the task
 * serial and a salt drawn from the policy's stream, mapped to a lognormal, so a
 * re-bid is the same bid and no per-bid memory is needed.
 *
 * Payments are not simulated yet: there is no payment seam, so the winner is
 * paid the task's value as under any policy. The second price (what a Vickrey
 * auction would pay) is recorded and readable through `clearingPrice`.
 *
 * State: typed arrays keyed by task slot and checked against the task's serial
 * (so a recycled slot never inherits an old auction), grown on demand. Memory is
 * O(peak number of task slots), independent of run length; entries are cleared
 * when the winner submits and overwritten when a slot is reused.
 */
export const auction: PolicyDefinition<CoordinationPolicy, AuctionParams> = {
  name: "auction",
  description: "Sealed-bid second-price auction per task: agents bid private costs for `window` hours; only the lowest bidder may start it.",
  schema: params,
  create: createAuction,
};
