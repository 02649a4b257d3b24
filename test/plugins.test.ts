import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

const fixtures = join(ROOT, "test/fixtures/plugins");

describe("user policy plugins", () => {
  it("the bundled example plugin runs, and changes who earns compared with uniform", async () => {
    const dir = tempDir();
    const scenario = join(ROOT, "scenarios/examples/plugin-attribution.yaml");
    const plugin = await runCli("run", scenario, "--out", join(dir, "plugin"), "--json", "--set", "duration=200");
    expect(plugin.stderr).toBe("");
    expect(plugin.code).toBe(0);
    const uniform = await runCli("run", scenario, "--out", join(dir, "uniform"), "--json", "--set", "duration=200", "--set", "policies.attribution=uniform");
    const a = JSON.parse(plugin.stdout).summary;
    const b = JSON.parse(uniform.stdout).summary;
    expect(a.data_rewards_micro).toBeGreaterThan(0);
    expect(a.ledger_imbalance_micro).toBe(0);
    // Same exogenous world, different split: the provider reward distribution moves.
    expect(a.tasks_arrived).toBe(b.tasks_arrived);
    expect(a.provider_reward_gini).not.toBe(b.provider_reward_gini);
  });

  it("a plugin that throws fails the run with exit 2, naming the plugin, the call, the simulated time and the entity; no output", async () => {
    const out = join(tempDir(), "out");
    const r = await runCli("run", join(fixtures, "broken-plugin.yaml"), "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('handler for "model.retrain" failed at t=24 (target 0, arg 0): policy plugin ./throws-in-credit.js (attribution) threw in credit(): boom: no credits today');
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ["attribution", "nan-credit.js", 'handler for "model.retrain" failed at t=24 (target 0, arg 0): policy plugin ./nan-credit.js (attribution): credit() gave contribution 0 the value NaN (expected a finite number >= 0)'],
    ["attribution", "negative-credit.js", "policy plugin ./negative-credit.js (attribution): credit() gave contribution 0 the value -5 (expected a finite number >= 0)"],

    ["routing", "bad-routing.js", "policy plugin ./bad-routing.js (routing): chooseModel() returned model 0.5 (expected an integer)"],
    ["attribution", "writes-pool.js", "policy plugin ./writes-pool.js (attribution): credit() wrote to the game's unit pool (shared simulation state; policies must treat the views they are given as read-only)"],
  ])("a %s plugin whose output is invalid (%s) fails the run with exit 2 before the ledger sees it, naming plugin, call and time", async (family, plugin, message) => {
    const out = join(tempDir(), "out");
    const r = await runCli("run", join(fixtures, "broken-plugin.yaml"), "--set", `policies.${family}.use=./${plugin}`, "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toMatch(/failed at t=\d/);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ["fractional-share.js", "invariant fee-split-efficiency violated: policy plugin ./fractional-share.js (rewards): splitFee() put 6666.666666666667 in share 0 of fee 20000 (expected non-negative integer micro-units)"],
    ["leaky-split.js", "invariant fee-split-efficiency violated: policy plugin ./leaky-split.js (rewards): splitFee() split fee 20000 into shares summing to 19999 (leaking 1 micro)"],
  ])("a rewards plugin whose split is not exact (%s) breaks fee-split-efficiency: exit 1 naming the plugin, before the ledger sees it", async (plugin, message) => {
    const out = join(tempDir(), "out");
    const r = await runCli("run", join(fixtures, "broken-plugin.yaml"), "--set", `policies.rewards.use=./${plugin}`, "--out", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toMatch(/failed at t=\d/);
    expect(existsSync(out)).toBe(false);
  });

  it("in a sweep, a misbehaving plugin's runs are recorded as failed in runs.csv and the other runs finish (exit 1)", async () => {
    const out = join(tempDir(), "sweep");
    const r = await runCli("sweep", join(fixtures, "broken-sweep.yaml"), "--out", out, "--workers", "1", "--quiet");
    expect(r.code).toBe(1);
    const rows = readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n").slice(1);
    expect(rows).toHaveLength(4);
    expect(rows.filter((row) => row.includes(",ok,"))).toHaveLength(2);
    const failed = rows.filter((row) => row.includes(",failed,"));
    expect(failed).toHaveLength(2);
    for (const row of failed) expect(row).toContain("nan-credit.js (attribution): credit() gave contribution 0 the value NaN");
  });

  it("in a sweep with --max-wall, a plugin call that never returns has its worker stopped; the run is recorded as failed naming plugin, call and time, and the others finish", async () => {
    const out = join(tempDir(), "stuck");
    const r = await runCli("sweep", join(fixtures, "stuck-sweep.yaml"), "--out", out, "--workers", "1", "--max-wall", "1", "--quiet");
    expect(r.code).toBe(1);
    const rows = readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n").slice(1);
    expect(rows[0]).toContain(",ok,");
    expect(rows[1]).toContain(',failed,"policy plugin ./never-returns.js (attribution) credit() called at t=24 did not return within --max-wall 1 s + 5 s grace, so its worker was stopped"');
  }, 60_000);

  it("a plugin's module-level state is not shared between the runs of a sweep (fresh module per run)", async () => {
    const out = join(tempDir(), "stateful");
    const r = await runCli("sweep", join(fixtures, "stateful-sweep.yaml"), "--out", out, "--workers", "1", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    const [, a, b] = readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n");
    // Identical points and seeds: identical metrics (only the run id and point differ).
    expect(a!.split(",").slice(2)).toEqual(b!.split(",").slice(2));
  });

  it("coordsim run --max-wall with plugins runs under a watchdog: same files as without it, and a call that never returns is stopped and named (exit 2, no output)", async () => {
    const dir = tempDir();
    const file = join(fixtures, "broken-plugin.yaml");
    const example = ["--set", "policies.attribution.use=../../../scenarios/examples/size-weighted-attribution.js"];
    const plain = await runCli("run", file, ...example, "--out", join(dir, "plain"), "--quiet");
    const watched = await runCli("run", file, ...example, "--max-wall", "30", "--out", join(dir, "watched"), "--quiet");
    expect([plain.code, watched.code]).toEqual([0, 0]);
    for (const f of ["summary.csv", "timeseries.csv", "entities.csv"]) expect(readFileSync(join(dir, "watched", f), "utf8")).toBe(readFileSync(join(dir, "plain", f), "utf8"));
    const thrown = await runCli("run", file, "--max-wall", "30", "--out", join(dir, "thrown"));
    expect(thrown.code).toBe(2);
    expect(thrown.stderr).toContain("policy plugin ./throws-in-credit.js (attribution) threw in credit(): boom");
    const stuck = await runCli("run", file, "--set", "policies.attribution.use=./never-returns.js", "--max-wall", "1", "--out", join(dir, "stuck"));
    expect(stuck.code).toBe(2);
    expect(stuck.stderr).toContain("policy plugin ./never-returns.js (attribution) credit() called at t=24 did not return within --max-wall 1 s + 5 s grace, so its worker was stopped");
    expect(existsSync(join(dir, "stuck"))).toBe(false);
  }, 60_000);

  it("--max-wall stops a run cleanly and marks it truncated in the manifest", async () => {
    const dir = tempDir();
    const file = join(dir, "long.yaml");
    writeFileSync(file, "name: long\nduration: 1000000\nwindow: 1000\nproviders: { count: 20 }\nmodels: { count: 3 }\nagents: { count: 200 }\ntasks: { rate: 50 }\n");
    const out = join(dir, "out");
    const r = await runCli("run", file, "--max-wall", "0.5", "--out", out, "--quiet");
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { stop_reason: string; truncated: boolean; simulated_hours: number };
    expect(manifest).toMatchObject({ stop_reason: "maxWall", truncated: true });
    expect(manifest.simulated_hours).toBeLessThan(1_000_000);
    expect((await runCli("run", file, "--max-wall", "0")).stderr).toContain('--max-wall expects a number of seconds > 0, got "0"');
  });

  it("a plugin of the wrong shape, a missing plugin and unknown plugin params are clear errors (exit 2)", async () => {
    const file = join(fixtures, "broken-plugin.yaml");
    const shape = await runCli("run", file, "--set", "policies.attribution.use=./wrong-shape.js");
    expect(shape.code).toBe(2);
    expect(shape.stderr).toContain("policy plugin ./wrong-shape.js (attribution): the object create() returns has no credit() method");
    const missing = await runCli("validate", file, "--set", "policies.attribution.use=./missing.js");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`policies.attribution.use: policy plugin "./missing.js" not found (looked for ${join(fixtures, "missing.js")})`);
    const params = await runCli("validate", join(ROOT, "scenarios/examples/plugin-attribution.yaml"), "--set", "policies.attribution.params.bogus=1");
    expect(params.code).toBe(2);
    expect(params.stderr).toContain("policies.attribution.params.bogus: unknown key (allowed: exponent)");
  });
});

describe("coordsim policies", () => {
  it("lists every family and built-in with params and defaults, as text and JSON", async () => {
    const json = await runCli("policies", "--json");
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { family: string; name: string; isDefault: boolean; params: { name: string; default: unknown }[] }[];
    expect([...new Set(list.map((p) => p.family))]).toEqual(["attribution", "rewards", "trust", "coordination", "routing", "adaptation"]);
    for (const family of new Set(list.map((p) => p.family))) expect(list.filter((p) => p.family === family && p.isDefault)).toHaveLength(1);
    const imitation = list.find((p) => p.name === "imitation")!;
    expect(imitation.params).toEqual(expect.arrayContaining([expect.objectContaining({ name: "every", default: 168 })]));
    const text = await runCli("policies");
    for (const p of list) expect(text.stdout).toContain(`  ${p.name}`);
  });
});

describe("plugins inside worker threads", () => {
  const runInWorker = async (file: string, overrides: string[]) => {
    const { Worker } = await import("node:worker_threads");
    const worker = new Worker(new URL("./fixtures/plugins/worker-run.mjs", import.meta.url), { workerData: { file, overrides } });
    try {
      return await new Promise<{ ok: boolean; summary?: Record<string, unknown>; message?: string; kind?: string }>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
    } finally {
      await worker.terminate();
    }
  };

  it("a plugin loads and runs in a worker, with the same results as in the main thread", async () => {
    const file = join(ROOT, "scenarios/examples/plugin-attribution.yaml");
    const inWorker = await runInWorker(file, ["duration=100"]);
    expect(inWorker.ok).toBe(true);
    const main = await runCli("run", file, "--out", join(tempDir(), "o"), "--json", "--set", "duration=100");
    expect(inWorker.summary).toEqual(JSON.parse(main.stdout).summary);
  });

  it("a throwing plugin in a worker reports the plugin, call, time and entity", async () => {
    const r = await runInWorker(join(fixtures, "broken-plugin.yaml"), []);
    expect(r.ok).toBe(false);
    expect(r.message).toContain("policy plugin ./throws-in-credit.js (attribution) threw in credit(): boom");
    expect(r.message).toContain("at t=24");
    expect(r.kind).toBe("bad-input");
  });
});
