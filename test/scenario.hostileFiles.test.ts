// Hostile scenario files (issue 18, items 9, 10, 13): endless or huge inputs are
// refused before anything reads them, a file with very many problems gives a
// bounded message, and `__proto__` is refused wherever it appears.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { MAX_REPORTED_ISSUES } from "../src/scenario/errors.js";
import { ScenarioError, loadScenarioText } from "../src/scenario/index.js";
import { ROOT, spawnCli } from "./helpers/cli.js";

const BASE = "name: h\nduration: 10\nmodels: { count: 1 }\nagents: { count: 1 }\ntasks: { rate: 1 }\n";
const load = (text: string, overrides: string[] = []) => loadScenarioText(text, "h.yaml", { catalog: builtinCatalog, overrides });
const problems = (text: string, overrides: string[] = []): string => {
  try {
    load(text, overrides);
  } catch (error) {
    if (error instanceof ScenarioError) return error.message;
    throw error;
  }
  throw new Error("expected the scenario to be refused");
};

describe("endless and huge input files (item 10)", () => {
  const dir = mkdtempSync(join(tmpdir(), "coordsim-hostile-"));
  const quickstart = readFileSync(join(ROOT, "scenarios/quickstart.yaml"), "utf8");
  symlinkSync("/dev/zero", join(dir, "zero.yaml"));
  execFileSync("mkfifo", [join(dir, "fifo.yaml")]);
  mkdirSync(join(dir, "folder.yaml"));
  writeFileSync(join(dir, "huge.yaml"), `${quickstart}\n# ${"x".repeat(16 * 1024 * 1024)}\n`);
  symlinkSync("/dev/zero", join(dir, "zero.js"));
  execFileSync("mkfifo", [join(dir, "fifo.js")]);
  writeFileSync(join(dir, "zero-plugin.yaml"), `${quickstart}  attribution: ./zero.js\n`);
  writeFileSync(join(dir, "fifo-plugin.yaml"), `${quickstart}  attribution: ./fifo.js\n`);

  it("run and validate refuse devices, FIFOs, folders and files over 16 MiB with exit 2, naming the path", () => {
    const cases: [string[], RegExp][] = [
      [["run", "/dev/zero"], /^\/dev\/zero: unsupported file type ""/],
      [["validate", join(dir, "zero.yaml")], /zero\.yaml: not a regular file: it is a character device \(.*zero\.yaml resolves to \/dev\/zero\)/],
      [["run", join(dir, "zero.yaml"), "--out", join(dir, "out1")], /zero\.yaml: not a regular file: it is a character device/],
      [["validate", join(dir, "fifo.yaml")], /fifo\.yaml: not a regular file: it is a FIFO/],
      [["run", join(dir, "fifo.yaml"), "--out", join(dir, "out2")], /fifo\.yaml: not a regular file: it is a FIFO/],
      [["sweep", join(dir, "fifo.yaml"), "--out", join(dir, "out3")], /fifo\.yaml: not a regular file: it is a FIFO/],
      [["validate", join(dir, "folder.yaml")], /folder\.yaml: not a regular file: it is a directory/],
      [["validate", join(dir, "huge.yaml")], /huge\.yaml: file is too large \([\d,]+ bytes; the limit is 16,777,216 bytes = 16 MiB\)/],
      [["validate", join(dir, "zero-plugin.yaml")], /policy plugin \.\/zero\.js: cannot load .*zero\.js: not a regular file: it is a character device/],
      [["run", join(dir, "fifo-plugin.yaml"), "--out", join(dir, "out4")], /policy plugin \.\/fifo\.js: cannot load .*fifo\.js: not a regular file: it is a FIFO/],
    ];
    for (const [args, message] of cases) {
      const r = spawnCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("many problems (item 9)", () => {
  it("a message lists at most the first problems, then how many more there are", () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `unknown${i}: 1\n`).join("");
    const message = problems(`${BASE}${keys}`);
    const lines = message.split("\n");
    expect(lines).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(lines[0]).toMatch(/^h\.yaml:6:1 unknown0: unknown key/);
    expect(lines.at(-1)).toBe(`... and ${(2000 - MAX_REPORTED_ISSUES).toLocaleString("en-US")} more problems (the first ${MAX_REPORTED_ISSUES} are listed)`);
  });

  it("200,000 unknown policy params give a bounded message, not a stack overflow from collecting them", () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => `      k${i}: 1\n`).join("");
    const lines = problems(`${BASE}policies:\n  rewards:\n    use: fixed-split\n    params:\n${keys}`).split("\n");
    expect(lines).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(lines[0]).toMatch(/^h\.yaml:10:7 policies\.rewards\.params\.k0: unknown key \(allowed: data, model, agent, validators, treasury\)$/);
    expect(lines.at(-1)).toBe("... and 199,950 more problems (the first 50 are listed)");
  });

  it("duplicate keys are still found, in block and flow maps, at the second occurrence", () => {
    expect(problems(`${BASE}agents: { count: 2 }\n`)).toMatch(/^h\.yaml:6:1 agents: duplicate key/);
    expect(problems(`${BASE.replace("tasks: { rate: 1 }", "tasks: { rate: 1, rate: 2 }")}`)).toMatch(/^h\.yaml:5:19 tasks\.rate: duplicate key/);
    expect(problems(`${BASE}policies:\n  rewards:\n    use: fixed-split\n    params: { data: 0.1, data: 0.2 }\n`)).toMatch(/h\.yaml:9:26 policies\.rewards\.params\.data: duplicate key/);
    expect(problems(`{"name": "j", "name": "k", "duration": 1}`)).toMatch(/^h\.yaml:1:15 name: duplicate key/);
  });

  it("few problems read as before: one line each, no trailer", () => {
    expect(problems(`${BASE}agentz: 1\nmodelz: 2\n`)).toBe('h.yaml:6:1 agentz: unknown key (did you mean "agents"?)\nh.yaml:7:1 modelz: unknown key (did you mean "models"?)');
  });
});

describe("__proto__ is refused everywhere (item 13)", () => {
  const message = 'key "__proto__" is not allowed (as an object key it would set the prototype instead of a field)';
  it("in free-form maps (policy params, sweep.grid, check.perturb) and elsewhere, in YAML and JSON, at its line", () => {
    const yaml: [string, string][] = [
      [`${BASE}policies:\n  rewards: { use: fixed-split, params: { __proto__: { data: 1 } } }\n`, "h.yaml:7:42 policies.rewards.params.__proto__"],
      [`${BASE}policies:\n  attribution:\n    use: shapley\n    params:\n      __proto__: 5\n`, "h.yaml:10:7 policies.attribution.params.__proto__"],
      [`${BASE}sweep:\n  grid:\n    __proto__: [1, 2]\n`, "h.yaml:8:5 sweep.grid.__proto__"],
      [`${BASE}check:\n  perturb:\n    __proto__: [1, 2]\n`, "h.yaml:8:5 check.perturb.__proto__"],
      [`${BASE}sweep:\n  grid:\n    policies.rewards: [{ use: fixed-split, params: { __proto__: 1 } }]\n`, "h.yaml:8:54 sweep.grid.policies.rewards[0].params.__proto__"],
      [`${BASE}__proto__: { polluted: 1 }\n`, "h.yaml:6:1 __proto__"],
      [`${BASE}world: { unitWeights: { "__proto__": 1 } }\n`, "h.yaml:6:25 world.unitWeights.__proto__"],
      [`${BASE}tasks2: [ { a: 1 }, { __proto__: 2 } ]\n`, "h.yaml:6:23 tasks2[1].__proto__"],
    ];
    for (const [text, where] of yaml) expect(problems(text), where).toContain(`${where}: ${message}`);
    const json = `{\n  "name": "j", "duration": 10, "models": {"count": 1}, "agents": {"count": 1}, "tasks": {"rate": 1},\n  "policies": {"rewards": {"use": "fixed-split", "params": {"__proto__": {"data": 1}}}}\n}\n`;
    expect(problems(json)).toContain(`h.yaml:3:61 policies.rewards.params.__proto__: ${message}`);
  });

  it("in --set paths and values, naming the override", () => {
    const sets = ["policies.rewards.params.__proto__.data=1", "__proto__.polluted=1", "policies.rewards={use: fixed-split, params: {__proto__: {data: 1}}}", "sweep.grid={__proto__: [1]}", "check.perturb={a: [{__proto__: 1}]}"];
    for (const set of sets) expect(problems(BASE, [set]), set).toContain(`(--set ${set}) ${set.split("=")[0]}: ${message}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("constructor and prototype are ordinary keys: refused where no key is free, kept where keys are free", () => {
    expect(problems(`${BASE}constructor: 1\n`)).toMatch(/constructor: unknown key/);
    expect(problems(`${BASE}policies:\n  rewards: { use: fixed-split, params: { prototype: 1 } }\n`)).toMatch(/policies\.rewards\.params\.prototype: unknown key/);
    expect(load(`${BASE}sweep:\n  grid:\n    constructor: [1]\n`).sweep?.grid).toEqual({ constructor: [1] });
  });
});
