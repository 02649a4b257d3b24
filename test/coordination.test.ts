import { describe, expect, it } from "vitest";
import { claimBoard } from "../src/policies/coordination/claimBoard.js";
import { gossip } from "../src/policies/coordination/gossip.js";
import { simulate } from "../src/runner/simulate.js";
import { ctx, fakeBoard } from "./helpers/policyFakes.js";
import { worldScenario } from "./helpers/worldScenario.js";

describe("claim-board", () => {
  it("hides a task once its claim is visible, until the claimant finishes or the lease expires", () => {
    const policy = claimBoard.create(claimBoard.schema.parse({ latency: 0.5, lease: 2 }), ctx());
    const { board } = fakeBoard(1);
    policy.onStart!(0, 0, board, 10);
    expect(policy.chooseTask(1, board, 10.2)).toBe(0); // claim not visible yet
    expect(policy.chooseTask(1, board, 10.5)).toBe(-1); // visible
    expect(policy.chooseTask(1, board, 12)).toBe(0); // lease expired
    policy.onStart!(1, 0, board, 11); // a second claimant while the first claim lives keeps the first time
    policy.onFinish!(0, 0, board, 11.5);
    expect(policy.chooseTask(2, board, 11.9)).toBe(-1); // agent 1 still works on it
    policy.onFinish!(1, 0, board, 11.9);
    expect(policy.chooseTask(2, board, 11.95)).toBe(0);
  });

  it("a recycled slot (new serial) does not inherit the old task's claim", () => {
    const policy = claimBoard.create(claimBoard.schema.parse({ latency: 0 }), ctx());
    const { board, serials } = fakeBoard(1);
    policy.onStart!(0, 0, board, 0);
    expect(policy.chooseTask(1, board, 0.1)).toBe(-1);
    serials[0] = 999;
    expect(policy.chooseTask(1, board, 0.1)).toBe(0);
  });
});

describe("claim-board with confirm (claim-then-confirm)", () => {
  it("only the earliest of two claims posted within the latency starts; the other backs off and picks again", () => {
    const policy = claimBoard.create(claimBoard.schema.parse({ latency: 0.5, confirm: true }), ctx());
    const { board } = fakeBoard(1);
    expect(policy.chooseTask(0, board, 0)).toBe(-1); // claim posted, waiting
    expect(policy.chooseTask(1, board, 0.2)).toBe(-1); // claim 0 not visible yet: agent 1 posts too
    expect(policy.chooseTask(0, board, 0.3)).toBe(-1); // not confirmed before the latency has passed
    expect(policy.chooseTask(1, board, 0.8)).toBe(-1); // agent 1 sees the earlier claim: backs off, and the task shows a visible claim
    expect(policy.chooseTask(0, board, 0.6)).toBe(0); // agent 0 confirms and starts
    policy.onStart!(0, 0, board, 0.6);
    expect(policy.chooseTask(2, board, 1.2)).toBe(-1); // the started claim is visible
  });

  it("with latency 0 a free task starts at once, and a task posted by another is skipped", () => {
    const policy = claimBoard.create(claimBoard.schema.parse({ latency: 0, confirm: true }), ctx());
    const { board } = fakeBoard(2);
    const first = policy.chooseTask(0, board, 0);
    expect(first).toBeGreaterThanOrEqual(0);
    policy.onStart!(0, first, board, 0);
    expect(policy.chooseTask(1, board, 0)).toBe(1 - first);
  });

  it("in the world it all but removes duplicated work even with the default latency, at the cost of waiting to confirm", () => {
    const run = (c: string) => simulate(worldScenario(c)).summary;
    const plain = run("claim-board");
    const confirmed = run("{ use: claim-board, params: { confirm: true } }");
    expect(plain.duplicate_execution_share as number).toBeGreaterThan(0.2);
    expect(confirmed.duplicate_execution_share as number).toBeLessThan(0.02);
    expect(confirmed.mean_latency_h as number).toBeGreaterThan(plain.mean_latency_h as number);
  });
});

describe("gossip", () => {
  it("with probability 0 nobody hears of claims; with probability 1 everyone does after the delay", () => {
    const { board } = fakeBoard(1);
    const deaf = gossip.create(gossip.schema.parse({ probability: 0, delay: 0 }), ctx());
    deaf.onStart!(0, 0, board, 0);
    expect(deaf.chooseTask(1, board, 1)).toBe(0);
    const all = gossip.create(gossip.schema.parse({ probability: 1, delay: 0.5 }), ctx());
    all.onStart!(0, 0, board, 0);
    expect(all.chooseTask(1, board, 0.4)).toBe(0);
    expect(all.chooseTask(1, board, 0.6)).toBe(-1);
  });

  it("each agent's chance of hearing a claim is about `probability`", () => {
    const policy = gossip.create(gossip.schema.parse({ probability: 0.3, delay: 0 }), ctx());
    const { board } = fakeBoard(1);
    policy.onStart!(0, 0, board, 0);
    let heard = 0;
    for (let agent = 1; agent <= 4000; agent++) if (policy.chooseTask(agent, board, 1) === -1) heard++;
    expect(heard / 4000).toBeGreaterThan(0.27);
    expect(heard / 4000).toBeLessThan(0.33);
  });
});

describe("coordination in the world", () => {
  const scenario = worldScenario;
  it("a claim board with no latency all but removes duplicated work; gossip sits in between", () => {
    const share = (c: string) => simulate(scenario(c)).summary.duplicate_execution_share as number;
    const independent = share("independent");
    const board = share("{ use: claim-board, params: { latency: 0 } }");
    const heard = share("{ use: gossip, params: { delay: 0, probability: 0.5 } }");
    expect(independent).toBeGreaterThan(0.2);
    expect(board).toBeLessThan(0.02);
    expect(heard).toBeLessThan(independent);
    expect(heard).toBeGreaterThan(board);
  });
});
