import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/index.js";
import type { Scenario } from "../src/scenario/schema.js";

const BASE = `
name: econ
seed: 3
duration: 96
window: 12
models: { count: 3, capacity: 2, feePerCall: 1000, serviceTime: 0.1 }
agents: { count: 30, scanInterval: 0.5, workTime: 0.3, computeCost: 200, initialBalance: 1000000 }
tasks: { rate: 10, value: { uniform: [500, 5000] }, deadline: 2 }
`;

function scenario(overrides: string[] = []): Scenario {
  return loadScenarioText(BASE, "econ.yaml", { catalog: builtinCatalog, overrides });
}

const num = (v: unknown) => v as number;

describe("first economy: accounting identities", () => {
  it("property: for any seed and sizes, every execution, task and micro-unit is accounted for", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom("random", "least-loaded"),
        (seed, agents, models, routing) => {
          const s = scenario([`seed=${seed}`, `agents.count=${agents}`, `models.count=${models}`, `policies.routing=${routing}`, "duration=24"]);
          const { summary: r, timeseries, events } = simulate(s);
          expect(r.ledger_imbalance_micro).toBe(0);
          expect(r.executions).toBe(num(r.tasks_completed) + num(r.duplicate_executions) + num(r.late_executions));
          expect(r.tasks_arrived).toBe(num(r.tasks_completed) + num(r.tasks_expired) + num(r.open_tasks));
          expect(r.fees_paid_micro).toBe(num(r.inference_calls) * 1000);
          // Fee shares with no recipient yet (data 0.4, validators 0.1, treasury 0.05) land in the treasury.
          expect(r.treasury_micro).toBe(num(r.inference_calls) * 550);
          expect(r.net_profit_micro_model).toBe(num(r.inference_calls) * 450);
          expect(r.events_processed).toBe(events);
          // Windows partition the run: their flows add up to the summary's.
          for (const key of ["tasks_arrived", "tasks_completed", "executions", "wasted_compute_micro", "value_delivered_micro", "value_paid_wrong_micro"]) {
            expect(timeseries.reduce((acc, row) => acc + num(row[key]), 0)).toBe(r[key]);
          }
          const share = r.duplicate_execution_share;
          if (share !== null) expect(num(share)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("duplicated work happens without coordination and costs money", () => {
    const { summary } = simulate(scenario());
    expect(num(summary.duplicate_executions)).toBeGreaterThan(0);
    expect(num(summary.wasted_compute_micro)).toBe(num(summary.duplicate_executions) * 1200 + num(summary.late_executions) * 1200);
  });

  it("timeseries rows end at each window boundary", () => {
    const { timeseries } = simulate(scenario());
    expect(timeseries.map((r) => r.t_h)).toEqual([12, 24, 36, 48, 60, 72, 84, 96]);
  });
});

describe("first economy: common random numbers", () => {
  it("changing a policy leaves the exogenous task stream untouched", () => {
    const a = simulate(scenario(["policies.routing=random"]));
    const b = simulate(scenario(["policies.routing=least-loaded"]));
    expect(b.timeseries.map((r) => r.tasks_arrived)).toEqual(a.timeseries.map((r) => r.tasks_arrived));
    // ...while the policy-dependent outcome does change.
    expect(b.summary.mean_queue_wait_h).not.toBe(a.summary.mean_queue_wait_h);
  });

  it("adding agents leaves the task stream untouched", () => {
    const a = simulate(scenario(["agents.count=30"]));
    const b = simulate(scenario(["agents.count=31"]));
    expect(b.timeseries.map((r) => r.tasks_arrived)).toEqual(a.timeseries.map((r) => r.tasks_arrived));
  });

  it("an agent that cannot afford an execution leaves the market", () => {
    const { summary } = simulate(scenario(["agents.initialBalance=3000", "tasks.value={fixed: 0}"]));
    expect(summary.agents_broke).toBe(30);
    expect(summary.ledger_imbalance_micro).toBe(0);
  });
});
