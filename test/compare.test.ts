import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { compareRows } from "../src/output/compareCsv.js";
import { simulate } from "../src/runner/simulate.js";
import type { RunRecord } from "../src/output/runsCsv.js";
import { loadScenarioText } from "../src/scenario/load.js";
import { planSweep } from "../src/scenario/sweep.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";
import { readCsvRecords } from "../src/output/runsCsv.js";

const tiny = join(ROOT, "test/fixtures/sweeps/tiny.yaml");

describe("coordsim compare", () => {
  it("on attack-copycat, uniform vs first-contributor: the copy_gain CI excludes 0, pairing reduced its variance; exogenous metrics differ by exactly 0", async () => {
    const out = join(tempDir(), "cmp");
    const r = await runCli(
      "compare", join(ROOT, "scenarios/attack-copycat.yaml"), "--vary", "policies.attribution=uniform,first-contributor",
      "--set", "duration=500", "--replicates", "6", "--metrics", "copy_gain,provider_reward_gini,tasks_completed", "--workers", "2", "--out", out,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("A = policies.attribution=uniform\nB = policies.attribution=first-contributor\n6 paired replicates (common random numbers)");
    expect(r.stdout).toMatch(/^copy_gain +\S+ +\S+ +-\S+ +\[-\S+, -\S+\] +<1e-4 +-\d+\.\d\d +\d+\.\d%$/m);
    // tasks_completed is identical in every pair: left out of the median.
    expect(r.stdout).toMatch(/pairing reduced the variance of the differences by a median of -?\d+\.\d% over the 2 metric\(s\) the varied setting moved \(values differ in at least one pair\); 1 metric\(s\) identical in every pair left out\n/);
    expect(r.stderr).toMatch(/^compare: 12\/12 runs, ETA 0s$/m);
    expect(r.stderr).not.toMatch(/^sweep:/m);
    const rows = readCsvRecords(join(out, "compare.csv"));
    expect(rows.map((x) => x.metric)).toEqual(["copy_gain", "provider_reward_gini", "tasks_completed"]);
    const copy = rows[0]!;
    expect(Number(copy.ci_high)).toBeLessThan(0);
    expect(Number(copy.variance_reduction)).toBeGreaterThan(0);
    expect(Number(copy.p_holm)).toBeGreaterThanOrEqual(Number(copy.p_value));
    // Attribution does not touch task arrivals or execution: on common random numbers the difference is exactly 0.
    expect(rows[2]).toMatchObject({ diff: "0", ci_low: "0", ci_high: "0", p_value: "1", variance_reduction: "1" });
  });

  it("on common random numbers the variants share every seed, and a metric the varied field cannot affect differs by exactly 0", async () => {
    const out = join(tempDir(), "crn");
    const r = await runCli("compare", tiny, "--vary", "policies.attribution=volume,uniform", "--replicates", "4", "--metrics", "all", "--out", out, "--quiet");
    expect(r.code).toBe(0);
    const rows = readCsvRecords(join(out, "compare.csv"));
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.find((row) => row.metric === "tasks_arrived")).toMatchObject({ diff: "0", ci_low: "0", ci_high: "0", p_value: "1" });
    const runs = readCsvRecords(join(out, "runs.csv"));
    expect(runs.filter((x) => x.point === "0").map((x) => x.seed)).toEqual(runs.filter((x) => x.point === "1").map((x) => x.seed));
  });

  it("--unpaired gives each variant its own seeds and reports Welch intervals without a variance reduction", async () => {
    const out = join(tempDir(), "unpaired");
    const r = await runCli("compare", tiny, "--vary", "tasks.rate=5,5", "--replicates", "3", "--unpaired", "--metrics", "tasks_arrived", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("3 independent replicates per variant (Welch t)");
    const runs = readCsvRecords(join(out, "runs.csv"));
    const seeds = new Set(runs.map((x) => x.seed));
    expect(seeds.size).toBe(6);
    const [row] = readCsvRecords(join(out, "compare.csv"));
    expect(row).toMatchObject({ paired: "0", variance_reduction: "" });
    expect(Number(row!.diff)).not.toBe(0);
  });

  it("rejects a missing or repeated --vary, a --vary with one value and unknown metrics (exit 2)", async () => {
    expect((await runCli("compare", tiny)).stderr).toContain("compare needs --vary path=a,b");
    expect((await runCli("compare", tiny, "--vary", "a=1,2", "--vary", "b=1,2")).stderr).toContain("--vary may be given once");
    expect((await runCli("compare", tiny, "--vary", "tasks.rate=5")).code).toBe(2);
    const unknownPolicy = await runCli("compare", tiny, "--vary", "policies.attribution=volume,volumee");
    expect(unknownPolicy.code).toBe(2);
    expect(unknownPolicy.stderr).toContain('(--vary policies.attribution=volumee) policies.attribution: unknown attribution policy "volumee"');
  });
});

describe("compare refuses, before running anything, a --vary or --metrics that cannot mean anything (exit 2)", () => {
  it.each<[string[], RegExp]>([
    [["--vary", "seed=1,2"], /--vary seed: cannot vary seed \(use replicates: replicate r gets its own derived seed\); every variant would run the same simulations/],
    [["--vary", "name=a,b"], /--vary name: cannot vary name \(it identifies the sweep/],
    [["--vary", "check.runs=1,2"], /--vary check\.runs: cannot vary check \(only `coordsim check` reads the check block/],
    [["--vary", "sweep.replicates=1,2"], /--vary sweep\.replicates: cannot vary sweep \(each run ignores the sweep block/],
    [["--vary", "sweep=a,b"], /--vary sweep: cannot vary sweep/],
    [["--vary", "description=a,b"], /--vary description: cannot vary description \(free text that no run reads\)/],
    [["--vary", "$schema=a,b"], /--vary \$schema: cannot vary \$schema/],
    [["--vary", "tasks.rate=5,5"], /--vary tasks\.rate: the value 5 is given twice; on common random numbers two equal variants are the same runs and differ by exactly 0 \(for an A\/A check of the intervals, add --unpaired\)/],
    [["--vary", "tasks.rate=5,6,5.0"], /--vary tasks\.rate: the values 5 and 5\.0 are the same/],
    [["--vary", "policies.attribution=volume,volume"], /the value volume is given twice/],
    [["--vary", "tasks.rate=5"], /--vary tasks\.rate: expected at least two comma-separated values to compare, got "5"/],
    [["--vary", "tasks.rate=5,,6"], /--vary tasks\.rate: value 2 of 3 is empty/],
    [["--vary", "tasks.rate="], /expected at least two comma-separated values/],
    [["--vary", "=5,6"], /--vary expects path=a,b/],
    [["--vary", "tasks.rte=5,6"], /\(--vary tasks\.rte=5\) tasks\.rte: unknown key \(did you mean "rate"\?\)/],
    [["--vary", "tasks.rate=5,-1"], /\(--vary tasks\.rate=-1\) tasks\.rate:/],
    [["--vary", "agents.count=2,1e9"], /\(--vary agents\.count=1000000000\) agents\.count: expected an integer in \[1,10000000\]/],
    [["--vary", "tasks.rate=5,6", "--metrics", "copy_gian"], /--metrics: unknown metric "copy_gian" \(did you mean "copy_gain"\?\); `coordsim metrics` lists the summary\.csv columns/],
    [["--vary", "tasks.rate=5,6", "--metrics", "tasks_arrived,nope_nope_nope"], /--metrics: unknown metric "nope_nope_nope"; `coordsim metrics`/],
    [["--vary", "tasks.rate=5,6", "--metrics", ""], /--metrics: expected comma-separated summary\.csv columns or "all", got ""/],
    [["--vary", "tasks.rate=5,6", "--metrics", "all,copy_gain"], /--metrics: "all" cannot be combined with metric names/],
    [["--vary", "tasks.rate=5,6", "--metrics", "copy_gain,copy_gain"], /--metrics: copy_gain is listed twice/],
    [["--vary", "tasks.rate=5,6", "--metrics", "copy_gain,,tasks_arrived"], /--metrics: name 2 of 3 is empty/],
  ])("%j", async (args, message) => {
    const out = join(tempDir(), "refused");
    const r = await runCli("compare", tiny, ...args, "--replicates", "2", "--out", out, "--quiet");
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it("an A/A comparison on independent seeds (--unpaired) is allowed", async () => {
    const out = join(tempDir(), "aa");
    const r = await runCli("compare", tiny, "--vary", "tasks.rate=5,5", "--unpaired", "--replicates", "2", "--metrics", "tasks_arrived", "--out", out, "--quiet");
    expect(r.code, r.stderr).toBe(0);
  });

  it("sweep refuses the same fields as grid axes (one rule)", async () => {
    const dir = tempDir();
    for (const field of ["seed", "name", "description", "check.runs", "sweep.replicates"]) {
      const file = join(dir, "grid.yaml");
      writeFileSync(file, `name: g\nduration: 10\nsweep:\n  grid:\n    ${field}: [1, 2]\n`);
      const r = await runCli("sweep", file, "--out", join(dir, "out"), "--quiet");
      expect(r.code, field).toBe(2);
      expect(r.stderr).toContain(`sweep.grid.${field}: cannot sweep ${field.split(".")[0]} (`);
    }
  });
});

describe("calibration of the comparison statistics", () => {
  it("A/A on independent seeds: 95% CIs contain 0 in 93-97% of repeated trials", () => {
    const scenario = loadScenarioText("name: calib\nduration: 40\nproviders: { count: 5 }\nmodels: { count: 1 }\nagents: { count: 5 }\ntasks: { rate: 2 }\n", "calib.yaml", { catalog: builtinCatalog });
    const trials = 800;
    const replicates = 4;
    const metrics = ["value_delivered_micro", "tasks_arrived"];
    const covered = metrics.map(() => 0);
    for (let trial = 0; trial < trials; trial++) {
      // The run list compare --unpaired builds: two identical variants, each on its own seed lane.
      const plan = planSweep([{ path: "tasks.rate", values: [2, 2] }], { baseSeed: 1000 + trial, replicates, unpaired: true });
      const records: RunRecord[] = plan.runs.map((run) => {
        const summary = simulate({ ...scenario, seed: run.seed }).summary;
        return { run, status: "ok", error: "", metrics: Object.fromEntries(metrics.map((m) => [m, String(summary[m])])) };
      });
      const rows = compareRows(records, ["A", "A'"], metrics, replicates, false);
      rows.forEach((row, m) => {
        if (row.ci_low! <= 0 && 0 <= row.ci_high!) covered[m]!++;
      });
    }
    const coverage = covered.map((c) => c / trials);
    console.log(`A/A unpaired coverage of 95% CIs over ${trials} trials (n=${replicates} per variant): ${metrics.map((m, i) => `${m} ${(100 * coverage[i]!).toFixed(1)}%`).join(", ")}`);
    for (const c of coverage) {
      expect(c).toBeGreaterThanOrEqual(0.93);
      expect(c).toBeLessThanOrEqual(0.97);
    }
  }, 120_000);
});
