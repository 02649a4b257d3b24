// Budgets counted before the run (issue 18, items 6 and 7): recurring schedules
// whose periods are so short (or rates so high) that simulated time stops
// advancing, and money amounts whose totals leave the exact-integer range, are
// refused at load with the field named, its line, the count and the limit.
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { MAX_EVENTS_PER_FIELD, MAX_EVENTS_TOTAL, periodProblem } from "../src/scenario/eventBudget.js";
import { loadScenarioText } from "../src/scenario/index.js";
import { MAX_DRAWN_AMOUNT, valueSampler } from "../src/sim/economy/valueSampler.js";
import { RngStreams } from "../src/sim/rng/index.js";
import { spawnCli } from "./helpers/cli.js";

const BASE = "name: b\nduration: 100\nmodels: { count: 2 }\nagents: { count: 10 }\nproviders: { count: 5 }\nvalidators: { count: 3 }\ntasks: { rate: 1 }\n";
const load = (extra: string, overrides: string[] = []) => loadScenarioText(`${BASE}${extra}`, "b.yaml", { catalog: builtinCatalog, overrides });

describe("recurring schedules are bounded (item 6)", () => {
  const limit = MAX_EVENTS_PER_FIELD.toLocaleString("en-US");
  it("every period and rate field, at 1e-300 / 5e-324 / 1e300, is refused naming the field, its line, the count and the limit", () => {
    const cases: [string, RegExp][] = [
      ["epoch: 1e-300\n", /^b\.yaml:8:8 epoch: duration \/ epoch settlements: 1\.00e\+302 events; the limit is 1,000,000,000 per schedule/],
      ["epoch: 5e-324\n", /^b\.yaml:8:8 epoch: duration \/ epoch settlements: more than 10\^308 events/],
      ["models: { count: 2, retrainEvery: 1e-300 }\n", /models\.retrainEvery: models\.count × duration \/ retrainEvery retrains: 2\.00e\+302 events/],
      ["agents: { count: 10, scanInterval: 1e-300 }\n", /agents\.scanInterval: agents\.count × duration \/ scanInterval scans: 1\.00e\+303 events/],
      ["agents: { count: 10, scanInterval: 0.0000001 }\n", /agents\.scanInterval: .*: 10,000,000,000 events/],
      ["tasks: { rate: 1e9 }\n", /tasks\.rate: tasks\.rate × duration task arrivals: 100,000,000,000 events/],
      ["tasks: { rate: 1000000, burst: { every: 10, duration: 1, factor: 1000 } }\n", /tasks\.rate: tasks\.rate × duration × burst\.factor task arrivals: 100,000,000,000 events/],
      ["tasks: { rate: 1, burst: { every: 1e-300, duration: 1e-301, factor: 2 } }\n", /tasks\.burst\.every: 2 × duration \/ burst\.every burst starts and ends: 2\.00e\+302 events/],
      ["providers: { count: 50, contributionRate: 1000000 }\n", /providers\.contributionRate: providers\.count × contributionRate × duration uploads: 5,000,000,000 events/],
      ["policies: { adaptation: { use: imitation, params: { every: 1e-300 } } }\n", /b\.yaml:8:60 policies\.adaptation\.params\.every: duration \/ every adaptation steps: 1\.00e\+302 events/],
      ["policies: { coordination: { use: rumor, params: { round: 1e-300 } } }\n", /policies\.coordination\.params\.round: duration \/ round gossip rounds: 1\.00e\+302 events/],
    ];
    for (const [extra, message] of cases) {
      const text = loadText(extra);
      expect(() => loadScenarioText(text, "b.yaml", { catalog: builtinCatalog }), extra).toThrow(message);
    }
    expect(limit).toBe("1,000,000,000");
  });

  it("the schedules together are bounded too, and --set values are named", () => {
    // Each of the two within the per-field limit, together over the run's.
    expect(() => loadScenarioText(loadText("agents: { count: 10, scanInterval: 0.0000011 }\ntasks: { rate: 9000000 }\nproviders: { count: 5, contributionRate: 1000000 }\n"), "b.yaml", { catalog: builtinCatalog })).toThrow(
      new RegExp(`agents\\.scanInterval: the recurring schedules generate 2,3[\\d,]+ events in all \\(.*\\); the limit is ${MAX_EVENTS_TOTAL.toLocaleString("en-US")} per run`),
    );
    expect(() => load("", ["epoch=1e-300"])).toThrow(/^\(--set epoch=1e-300\) epoch: duration \/ epoch settlements/);
    expect(() => load("", ["models.retrainEvery=0.0001"])).not.toThrow(); // 2,000,000 retrains: fine
  });

  it("a Poisson rate so small that a gap drawn from it overflows is refused (0 still means none)", () => {
    for (const rate of ["5e-324", "1e-310", "1e-13"]) {
      expect(() => load("", [`tasks.rate=${rate}`]), rate).toThrow(new RegExp(`tasks\\.rate: expected 0 or at least 1e-12 per hour .*, got ${rate.replace("-", "\\-")}`));
      expect(() => load("", [`providers.contributionRate=${rate}`]), rate).toThrow(/providers\.contributionRate: expected 0 or at least 1e-12 per hour/);
    }
    expect(() => load("", ["providers.contributionRate=0", "tasks.rate=1e-12"])).not.toThrow();
  });

  it("a mean so small that its reciprocal overflows is refused", () => {
    for (const field of ["models.serviceTime", "agents.workTime", "agents.scanInterval"]) {
      expect(() => load("", [`${field}=5e-324`]), field).toThrow(new RegExp(`${field.replace(".", "\\.")}: expected a mean of at least 1e-300 \\(exponential draws use its reciprocal, which overflows below that\\), got 5e-324`));
    }
    expect(() => load("", ["tasks.value={exponential: {mean: 5e-324}}"])).toThrow(/tasks\.value\.exponential\.mean: expected a mean of at least 1e-300/);
    expect(() => load("", ["validators.stakes={exponential: {mean: 1e-310}}"])).toThrow(/validators\.stakes\.exponential\.mean: expected a mean of at least 1e-300/);
    expect(() => load("", ["models.serviceTime=1e-300"])).not.toThrow();
  });

  it("a plugin's adaptation period can be checked with the same bound", () => {
    expect(periodProblem("every", 1e-300, 720)).toMatch(/every = 1e-300 h over duration 720 h schedules 7\.20e\+302 events; the limit is 1,000,000,000 per schedule/);
    expect(periodProblem("every", 24, 720)).toBeUndefined();
  });

  it("the CLI refuses them with exit 2 before running, and writes nothing", () => {
    for (const set of ["epoch=1e-300", "agents.scanInterval=5e-324", "tasks.burst={every: 1e-300, duration: 1e-300, factor: 1}"]) {
      const r = spawnCli(["run", "scenarios/quickstart.yaml", "--set", set, "--out", "/nonexistent-should-not-be-made"]);
      expect(r.code, set).toBe(2);
      expect(r.stderr, set).toMatch(/events; the limit is 1,000,000,000 per schedule/);
    }
  });
});

/** The BASE scenario with `extra`'s top-level blocks replacing BASE's own (no duplicate keys). */
function loadText(extra: string): string {
  const replaced = new Set(extra.split("\n").map((line) => /^([a-zA-Z]+):/.exec(line)?.[1]).filter((k) => k !== undefined));
  return `${BASE.split("\n").filter((line) => line !== "" && !replaced.has(/^([a-zA-Z]+):/.exec(line)?.[1] ?? "")).join("\n")}\n${extra}`;
}

describe("money stays in the exact-integer range (item 7)", () => {
  const text = (extra: string) => loadText(extra);
  const refuse = (extra: string, message: RegExp) => expect(() => loadScenarioText(text(extra), "b.yaml", { catalog: builtinCatalog }), extra).toThrow(message);
  it("task values of every distribution are bounded per draw", () => {
    refuse("tasks: { rate: 1, value: { fixed: 1e20 } }\n", /tasks\.value\.fixed: the fixed value is 100,000,000,000,000,000,000 micro-units; the limit per draw is 10,000,000,000,000 micro-units/);
    refuse("tasks: { rate: 1, value: { uniform: [0, 1e300] } }\n", /tasks\.value\.uniform\[1\]: the uniform maximum is 1\.00e\+300 micro-units/);
    refuse("tasks: { rate: 1, value: { exponential: { mean: 1e308 } } }\n", /tasks\.value\.exponential\.mean: the exponential 1 - 1e-12 quantile \(27\.6 × mean\) is Infinity micro-units/);
    refuse("tasks: { rate: 1, value: { exponential: { mean: 1e12 } } }\n", /tasks\.value\.exponential\.mean: .* is 27,631,000,000,000 micro-units/);
    refuse("tasks: { rate: 1, value: { lognormal: { mu: 1000, sigma: 1 } } }\n", /tasks\.value\.lognormal\.mu: the lognormal 1 - 1e-12 quantile exp\(mu \+ 7\.03 × sigma\) is Infinity/);
    refuse("tasks: { rate: 1, value: { lognormal: { mu: 20, sigma: 3 } } }\n", /tasks\.value\.lognormal\.mu: the lognormal/);
    expect(() => loadScenarioText(text("tasks: { rate: 1, value: { exponential: { mean: 1e9 } } }\n"), "b.yaml", { catalog: builtinCatalog })).not.toThrow();
  });

  it("totals: population × balance, stakes, emissions × epochs, tasks × value, and the sum of them all", () => {
    const max = "9007199254740991";
    refuse(`agents: { count: 10, initialBalance: ${max} }\n`, /b\.yaml:\d+:\d+ agents\.initialBalance: agents\.count × agents\.initialBalance = 90,071,992,547,409,9\d\d micro-units; the limit is 9,007,199,254,740,991 micro-units \(2\^53 - 1/);
    refuse(`providers: { count: 5, initialBalance: ${max} }\n`, /providers\.initialBalance: providers\.count × providers\.initialBalance/);
    refuse(`validators: { count: 3, initialBalance: ${max} }\n`, /validators\.initialBalance: validators\.count × validators\.initialBalance/);
    refuse(`validators: { count: 3, stake: 4000000000000000 }\n`, /validators\.stake: validators\.count × validators\.stake = 12,000,000,000,000,000/);
    refuse(`validators: { count: 3, stakes: { explicit: [${max}, 1, 1] } }\n`, /validators\.stakes\.explicit: the sum of validators\.stakes\.explicit/);
    refuse(`validators: { count: 3, stakes: { exponential: { mean: 1e300 } } }\n`, /validators\.stakes\.exponential\.mean: the exponential 1 - 1e-12 quantile/);
    refuse(`emissions: { perEpoch: 2000000000000000 }\n`, /emissions\.perEpoch: emissions\.perEpoch × 6 epochs = 12,000,000,000,000,000 micro-units/);
    refuse(`tasks: { rate: 100, value: { fixed: 10000000000000 } }\n`, /tasks\.value\.fixed: the task bound \(11,010, from tasks\.rate × duration\) × tasks\.value fixed value = /);
    // Each part in range, together not.
    refuse(`agents: { count: 10, initialBalance: 500000000000000 }\nproviders: { count: 5, initialBalance: 900000000000000 }\n`, /all the money that can enter the run adds up to 9,50\d,[\d,]+ micro-units \(.*agents\.initialBalance 5,000,000,000,000,000.*\); the limit is/);
  });

  it("the largest single payments are bounded", () => {
    refuse("providers: { count: 5, costPerUnit: 9007199254740991 }\n", /providers\.costPerUnit: providers\.costPerContribution \+ costPerUnit × world\.unitsPerDomain \+ datanets\.staking\.stake \(the most one upload can cost\) = /);
    refuse("models: { count: 2, feePerCall: 9007199254740000 }\nagents: { count: 10, computeCost: 9007199254740000 }\n", /models\.feePerCall: models\.feePerCall \+ agents\.computeCost/);
  });

  it("draws from unbounded distributions are clamped at the documented maximum", () => {
    const streams = new RngStreams(1);
    const draw = valueSampler({ lognormal: { mu: 40, sigma: 0 } });
    expect(draw(streams.detached("t", 0))).toBe(MAX_DRAWN_AMOUNT);
    const small = valueSampler({ exponential: { mean: 50_000 } });
    for (let i = 0; i < 100; i++) expect(small(streams.detached("t", i))).toBeLessThan(MAX_DRAWN_AMOUNT);
  });
});
