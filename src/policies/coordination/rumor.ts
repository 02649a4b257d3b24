import * as z from "zod";
import { count, hours, num } from "../../scenario/fields.js";
import type { ClaimSpreadEnv, CoordinationPolicy, TaskBoardView } from "../../sim/economy/seams.js";
import { growF64, growI32 } from "../../sim/growable.js";
import type { PolicyContext, PolicyDefinition } from "../types.js";
import { ClaimTable, pickUnclaimed } from "./claims.js";
import { buildNetwork } from "./contactNetwork.js";
import { RumorEngine } from "./rumorEngine.js";

const params = z
  .object({
    round: hours().default(0.1).describe("Hours between gossip rounds (the paper's cycles): each round every infective agent calls `fanout` partners."),
    fanout: num({ min: 1, max: 64, int: true }).default(1).describe("Partners each agent calls per round (the paper: 1)."),
    topology: z
      .enum(["complete", "random-regular", "hub-local"])
      .default("complete")
      .describe("Who may call whom: complete (any other agent, uniformly), random-regular (a random graph where every agent has `degree` neighbours), hub-local (a ring where each agent knows `reach` agents on each side and the hub of its arc; the `hubs` hubs know each other)."),
    degree: count(1).default(8).describe("random-regular only: neighbours per agent; with too few agents, the largest degree a regular graph allows (below agents.count, with agents × degree even)."),
    reach: count(1).default(2).describe("hub-local only: ring neighbours on each side."),
    hubs: count(1).default(4).describe("hub-local only: number of hubs, evenly spaced on the ring."),
    exchange: z.enum(["push", "push-pull"]).default("push").describe("push: infectives call partners and send the claim; push-pull: every agent calls, an infective caller pushes and an infective callee answers (pull)."),
    removal: z.enum(["feedback", "blind"]).default("feedback").describe("When a sender loses interest: feedback, only after an unnecessary message (the partner already knew); blind, after any message."),
    interest: z.enum(["counter", "coin"]).default("counter").describe("counter: removed after `k` such messages; coin: removed with probability 1/k at each."),
    k: num({ min: 1, max: 255, int: true }).default(2).describe("The loss-of-interest parameter k (messages for counter, 1/probability for coin)."),
    rounds: z
      .enum(["synchronous", "sequential"])
      .default("synchronous")
      .describe("synchronous: a message is unnecessary only if its partner had heard before the round began (the paper's simulated cycles); sequential: if it had heard by the moment of the call (the continuous-time model behind the paper's residue equation)."),
    lease: hours().default(4).describe("Hours a claim stays valid (its rumour stops spreading then too)."),
  })
  .strict();

export type RumorParams = z.output<typeof params>;

/** The rumor policy, plus its engine for tests and inspection. */
export interface RumorPolicy extends CoordinationPolicy {
  /** The rumour engine (after `attachSpread`), e.g. to read a live rumour's residue. */
  readonly engine: RumorEngine | undefined;
  /** The live rumour record of the task in this slot, or -1. */
  rumorOf(task: number, board: TaskBoardView): number;
}

export function createRumor(p: RumorParams, ctx: PolicyContext): RumorPolicy {
  const pick = ctx.stream("pick");
  const claims = new ClaimTable();
  let engine: RumorEngine | undefined;
  let env: ClaimSpreadEnv | undefined;
  let serialOf: Float64Array = new Float64Array(64).fill(-1);
  let record: Int32Array = new Int32Array(64).fill(-1);

  function ensure(slot: number): void {
    if (slot < serialOf.length) return;
    const n = Math.max(slot + 1, serialOf.length * 2);
    serialOf = growF64(serialOf, n, -1);
    record = growI32(record, n, -1);
  }

  function rumorOf(task: number, board: TaskBoardView): number {
    return task < serialOf.length && serialOf[task] === board.serial(task) ? record[task]! : -1;
  }

  function ready(now: number): RumorEngine {
    if (engine === undefined) throw new Error("the rumor coordination policy must be attached to a world (attachSpread) before use");
    engine.advance(now);
    return engine;
  }

  return {
    get engine() {
      return engine;
    },
    rumorOf,
    attachSpread(e) {
      env = e;
      const network = buildNetwork(e.agents, p, ctx.stream("topology"));
      engine = new RumorEngine(network, p, ctx.stream("contacts"), p.round);
    },
    chooseTask(agent, board, now) {
      const rumors = ready(now);
      return pickUnclaimed(board, pick, (t) => {
        const r = rumorOf(t, board);
        return r >= 0 && now < claims.claimedAt(t, board) + p.lease && rumors.heard(r, agent);
      });
    },
    onStart(agent, task, board, now) {
      const rumors = ready(now);
      const r = rumorOf(task, board);
      if (r >= 0) {
        // Another agent holds a claim on this task: starting it anyway duplicates work if the claim is still valid and this agent had not heard it.
        if (now < claims.claimedAt(task, board) + p.lease && !rumors.heard(r, agent)) env!.tally.unheardStart();
        rumors.hear(r, agent);
      } else {
        ensure(task);
        serialOf[task] = board.serial(task);
        record[task] = rumors.open(agent, now, now + p.lease);
      }
      claims.start(task, board, now);
    },
    onFinish(_agent, task, board, now) {
      claims.finish(task, board);
      const r = rumorOf(task, board);
      if (r < 0 || !Number.isNaN(claims.claimedAt(task, board))) return;
      // The last claimant submitted: the claim is gone, and its rumour is over.
      const rumors = ready(now);
      env!.tally.claimEnded(rumors.residue(r), rumors.messages(r));
      rumors.release(r);
      serialOf[task] = -1;
    },
  };
}

/**
 * Claims spread as rumours: rumour mongering of Demers et al., "Epidemic
 * Algorithms for Replicated Database Maintenance" (PODC 1987), §1.4.
 *
 * - The agent that starts a task is infective for its claim; all others are
 *   susceptible. Every `round` hours (the paper's cycle) each infective calls
 *   `fanout` partners drawn uniformly over its neighbours in the `topology` and
 *   sends the claim (push). With `exchange: push-pull` every agent calls, an
 *   infective caller pushes and an infective callee answers (pull).
 * - A susceptible that receives the claim has heard it; it spreads it from the
 *   next round (rounds are synchronous).
 * - Loss of interest, the paper's variants: `removal: feedback` costs the sender
 *   interest only for an unnecessary message (the partner already knew),
 *   `blind` for every message; `interest: counter` removes the sender after `k`
 *   such messages (under feedback, k in a row: a necessary message resets the
 *   counter, as the paper's traffic bound has it), `coin` with probability 1/k
 *   at each. Feedback-coin is the paper's worked example, residue
 *   s = e^{−(k+1)(1−s)} in the continuous-time limit (`rounds: sequential`).
 * - `rounds: synchronous` (default) judges a message unnecessary only if its
 *   partner had heard before the round began, as the paper's simulated cycles
 *   do (this reproduces its Table 1 exactly); `sequential` judges at the call.
 * - Agents skip tasks whose claim they have heard, while the claim is valid
 *   (`lease` hours from the first start). An agent that starts a claimed task
 *   without having heard counts as an unheard start (duplicated work caused by
 *   not hearing) and joins the rumour as an infective.
 * - When the last claimant submits, the claim ends and its rumour with it: its
 *   residue (share of agents that never heard it) and messages are reported
 *   through the world's claim-spread tally.
 *
 * Departures from the paper: with `fanout` > 1 a sender that loses interest
 * makes no further calls that round (the paper has one call per cycle);
 * topologies other than complete are this simulator's (the paper's spatial
 * distributions are over a real network); a rumour stops at its claim's lease
 * (the paper's run to quiescence); the rumour is about a claim, not a database
 * update, so there is no anti-entropy backup.
 *
 * Determinism and cost: contacts come from the policy's `contacts` stream and
 * the graph from its `topology` stream; rounds run lazily when the policy is
 * next called, in rumour-opening order. A round costs O(infectives × fanout)
 * (push) or O(agents × fanout) (push-pull) and allocates nothing; a rumour runs
 * at most lease/round rounds. Memory: about 6 bytes per agent per live claim.
 */
export const rumor: PolicyDefinition<CoordinationPolicy, RumorParams> = {
  name: "rumor",
  description: "Claims spread as rumours (Demers et al. 1987): each round infectives call random partners; they lose interest by feedback|blind × counter|coin; agents skip claims they heard.",
  schema: params,
  create: createRumor,
};
