import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { ScenarioError, loadScenario, loadScenarioText } from "../src/scenario/index.js";
import type { LoadScenarioOptions } from "../src/scenario/index.js";

const dir = "test/fixtures/scenarios";
const tmp = mkdtempSync(join(tmpdir(), "coordsim-scenario-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function failure(file: string, opts: Partial<LoadScenarioOptions> = {}): ScenarioError {
  try {
    loadScenario(file, { catalog: builtinCatalog, ...opts });
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error(`expected ${file} to be rejected`);
}

function failureText(text: string, file = "inline.yaml"): string {
  try {
    loadScenarioText(text, file, { catalog: builtinCatalog });
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).message;
  }
  throw new Error("expected the text to be rejected");
}

const minimal = "name: t\nduration: 100\nmodels: { count: 3 }\nagents: { count: 20 }\ntasks: { rate: 5 }\n";

describe("loadScenario: errors name file:line:col and path", () => {
  it("a typo in a key points at the key and suggests the closest one", () => {
    expect(failure(`${dir}/typo-key.yaml`).message).toBe(
      `${dir}/typo-key.yaml:6:3 agents.cuont: unknown key (did you mean "count"?)`,
    );
  });

  it("a wrong type", () => {
    expect(failure(`${dir}/wrong-type.yaml`).message).toBe(
      `${dir}/wrong-type.yaml:4:10 models.count: expected an integer in [1,10000000], got "three"`,
    );
  });

  it("a value out of range", () => {
    expect(failure(`${dir}/out-of-range.yaml`).message).toBe(
      `${dir}/out-of-range.yaml:7:13 tasks.deadline: expected a number in (0,1000000000], got -2`,
    );
  });

  it("broken YAML is reported at its position", () => {
    expect(failure(`${dir}/broken.yaml`).message).toBe(
      `${dir}/broken.yaml:4:1: syntax error: Flow map in block collection must be sufficiently indented and end with a }`,
    );
  });

  it("tabs, a second document and CRLF line ends", () => {
    expect(failureText("name: t\nagents:\n\tcount: 3\n")).toBe("inline.yaml:3:1: syntax error: Tabs are not allowed as indentation");
    expect(failureText(`${minimal}---\nname: u\n`)).toBe("inline.yaml:6:1: expected one YAML document, found a second (remove the '---' line)");
    expect(failureText(minimal.replace("count: 20", "count: x").replace(/\n/g, "\r\n"))).toBe(
      'inline.yaml:4:18 agents.count: expected an integer in [1,10000000], got "x"',
    );
  });

  it("a duplicate key is reported at the second occurrence", () => {
    expect(failure(`${dir}/duplicate-key.yaml`).message).toBe(
      `${dir}/duplicate-key.yaml:6:3 agents.count: duplicate key (each key may appear once per map)`,
    );
  });

  it("an unknown policy name lists the known names, by name and by `use`", () => {
    expect(failure(`${dir}/unknown-policy.yaml`).message).toBe(
      [
        `${dir}/unknown-policy.yaml:7:12 policies.routing: unknown routing policy "least-loded" (did you mean "least-loaded"?); known: random, least-loaded, greedy-trust, softmax-trust, proportional-trust`,
        `${dir}/unknown-policy.yaml:8:24 policies.coordination.use: unknown coordination policy "town-crier"; known: independent, claim-board, gossip, auction, rumor`,
      ].join("\n"),
    );
  });

  it("bad policy params are re-pathed under policies.<family>.params", () => {
    const error = failure(`${dir}/bad-params.yaml`);
    expect(error.message).toBe(
      [
        `${dir}/bad-params.yaml:10:13 policies.rewards.params.data: expected a number in [0,1], got "high"`,
        `${dir}/bad-params.yaml:11:7 policies.rewards.params.modle: unknown key (did you mean "model"?)`,
      ].join("\n"),
    );
    expect(error.kind).toBe("bad-input");
    expect(error.issues[0]).toEqual({
      file: `${dir}/bad-params.yaml`,
      line: 10,
      col: 13,
      path: "policies.rewards.params.data",
      message: 'expected a number in [0,1], got "high"',
    });
  });

  it("a missing required field points at the enclosing map", () => {
    expect(failure(`${dir}/missing-required.yaml`).message).toBe(`${dir}/missing-required.yaml:4:3 models.count: required`);
  });

  it("lists every issue, sorted by position", () => {
    expect(failure(`${dir}/many-issues.yaml`).message).toBe(
      [
        `${dir}/many-issues.yaml:1:7 name: expected a name of letters, digits, '.', '_' or '-' (at most 80), got "has spaces"`,
        `${dir}/many-issues.yaml:3:9 window: expected a number in (0,1000000000], got 0`,
        `${dir}/many-issues.yaml:4:33 models.feePerCall: expected an integer in [0,9007199254740991], got 1.5`,
        `${dir}/many-issues.yaml:7:8 agents.mix: expected fractions summing to 1 (or whole counts summing to agents.count = 20), got a sum of 0.5`,
        `${dir}/many-issues.yaml:10:21 tasks.value.uniform: expected [min, max] with min <= max`,
        `${dir}/many-issues.yaml:11:1 polices: unknown key (did you mean "policies"?)`,
      ].join("\n"),
    );
  });

  it("JSON input keeps positions", () => {
    expect(failure(`${dir}/bad.json`).message).toBe(
      [
        `${dir}/bad.json:5:37 agents.mix.honset: unknown key (did you mean "honest"?)`,
        `${dir}/bad.json:6:22 tasks.rate: expected a number in (0,1000000000], got "fast"`,
        `${dir}/bad.json:7:72 policies.rewards.params.data: expected a number in [0,1], got 2`,
      ].join("\n"),
    );
  });

  it("a missing file, an unsupported extension, an empty file, a top-level list", () => {
    expect(failure("nope/missing.yaml").message).toMatch(/^nope\/missing\.yaml: cannot read file: ENOENT: no such file or directory/);
    expect(failure("scenario.txt").message).toBe('scenario.txt: unsupported file type ".txt" (expected .yaml, .yml or .json)');
    expect(failure(`${dir}/empty.yaml`).message).toBe(`${dir}/empty.yaml:1:1: empty scenario (expected a map of scenario fields)`);
    expect(failure(`${dir}/list.yaml`).message).toBe(`${dir}/list.yaml:1:1: expected a map of scenario fields at the top level, got a list`);
    expect(failureText("42\n")).toBe("inline.yaml:1:1: expected a map of scenario fields at the top level, got 42");
  });

  it("non-UTF-8 bytes are reported where they are", () => {
    const file = join(tmp, "latin1.yaml");
    writeFileSync(file, Buffer.concat([Buffer.from("name: t\ndescription: caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    expect(failure(file).message).toBe(`${file}:2:17: not valid UTF-8 text (save the file as UTF-8)`);
  });

  it("never shows a raw zod message", () => {
    const cases: [string, string][] = [
      ["name: 5\n", 'inline.yaml:1:7 name: expected a string, got 5'],
      ["policies: 5\n", "inline.yaml:1:11 policies: expected a map, got 5"],
      ["policies: { rewards: { use: fixed-split, params: 5 } }\n", "inline.yaml:1:50 policies.rewards.params: expected a map, got 5"],
      ["policies: { routing: 5 }\n", "inline.yaml:1:22 policies.routing: expected a policy name or { use, params }, got 5"],
      ["tasks: { rate: 5, value: { normal: 1 } }\n", "inline.yaml:1:28 tasks.value.normal: unknown key (allowed: fixed, uniform, exponential, lognormal)"],
      ["tasks: { rate: 5, value: {} }\n", "inline.yaml:1:26 tasks.value: expected exactly one of fixed, uniform, exponential, lognormal"],
      ["agents:\n", "inline.yaml:1:8 agents: expected a map, got null"],
      ["description: [a]\n", 'inline.yaml:1:14 description: expected a string, got ["a"]'],
    ];
    for (const [edit, expected] of cases) {
      const base = minimal.split("\n").filter((line) => !line.startsWith(edit.split(":")[0] + ":"));
      const text = `${edit}${base.join("\n")}\n`;
      const lines = failureText(text).split("\n");
      expect(lines).toContain(expected);
      for (const line of lines) expect(line).not.toMatch(/Invalid input|received|expected string|\n\s+at /);
    }
  });

  it("a missing top-level field points at the top-level map", () => {
    expect(failureText("# header\nname: t\nmodels: { count: 3 }\nagents: { count: 20 }\ntasks: { rate: 5 }\n")).toBe(
      "inline.yaml:2:1 duration: required",
    );
  });

  it("positions follow aliases and flow maps", () => {
    const text = "name: t\nduration: 100\nshared: &m { count: 0 }\nmodels: *m\nagents: { count: 20 }\ntasks: { rate: 5 }\n";
    expect(failureText(text)).toBe(
      [
        "inline.yaml:3:1 shared: unknown key (allowed: $schema, name, description, seed, duration, window, maxEvents, epoch, settlement, world, providers, datanets, models, agents, validators, emissions, tasks, policies, sweep, check, optimize, attack)",
        "inline.yaml:3:21 models.count: expected an integer in [1,10000000], got 0",
      ].join("\n"),
    );
  });
});

describe("loadScenario: a good scenario", () => {
  it("fills every default and resolves every policy", () => {
    const s = loadScenario(`${dir}/good.yaml`, { catalog: builtinCatalog });
    expect(s).toMatchObject({
      name: "good-minimal",
      seed: 1,
      duration: 100,
      window: 24,
      epoch: 24,
      world: { domains: 1, unitsPerDomain: 1000, unitWeights: { zipf: 1 } },
      providers: { count: 0, mix: { honest: 1 }, contributionRate: 0.02, datasetSize: 20 },
      datanets: { dedup: "none", overlapThreshold: 0.8 },
      models: { count: 3, mix: { honest: 1 }, feePerCall: 20_000, capacity: 4, serviceTime: 0.05, retrainEvery: 168 },
      agents: { count: 20, mix: { honest: 1 }, scanInterval: 1, workTime: 0.5, computeCost: 5_000, initialBalance: 100_000_000, lazyEffort: 0.5 },
      validators: { count: 0, mix: { honest: 1 }, sampleRate: 0.05 },
      emissions: { perEpoch: 0, decay: 0 },
      tasks: { rate: 5, value: { uniform: [1_000, 100_000] }, deadline: 24 },
    });
    expect(s.policies).toEqual({
      attribution: { use: "uniform", params: {} },
      rewards: { use: "fixed-split", params: { data: 0.4, model: 0.45, agent: 0, validators: 0.1, treasury: 0.05 } },
      trust: { use: "none", params: {} },
      coordination: { use: "independent", params: {} },
      routing: { use: "random", params: {} },
      adaptation: { use: "none", params: {} },
    });
  });

  it("keeps given values, fills policy param defaults, drops $schema", () => {
    const s = loadScenario(`${dir}/full.yaml`, { catalog: builtinCatalog });
    expect(s).not.toHaveProperty("$schema");
    expect(s.seed).toBe(7);
    expect(s.maxEvents).toBe(1_000_000);
    expect(s.tasks.value).toEqual({ exponential: { mean: 50_000 } });
    expect(s.policies.rewards).toEqual({ use: "fixed-split", params: { data: 0.5, model: 0.3, agent: 0, validators: 0.15, treasury: 0.05 } });
    expect(s.policies.routing).toEqual({ use: "least-loaded", params: {} });
  });

  it("the seed option replaces the scenario seed", () => {
    expect(loadScenario(`${dir}/full.yaml`, { catalog: builtinCatalog, seed: 99 }).seed).toBe(99);
    expect(failure(`${dir}/full.yaml`, { seed: -1 }).message).toBe("(--seed -1) seed: expected an integer in [0,4294967295], got -1");
  });

  it("reads JSON", () => {
    const s = loadScenario(`${dir}/good.json`, { catalog: builtinCatalog });
    expect(s.tasks.value).toEqual({ fixed: 1000 });
    expect(s.policies.routing).toEqual({ use: "least-loaded", params: {} });
  });

  it("round-trips: load -> JSON -> load is identical", () => {
    for (const name of ["good.yaml", "full.yaml", "good.json"]) {
      const first = loadScenario(`${dir}/${name}`, { catalog: builtinCatalog });
      const file = join(tmp, `${name}.json`);
      writeFileSync(file, JSON.stringify(first, null, 2));
      expect(loadScenario(file, { catalog: builtinCatalog })).toEqual(first);
    }
  });

  it("does not modify the file or depend on the yaml-language-server comment", () => {
    const text = readFileSync(`${dir}/good.yaml`, "utf8");
    expect(text.startsWith("# yaml-language-server: $schema=")).toBe(true);
    expect(loadScenarioText(text.split("\n").slice(1).join("\n"), "x.yaml", { catalog: builtinCatalog })).toEqual(
      loadScenario(`${dir}/good.yaml`, { catalog: builtinCatalog }),
    );
  });
});

describe("resource guards", () => {
  it("refuses more than 10^7 entities at the largest population's line, and more than 10^6 timeseries rows at window", () => {
    const base = "models: { count: 1 }\ntasks: { rate: 1 }\n";
    expect(failureText(`name: big\nduration: 10\nproviders: { count: 9000000 }\nagents: { count: 2000000 }\n${base}`)).toContain(
      "inline.yaml:3:21 providers.count: the scenario has 11,000,001 entities (providers + models + agents + validators); the limit per run is 10,000,000",
    );
    expect(failureText(`name: fine\nduration: 100000\nwindow: 0.01\nagents: { count: 1 }\n${base}`)).toContain(
      "inline.yaml:3:9 window: duration / window = 10,000,000 timeseries rows; the limit is 1,000,000 (raise window)",
    );
  });

  it("caps YAML alias expansion (billion laughs) with a positioned message", () => {
    const levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i <= 6; i++) levels.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]`);
    expect(failureText(`name: bomb\nduration: 10\n${levels.join("\n")}\n`)).toMatch(/^inline\.yaml:1:1: cannot read YAML: Excessive alias count/);
  });
});
