// Named, deterministic hostile plugins, class by class (issue 18, items 1, 2,
// 8): out-of-range seam inputs per family, odd thrown values, hostile export
// shapes, and plugins that try to end or signal coordsim's process (from a
// call, from create(), at module top level, and from a timer set at top level).
// The contract: exit 2 naming the plugin file and the call (a sweep: a failed
// row naming it, the other run ok, sweep.json complete), never 0 or 3, and no
// output folder without its manifest.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, spawnCli, tempDir, type CliResult } from "./helpers/cli.js";

type Family = "attribution" | "trust" | "coordination" | "routing" | "adaptation";

/** Methods that make a family's policy valid, before a case replaces one of them. */
const OK_METHODS: Record<Family, string> = {
  attribution: "credit(game, out) { out.fill(1); },",
  trust: "report() {}, reputation() { return 0.5; }, reset() {},",
  coordination: "chooseTask(agent, board) { return board.openCount > 0 ? board.openAt(0) : -1; },",
  routing: "chooseModel(agent, domain, models) { return models.candidate(domain, 0); },",
  adaptation: "every: 10, adapt() {},",
};

/** A plugin of `family` whose policy object has `members` after (so overriding) the valid ones; `top` runs at module top level. */
function plugin(family: Family, members: string, top = ""): string {
  return `${top}\nexport default { family: "${family}", description: "hostile", create() { return { ${OK_METHODS[family]} ${members} }; } };\n`;
}

const SCENARIO = [
  "name: hostile",
  "world: { domains: 2, unitsPerDomain: 50 }",
  "providers: { count: 6, contributionRate: 0.5 }",
  "models: { count: 2, retrainEvery: 24 }",
  "agents: { count: 6 }",
  "validators: { count: 3 }",
  "emissions: { perEpoch: 1000000 }",
  "epoch: 24",
  "tasks: { rate: 2 }",
];

interface Case {
  dir: string;
  file: string;
  out: string;
}

/** A scenario using ./plugin.js as its `family` policy (a sweep: grid over ./ok.js and ./plugin.js, one run each). */
function writeCase(family: Family, source: string, opts: { sweep?: boolean; duration?: number } = {}): Case {
  const dir = tempDir("coordsim-hostile-");
  writeFileSync(join(dir, "plugin.js"), source);
  writeFileSync(join(dir, "ok.js"), plugin(family, ""));
  const lines = [...SCENARIO, `duration: ${opts.duration ?? 100}`, "policies:", `  ${family}: { use: ${opts.sweep ? "./ok.js" : "./plugin.js"} }`];
  if (opts.sweep) lines.push("sweep:", "  replicates: 1", "  grid:", `    policies.${family}: [{ use: ./ok.js }, { use: ./plugin.js }]`);
  writeFileSync(join(dir, "scenario.yaml"), `${lines.join("\n")}\n`);
  return { dir, file: join(dir, "scenario.yaml"), out: join(dir, opts.sweep ? "sweep" : "out") };
}

function expectNoHalfFolder(out: string): void {
  if (existsSync(out)) expect(existsSync(join(out, "manifest.json")), `${out} left without a manifest`).toBe(true);
}

/** `run` failed as bad input: exit 2, stderr names the plugin file and every text in `call`, nothing half-written. */
function expectRunRefused(r: CliResult, out: string, family: Family, ...call: string[]): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toContain(`policy plugin ./plugin.js (${family})`);
  for (const text of call) expect(r.stderr).toContain(text);
  expect(r.stderr).not.toContain("internal error");
  expectNoHalfFolder(out);
}

/** The sweep went on: exit 1, the ok.js run is ok, the plugin.js run is a failed row naming the plugin and the call; sweep.json complete. */
function expectSweepFailedRow(r: CliResult, out: string, family: Family, ...call: string[]): void {
  expect(r.code, r.stderr).toBe(1);
  const rows = readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n").slice(1);
  expect(rows).toHaveLength(2);
  expect(rows[0]).toContain(",ok,");
  expect(rows[1]).toContain(",failed,");
  expect(rows[1]).toContain(`policy plugin ./plugin.js (${family})`);
  for (const text of call) expect(rows[1]).toContain(text);
  expect(JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")).status).toBe("complete");
  expectNoHalfFolder(join(out, "runs", "p001-r00"));
}

async function run(c: Case, ...extra: string[]): Promise<CliResult> {
  return runCli("run", c.file, "--out", c.out, "--quiet", ...extra);
}

async function sweep(c: Case): Promise<CliResult> {
  return runCli("sweep", c.file, "--out", c.out, "--workers", "2", "--quiet");
}

/** Each class: [name, family, members of the policy object, texts stderr must contain besides the plugin]. */
type Variant = readonly [string, Family, string, ...string[]];

const TRUST: Variant[] = [
  ["slash(-1, 0.5)", "trust", "onEpoch(now, v) { v.slash(-1, 0.5); },", "onEpoch()", "validator -1 out of range"],
  ["slash(validatorCount, 0.5)", "trust", "onEpoch(now, v) { v.slash(v.count, 0.5); },", "onEpoch()", "validator 3 out of range"],
  ["slash(0, 1.5)", "trust", "onEpoch(now, v) { v.slash(0, 1.5); },", "onEpoch()", "fraction must be in [0,1], got 1.5"],
  ["slash(0, NaN)", "trust", "onEpoch(now, v) { v.slash(0, NaN); },", "onEpoch()", "got NaN"],
  ["stake('0')", "trust", "onEpoch(now, v) { v.stake('0'); },", "onEpoch()", "ValidatorsView.stake: validator string out of range"],
  ["emission shares summing to 1.1", "trust", "emission: { split: { miners: 0.5, validators: 0.6, owner: 0 }, minerWeight() { return 1; }, validatorWeight() { return 1; }, consensus() { return 0; } },", "emission.split is { miners: 0.5, validators: 0.6, owner: 0 }"],
  ["a negative emission share", "trust", "emission: { split: { miners: -0.5, validators: 1, owner: 0.5 }, minerWeight() { return 1; }, validatorWeight() { return 1; }, consensus() { return 0; } },", "emission.split is { miners: -0.5"],
  ["an emission weight of NaN", "trust", "emission: { split: { miners: 0.5, validators: 0.5, owner: 0 }, minerWeight() { return NaN; }, validatorWeight() { return 1; }, consensus() { return 0; } },", "emission.minerWeight(0) returned NaN"],
];

const NOT_OPEN = "let m = -1; for (let i = 0; i < board.openCount; i++) m = Math.max(m, board.openAt(i)); return m + 1;";
const COORDINATION: Variant[] = [
  ["a slot that is not open", "coordination", `chooseTask(agent, board) { ${NOT_OPEN} },`, "chooseTask()", "which is not an open task"],
  ["1e9", "coordination", "chooseTask() { return 1e9; },", "chooseTask() returned task 1000000000, which is not an open task"],
  ["-2", "coordination", "chooseTask() { return -2; },", "chooseTask() returned task -2, which is not an open task"],
  ["1.5", "coordination", "chooseTask() { return 1.5; },", "chooseTask() returned task 1.5 (expected an integer)"],
  ["NaN", "coordination", "chooseTask() { return NaN; },", "chooseTask() returned task NaN (expected an integer)"],
  ["a string", "coordination", "chooseTask() { return '0'; },", 'chooseTask() returned task "0" (expected an integer)'],
];

const ROUTING: Variant[] = [
  ["99", "routing", "chooseModel() { return 99; },", "chooseModel() returned model 99, which does not serve domain"],
  ["-1", "routing", "chooseModel() { return -1; },", "chooseModel() returned model -1, which does not serve domain"],
  ["a model of another domain", "routing", "chooseModel(agent, domain, models) { return models.candidate(1 - domain, 0); },", "chooseModel() returned model", "which does not serve domain"],
  ["NaN", "routing", "chooseModel() { return NaN; },", "chooseModel() returned model NaN (expected an integer)"],
];

const ADAPTATION: Variant[] = [
  ["behaviour 200", "adaptation", "adapt(pop, rng, next) { next.fill(200); },", "adapt() chose behaviour 200 for member 0"],
  ["behaviour 300 (wraps to 44 in a byte)", "adaptation", "adapt(pop, rng, next) { next[0] = 300; },", "adapt() chose behaviour 300 for member 0"],
  ["a non-adoptable behaviour", "adaptation", "adapt(pop, rng, next) { for (let b = 0; b < pop.labels; b++) if (!pop.adoptable(b)) next[0] = b; },", "adapt() switched member 0 from behaviour 0 to 3, which the population says cannot be adopted"],
  ["NaN", "adaptation", "adapt(pop, rng, next) { next[1] = NaN; },", "adapt() chose behaviour NaN for member 1"],
  ["every 0", "adaptation", "every: 0,", "adaptation policies need a positive, finite number `every` (hours), got 0"],
  ["every -1", "adaptation", "every: -1,", "got -1"],
  ["every NaN", "adaptation", "every: NaN,", "got NaN"],
  ["every Infinity", "adaptation", "every: Infinity,", "got Infinity"],
  ["every a string", "adaptation", "every: '10',", "got a string"],
  ["every 1e-300 (time that never advances)", "adaptation", "every: 1e-300,", "every = 1e-300 h over duration", "events; the limit is 1,000,000,000 per schedule"],
  ["every 5e-324", "adaptation", "every: 5e-324,", "every = 5e-324 h over duration"],
];

const ATTRIBUTION: Variant[] = [
  ["credit NaN", "attribution", "credit(game, out) { out.fill(NaN); },", "credit() gave contribution 0 the value NaN"],
  ["credit -1", "attribution", "credit(game, out) { out.fill(-1); },", "credit() gave contribution 0 the value -1"],
  ["credit Infinity", "attribution", "credit(game, out) { out.fill(Infinity); },", "credit() gave contribution 0 the value Infinity"],
  ["credits of 1e308 whose sum overflows", "attribution", "credit(game, out) { out.fill(1e308); },", "credit() gave contributions whose sum overflows to Infinity"],
  ["creditCall NaN", "attribution", "creditCall(candidates, out) { out.fill(NaN); },", "creditCall() gave retrieval weight 0 the value NaN"],
  ["creditCall -1", "attribution", "creditCall(candidates, out) { out.fill(-1); },", "creditCall() gave retrieval weight 0 the value -1"],
  ["a write into the game's unit pool", "attribution", "credit(game, out) { out.fill(1); game.pool[game.pool.length - 1] += 1; },", "credit() wrote to the game's unit pool"],
];

describe("huge but finite outputs are accepted exactly", () => {
  it("one credit and one retrieval weight of 1e308 each (total x weight overflows): the run completes with the ledger balanced", async () => {
    const c = writeCase("attribution", plugin("attribution", "credit(game, out) { out.fill(0); out[0] = 1e308; }, creditCall(candidates, out) { out.fill(0); out[0] = 1e308; },"));
    const r = await runCli("run", c.file, "--out", c.out, "--json");
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout).summary as Record<string, number>;
    expect(summary.ledger_imbalance_micro).toBe(0);
    expect(summary.data_rewards_micro).toBeGreaterThan(0);
  });
});

describe.each([
  ["trust", TRUST],
  ["coordination", COORDINATION],
  ["routing", ROUTING],
  ["adaptation", ADAPTATION],
  ["attribution", ATTRIBUTION],
] as [string, Variant[]][])("%s seam inputs out of range", (_name, variants) => {
  it.each(variants)("%s: `run` exits 2 naming the plugin and the call, no folder", async (...row: string[]) => {
    const [, family, members, ...texts] = row as unknown as Variant;
    const c = writeCase(family, plugin(family, members));
    expectRunRefused(await run(c), c.out, family, ...texts);
  });

  it(`${variants[0]![0]} in a sweep: a failed row naming the plugin, the other run ok`, async () => {
    const [, family, members, ...texts] = variants[0]!;
    const c = writeCase(family, plugin(family, members), { sweep: true });
    expectSweepFailedRow(await sweep(c), c.out, family, ...texts);
  });
});

/** Thrown values that are no Error, or pretend to be coordsim's. */
const ERRORS_JS = pathToFileURL(join(ROOT, "dist/src/errors.js")).href;
const THROWN: readonly (readonly [string, string, string])[] = [
  ["Object.create(null)", "throw Object.create(null);", "a thrown [object Object] (not an Error; no readable message)"],
  ["an object whose toString throws", "throw { toString() { throw new Error('no'); } };", "a thrown [object Object] (not an Error; no readable message)"],
  ["an Error whose message getter throws", "throw Object.defineProperty(new Error('x'), 'message', { get() { throw new Error('getter'); } });", "a thrown [object Error] (not an Error; no readable message)"],
  ["a Symbol", "throw Symbol('odd');", "a thrown Symbol(odd)"],
  ["undefined", "throw undefined;", "a thrown undefined undefined"],
  ["a CoordsimError look-alike with kind ok and exitCode 0", "throw Object.assign(new Error('all is well'), { name: 'CoordsimError', kind: 'ok', exitCode: 0 });", "all is well"],
  ["coordsim's own CoordsimError, kind failed", "throw new CoordsimError('failed', 'an invariant, honestly');", "an invariant, honestly"],
];
const IMPORT_ERRORS = `import { CoordsimError } from ${JSON.stringify(ERRORS_JS)};`;

describe("odd thrown values", () => {
  it.each(THROWN)("%s from a call: exit 2 naming the plugin and the call", async (_label, statement, text) => {
    const c = writeCase("attribution", plugin("attribution", `credit() { ${statement} },`, IMPORT_ERRORS));
    expectRunRefused(await run(c), c.out, "attribution", `threw in credit(): ${text}`);
  });

  it.each(THROWN)("%s from create(): exit 2 naming the plugin and create()", async (_label, statement, text) => {
    const c = writeCase("routing", `${IMPORT_ERRORS}\nexport default { family: "routing", create() { ${statement} } };\n`);
    expectRunRefused(await run(c), c.out, "routing", `create() threw: ${text}`);
  });

  it("coordsim's own CoordsimError from a call in a sweep: a failed row, not the sweep's outcome", async () => {
    const c = writeCase("attribution", plugin("attribution", "credit() { throw new CoordsimError('bad-input', 'not mine'); },", IMPORT_ERRORS), { sweep: true });
    expectSweepFailedRow(await sweep(c), c.out, "attribution", "threw in credit(): not mine");
  });
});

/** Hostile export shapes: [name, module source, texts]. FAMILY is replaced by the family. */
const SHAPES: readonly (readonly [string, string, string])[] = [
  ["a Proxy default export whose get trap throws", "export default new Proxy({}, { get() { throw new Error('trap'); } });", "reading the export's family threw: trap"],
  ["a getter that throws on create", "export default { family: FAMILY, get create() { throw Symbol('getter'); } };", "reading the export's create threw: a thrown Symbol(getter)"],
  ["create() returning a Proxy whose get trap throws", "export default { family: FAMILY, create() { return new Proxy({}, { get() { throw new Error('trap'); } }); } };", "threw: trap"],
  ["a schema whose safeParse throws", "export default { family: FAMILY, schema: { safeParse() { throw new Error('parse'); } }, create() { return {}; } };", "schema.safeParse() threw: parse"],
  ["a schema whose safeParse returns { success: 'yes' }", "export default { family: FAMILY, schema: { safeParse() { return { success: 'yes' }; } }, create() { return {}; } };", "schema.safeParse() returned an object without success: true or false"],
  ["a schema whose safeParse getter throws", "export default { family: FAMILY, schema: { get safeParse() { throw new Error('no parse'); } }, create() { return {}; } };", "reading schema.safeParse threw: no parse"],
];

describe("hostile export shapes", () => {
  it.each(SHAPES)("%s: exit 2 naming the plugin", async (_label, source, text) => {
    const c = writeCase("coordination", source.replaceAll("FAMILY", '"coordination"'));
    const r = await run(c);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("policy plugin ./plugin.js");
    expect(r.stderr).toContain(text);
    expect(r.stderr).not.toContain("internal error");
    expectNoHalfFolder(c.out);
  });
});

/** Ways to end or signal the process; each must be refused and named. */
const EXITS = ["process.exit(0)", "process.exit(3)", "process.reallyExit(0)", "process.abort()", 'process.kill(process.pid, "SIGKILL")'];
const refusal = (exit: string) => `called process.${exit.slice("process.".length, exit.indexOf("("))}(`;

describe("plugins that end or signal coordsim's process (the real CLI)", () => {
  describe.each(EXITS)("%s", (exit) => {
    it("from a call: `run` exits 2 naming the call; a sweep records a failed row", () => {
      const source = plugin("routing", `chooseModel() { ${exit}; return 0; },`);
      const c = writeCase("routing", source);
      expectRunRefused(spawnCli(["run", c.file, "--out", c.out, "--quiet"]), c.out, "routing", "threw in chooseModel():", refusal(exit));
      const s = writeCase("routing", source, { sweep: true });
      expectSweepFailedRow(spawnCli(["sweep", s.file, "--out", s.out, "--workers", "2", "--quiet"]), s.out, "routing", "threw in chooseModel():", refusal(exit));
    });

    it("from create(): `run` exits 2 naming create(); a sweep records a failed row", () => {
      const source = `export default { family: "routing", create() { ${exit}; return {}; } };\n`;
      const c = writeCase("routing", source);
      expectRunRefused(spawnCli(["run", c.file, "--out", c.out, "--quiet"]), c.out, "routing", "create() threw:", refusal(exit));
      const s = writeCase("routing", source, { sweep: true });
      expectSweepFailedRow(spawnCli(["sweep", s.file, "--out", s.out, "--workers", "2", "--quiet"]), s.out, "routing", "create() threw:", refusal(exit));
    });

    it("at module top level: `run` and `sweep` exit 2 naming the plugin as it loads, nothing written", () => {
      const source = plugin("routing", "", `${exit};`);
      for (const command of ["run", "sweep"]) {
        const c = writeCase("routing", source, { sweep: command === "sweep" });
        const r = spawnCli([command, c.file, "--out", c.out, "--quiet"]);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain("policy plugin ./plugin.js: cannot load");
        expect(r.stderr).toContain(refusal(exit));
        expect(existsSync(c.out)).toBe(false);
      }
    });
  });
});

/**
 * A timer a plugin's module sets at top level fires after the import, while
 * the command is still running (the scenario takes about a second). Plugin
 * code runs only in worker threads, so the timer can at most end a thread:
 * the command either completes (the timer died with its thread) or fails the
 * run naming the plugin; it never exits 0 without its output, exits 3, is
 * killed, or hangs.
 */
const TIMERS = [...EXITS.map((e) => `setTimeout(() => ${e}, 50);`), "setTimeout(() => process.kill(process.pid), 50);", "setTimeout(() => { throw new Error('late'); }, 50);", "setInterval(() => {}, 10);"];

function spawnWithin(args: string[]): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, "dist/bin/coordsim.js"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("timers a plugin sets at top level cannot end, signal or hold the CLI process", () => {
  it.each(TIMERS)("%s in `run`: complete output, or exit 2 naming the plugin", (timer) => {
    const c = writeCase("attribution", plugin("attribution", "", timer), { duration: 3000 });
    const r = spawnWithin(["run", c.file, "--out", c.out, "--quiet"]);
    expect([0, 2], `exit ${r.code}: ${r.stderr}`).toContain(r.code);
    if (r.code === 0) expect(existsSync(join(c.out, "manifest.json"))).toBe(true);
    else expectRunRefused(r, c.out, "attribution");
  });

  it.each(TIMERS)("%s in a 2-run `sweep`: runs.csv has both runs, sweep.json complete", (timer) => {
    const c = writeCase("attribution", plugin("attribution", "", timer), { sweep: true, duration: 3000 });
    const r = spawnWithin(["sweep", c.file, "--out", c.out, "--workers", "2", "--quiet"]);
    expect([0, 1], `exit ${r.code}: ${r.stderr}`).toContain(r.code);
    const rows = readFileSync(join(c.out, "runs.csv"), "utf8").trim().split("\n").slice(1);
    expect(rows).toHaveLength(2);
    for (const row of rows) if (!row.includes(",ok,")) expect(row).toContain("policy plugin ./plugin.js");
    expect(JSON.parse(readFileSync(join(c.out, "sweep.json"), "utf8")).status).toBe("complete");
  });

  it("`validate` of a scenario whose plugin sets such a timer exits 0 or 2, never 3 or killed", () => {
    const c = writeCase("attribution", plugin("attribution", "", "setTimeout(() => process.kill(process.pid, 'SIGKILL'), 0); setInterval(() => {}, 10);"));
    const r = spawnWithin(["validate", c.file]);
    expect([0, 2], `exit ${r.code}: ${r.stderr}`).toContain(r.code);
  });
});

describe("coordsim run with plugins keeps its progress line", () => {
  it("the run's worker thread posts (simulated time, events) progress as the main thread's simulate would", async () => {
    const { loadScenarioIsolated } = await import("../src/runner/sweep/isolatedLoad.js");
    const { runIsolated } = await import("../src/runner/sweep/isolatedRun.js");
    const c = writeCase("attribution", plugin("attribution", ""), { duration: 10_000 });
    const scenario = await loadScenarioIsolated({ file: c.file, overrides: [] });
    const seen: [number, number][] = [];
    const figures = await runIsolated({ scenario, outDir: c.out, scenarioFile: c.file, coordsimVersion: "test" }, (now, events) => seen.push([now, events]));
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![1]).toBeGreaterThan(seen[i - 1]![1]);
    expect(seen.at(-1)![1]).toBeLessThanOrEqual(figures.events);
    expect(seen.at(-1)![0]).toBeLessThanOrEqual(10_000);
  });
});
