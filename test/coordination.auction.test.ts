import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { auction, createAuction } from "../src/policies/coordination/auction.js";
import type { PolicyDefinition } from "../src/policies/types.js";
import { catalogWithPlugins, type LoadedPlugin } from "../src/plugins/load.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/index.js";
import type { CoordinationPolicy } from "../src/sim/economy/seams.js";

import { ctx, fakeBoard } from "./helpers/policyFakes.js";

const make = (params: Record<string, unknown> = {}) => createAuction(auction.schema.parse(params), ctx());

describe("auction", () => {
  it("fits the registry's coordination slot", () => {
    const registered = auction as PolicyDefinition<CoordinationPolicy, never>; // the registry line's cast
    expect(registered.name).toBe("auction");
  });

  it("documents its defaults and rejects unknown params", () => {
    expect(auction.schema.parse({})).toEqual({ window: 0.25, lease: 2, noise: 0.3 });
    expect(auction.schema.safeParse({ windw: 1 }).success).toBe(false);
    expect(auction.schema.safeParse({ window: 0 }).success).toBe(false);
  });

  it("collects sealed bids while open; only the lowest bidder takes the task; the second price is recorded", () => {
    const policy = make({ window: 0.5, lease: 2 });
    const { board } = fakeBoard(1);
    const agents = [0, 1, 2, 3, 4];
    for (const a of agents) expect(policy.chooseTask(a, board, 10 + a * 0.1)).toBe(-1); // 10 opens, the rest bid
    const costs = agents.map((a) => policy.cost(a, 100));
    const sorted = [...costs].sort((x, y) => x - y);
    const winner = costs.indexOf(sorted[0]!);
    expect(new Set(costs).size).toBe(agents.length); // distinct private costs
    for (const a of agents) expect(policy.chooseTask(a, board, 10.6)).toBe(a === winner ? 0 : -1);
    expect(policy.clearingPrice(100)).toBe(sorted[1]);
    expect(policy.clearingPrice(555)).toBeNaN();
    // A late agent neither bids nor takes it.
    expect(policy.chooseTask(9, board, 10.7)).toBe(-1);
    expect(policy.clearingPrice(100)).toBe(sorted[1]);
  });

  it("ties go to the lowest agent id; a single bidder is paid its own bid", () => {
    const policy = make({ noise: 0, window: 1 });
    const { board } = fakeBoard(2);
    for (const a of [7, 3, 5]) policy.chooseTask(a, board, 0);
    expect(policy.chooseTask(7, board, 1)).toBe(-1);
    expect(policy.chooseTask(5, board, 1)).toBe(-1);
    expect(policy.chooseTask(3, board, 1)).toBeGreaterThanOrEqual(0);
    expect(policy.clearingPrice(100)).toBe(1);
    const single = make({ window: 1 });
    single.chooseTask(4, fakeBoard(1).board, 0);
    expect(single.clearingPrice(100)).toBe(single.cost(4, 100));
  });

  it("others skip the task while the winner executes; after it finishes (e.g. a rejected result) the task is auctioned again", () => {
    const policy = make({ noise: 0, window: 0.5, lease: 1 });
    const { board } = fakeBoard(1);
    policy.chooseTask(0, board, 0);
    policy.chooseTask(1, board, 0.1);
    expect(policy.chooseTask(0, board, 0.6)).toBe(0);
    policy.onStart!(0, 0, board, 0.6);
    expect(policy.chooseTask(1, board, 5)).toBe(-1); // lease long gone, but the winner is working
    expect(policy.chooseTask(0, board, 5)).toBe(-1); // nor may the winner start it twice
    policy.onFinish!(0, 0, board, 5);
    expect(policy.chooseTask(1, board, 5.1)).toBe(-1); // opens a fresh auction with agent 1 as the only bidder
    expect(policy.chooseTask(1, board, 5.6)).toBe(0);
  });

  it("a winner that does not start within the lease loses the task to a fresh auction", () => {
    const policy = make({ noise: 0, window: 0.5, lease: 1 });
    const { board } = fakeBoard(1);
    policy.chooseTask(0, board, 0);
    expect(policy.chooseTask(2, board, 1)).toBe(-1); // closed at 0.5, agent 0 won
    expect(policy.chooseTask(2, board, 1.5)).toBe(-1); // lease lapsed: agent 2 opens a new auction
    expect(policy.chooseTask(0, board, 1.6)).toBe(-1); // agent 0 merely bids again (and leads on the id tie-break)
    expect(policy.chooseTask(2, board, 2.1)).toBe(-1);
    expect(policy.chooseTask(0, board, 2.1)).toBe(0);
  });

  it("a winner with several open tasks takes one it won", () => {
    const policy = make({ window: 0.5 });
    const { board } = fakeBoard(3);
    policy.chooseTask(0, board, 0); // the only bidder on all three
    const t = policy.chooseTask(0, board, 1);
    expect([0, 1, 2]).toContain(t);
  });

  it("a recycled slot (new serial) does not inherit the old task's auction", () => {
    const policy = make({ noise: 0, window: 0.5 });
    const { board, serials } = fakeBoard(1);
    policy.chooseTask(0, board, 0);
    expect(policy.chooseTask(1, board, 1)).toBe(-1); // agent 0 won serial 100
    serials[0] = 999;
    expect(policy.chooseTask(0, board, 1)).toBe(-1); // no win carries over: agent 0 opens an auction for serial 999
    expect(policy.clearingPrice(100)).toBeNaN();
    expect(policy.chooseTask(1, board, 1.2)).toBe(-1);
    expect(policy.chooseTask(1, board, 1.6)).toBe(-1);
    expect(policy.chooseTask(0, board, 1.6)).toBe(0);
  });

  it("is deterministic per seed", () => {
    const a = make();
    const b = make();
    for (let agent = 0; agent < 20; agent++) expect(a.cost(agent, 42)).toBe(b.cost(agent, 42));
  });
});

describe("auction in the world", () => {
  // Run through the plugin table until the built-in registry lists `auction`.
  const module = "/virtual/auction.js";
  const plugins = new Map<string, LoadedPlugin>([
    [module, { family: "coordination", module, label: "auction", definition: auction as PolicyDefinition<unknown, unknown> }],
  ]);
  const catalog = catalogWithPlugins(builtinCatalog, plugins);
  const run = (coordination: string) =>
    simulate(
      loadScenarioText(
        `name: c\nseed: 4\nduration: 200\nmodels: { count: 4, capacity: 8 }\nagents: { count: 80, scanInterval: 1 }\ntasks: { rate: 20 }\npolicies:\n  coordination: ${coordination}\n`,
        "/virtual/c.yaml",
        { catalog },
      ),
      { plugins },
    ).summary;

  it("cuts duplicated work well below independent picking, with a balanced ledger", () => {
    const independent = run("independent");
    const auctioned = run(`{ use: ./auction.js, params: { window: 0.25, lease: 2 } }`);
    expect(independent.duplicate_execution_share as number).toBeGreaterThan(0.2);
    expect(auctioned.duplicate_execution_share as number).toBeLessThan(0.02);
    expect(auctioned.ledger_imbalance_micro).toBe(0);
    expect(auctioned.tasks_completed as number).toBeGreaterThan(0);
  });
});
