import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readCsvRecords } from "../src/output/runsCsv.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

// Robust design (optimize.worst_case: attack) on the tiny copycat world of
// scenarios/attack-copycat-search.yaml: the mechanism's attribution policy and
// dedup rule are searched, each candidate against the strongest copycat an
// inner attack search finds for it, with a Pareto front over copy_gain and
// wasted compute.
const BASE = readFileSync(join(ROOT, "scenarios/attack-copycat-search.yaml"), "utf8").replace(/^attack:[\s\S]*$/m, "");
const BLOCKS = `attack:
  factors:
    providers.nearCopyShare: { uniform: [0, 1] }
    providers.nearCopyNoise: { uniform: [0, 1] }
  gain: copy_gain
  cap: providers_broke <= 0
  budget: 8
  population: 4
  replicates: 1
optimize:
  factors:
    policies.attribution: { categorical: [volume, uniform] }
    datanets.dedup: { categorical: [none, exact] }
  minimize: copy_gain
  front:
    - minimize: copy_gain
    - minimize: wasted_compute_micro
  worst_case: attack
  budget: 8
  population: 4
  replicates: 2
`;

let scenario: string;
let reference: string;

function write(name: string, text: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

/** Every file of a search folder that must not depend on workers or interruptions, by path. */
function deterministicFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "runs" && entry.name !== "tables") walk(path);
      } else if (/^(optimize\.json|generations\.csv|pareto\.csv|runs\.csv|design\.csv|strongest-attack\.yaml)$/.test(entry.name)) files[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return files;
}

beforeAll(async () => {
  scenario = write("robust.yaml", `${BASE}${BLOCKS}`);
  reference = join(tempDir(), "reference");
  const r = await runCli("optimize", scenario, "--workers", "2", "--out", reference);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/worst case: against each candidate, first the strongest attack on copy_gain under the cap providers_broke <= 0: 2 generation\(s\) x 4 attacks x 1 replicate\(s\) \(8 runs per candidate\)/);
  expect(r.stderr).toMatch(/generation 1\/2, candidate 1\/4: strongest attack best max/);
}, 120_000);

describe("optimize worst_case: attack", () => {
  it("scores each candidate against the strongest attack of its own inner search, on hold-out replicate seeds", () => {
    const rows = readCsvRecords(join(reference, "generations.csv"));
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      const inner = JSON.parse(readFileSync(join(reference, row.attack_search!, "optimize.json"), "utf8")) as { best: { values: Record<string, number>; objective_mean: number; objective_se: number } | null; objective: string };
      // The inner search was against this candidate's mechanism.
      expect(readFileSync(join(reference, row.attack_search!, "strongest-attack.yaml"), "utf8")).toContain(`against: policies.attribution=${row["policies.attribution"]}, datanets.dedup=${row["datanets.dedup"]}`);
      expect(inner.best).not.toBeNull();
      expect(Number(row["attack:providers.nearCopyShare"])).toBe(inner.best!.values["providers.nearCopyShare"]);
      expect(Number(row["attack:providers.nearCopyNoise"])).toBe(inner.best!.values["providers.nearCopyNoise"]);
      expect(Number(row.attack_gain_mean)).toBe(inner.best!.objective_mean);
      // The candidate's runs carry that attack and the mechanism.
      const g = `g${row.generation!.padStart(3, "0")}`;
      const runs = readCsvRecords(join(reference, "generations", g, "runs.csv")).filter((r) => r.point === row.candidate);
      expect(runs).toHaveLength(2);
      for (const run of runs) {
        expect(run["providers.nearCopyShare"]).toBe(row["attack:providers.nearCopyShare"]);
        expect(run["policies.attribution"]).toBe(row["policies.attribution"]);
      }
      const gains = runs.map((r) => Number(r.copy_gain));
      expect(Number(row.objective_mean)).toBeCloseTo((gains[0]! + gains[1]!) / 2, 12);
      expect(row["front_mean:copy_gain"]).toBe(row.objective_mean);
      // Hold-out seeds: not those the inner search chose the attack on.
      const innerSeeds = readCsvRecords(join(reference, row.attack_search!, "generations", "g000", "runs.csv")).map((r) => r.seed);
      for (const run of runs) expect(innerSeeds).not.toContain(run.seed);
    }
    // One inner search per distinct mechanism: repeated categorical candidates reuse its folder.
    const mechanisms = new Set(rows.map((r) => `${r["policies.attribution"]}/${r["datanets.dedup"]}`));
    expect(readdirSync(join(reference, "attacks"))).toHaveLength(mechanisms.size);
    expect(new Set(rows.map((r) => r.attack_search)).size).toBe(mechanisms.size);
  });

  it("finds the mechanism that limits the strongest copycat: exact dedup beats none under every attribution tried", () => {
    const rows = readCsvRecords(join(reference, "generations.csv"));
    const best = JSON.parse(readFileSync(join(reference, "optimize.json"), "utf8")) as { best: { values: Record<string, string> }; worst_case: string; front: unknown };
    expect(best.worst_case).toBe("attack");
    expect(best.front).toEqual([
      { expression: "copy_gain", sense: "minimize" },
      { expression: "wasted_compute_micro", sense: "minimize" },
    ]);
    expect(best.best.values["datanets.dedup"]).toBe("exact");
    const gain = (dedup: string) => rows.filter((r) => r["datanets.dedup"] === dedup).map((r) => Number(r.objective_mean));
    expect(gain("none").length).toBeGreaterThan(0);
    expect(Math.max(...gain("exact"))).toBeLessThan(Math.min(...gain("none")));
  });

  it("writes pareto.csv: exactly the feasible rows no other feasible row dominates on the front means, each setting once", () => {
    const rows = readCsvRecords(join(reference, "generations.csv"));
    const front = readCsvRecords(join(reference, "pareto.csv"));
    const value = (r: Record<string, string>) => [Number(r["front_mean:copy_gain"]), Number(r["front_mean:wasted_compute_micro"])];
    const dominated = (r: Record<string, string>) => rows.some((q) => q.feasible === "1" && value(q)[0]! <= value(r)[0]! && value(q)[1]! <= value(r)[1]! && (value(q)[0]! < value(r)[0]! || value(q)[1]! < value(r)[1]!));
    // A candidate repeating an earlier one's settings ran the same runs: only the first is listed.
    const key = (r: Record<string, string>) => `${r["policies.attribution"]}/${r["datanets.dedup"]}`;
    const firsts = rows.filter((r, i) => rows.findIndex((q) => key(q) === key(r)) === i);
    const expected = firsts.filter((r) => r.feasible === "1" && !dominated(r));
    expect(front.length).toBeGreaterThan(0);
    expect(front).toEqual(expected);
    expect(new Set(front.map(key)).size).toBe(front.length);
  });

  it("gives the same files with 1 worker as with 2", async () => {
    const dir = join(tempDir(), "one");
    expect((await runCli("optimize", scenario, "--workers", "1", "--out", dir, "--quiet")).code).toBe(0);
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
  }, 120_000);

  it("SIGKILL in the middle of an inner search, then --resume, gives byte-identical files", async () => {
    const dir = join(tempDir(), "killed");
    const child = spawn(process.execPath, [join(ROOT, "dist/bin/coordsim.js"), "optimize", scenario, "--workers", "1", "--out", dir, "--quiet"], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const started = () => existsSync(join(dir, "attacks")) && readdirSync(join(dir, "attacks")).length >= 2;
    for (let i = 0; i < 12000 && !started() && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGKILL");
    await exited;
    expect(started()).toBe(true);
    expect(existsSync(join(dir, "pareto.csv"))).toBe(false);
    expect((await runCli("optimize", scenario, "--workers", "2", "--out", dir, "--resume", "--quiet")).code).toBe(0);
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
  }, 120_000);
});

describe("optimize worst_case: no attack under the cap", () => {
  it("scores the candidate against the inner search's least-violating attack (attack_under_cap 0), not as infeasible", async () => {
    // Every duplicator spends something, so no attack fits a zero budget.
    const text = `${BASE}${BLOCKS}`.replace("  cap: providers_broke <= 0", "  cap: adversarial_cost_micro_provider <= 0").replace("  budget: 8\n  population: 4\n  replicates: 2", "  budget: 4\n  population: 4\n  replicates: 1").replace("  budget: 8\n  population: 4\n  replicates: 1", "  budget: 4\n  population: 4\n  replicates: 1");
    const out = join(tempDir(), "capped");
    const r = await runCli("optimize", write("capped.yaml", text), "--workers", "2", "--out", out, "--quiet");
    expect(r.code, r.stderr).toBe(0);
    const rows = readCsvRecords(join(out, "generations.csv"));
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.attack_under_cap).toBe("0");
      expect(row.feasible).toBe("1");
      const inner = readCsvRecords(join(out, row.attack_search!, "generations.csv"));
      expect(inner.every((a) => a.feasible === "0")).toBe(true);
      const least = Math.min(...inner.map((a) => Number(a.violation)));
      const chosen = inner.find((a) => Number(a.violation) === least)!;
      expect(row["attack:providers.nearCopyShare"]).toBe(chosen["providers.nearCopyShare"]);
      expect(row.attack_gain_mean).toBe(chosen.objective_mean);
    }
  }, 120_000);
});

describe("optimize worst_case and front: bad input", () => {
  it("refuses worst_case without an attack block, a factor both sides set, a one-objective front and --shard (exit 2, nothing written)", async () => {
    const out = join(tempDir(), "bad");
    const noAttack = write("no-attack.yaml", `${BASE}${BLOCKS.replace(/^attack:[\s\S]*?(?=^optimize:)/m, "")}`);
    const a = await runCli("optimize", noAttack, "--out", out);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/no-attack\.yaml:\d+:\d+ optimize\.worst_case: worst_case: attack searches the scenario's attack block against each candidate; add an attack block/);
    const both = write("both.yaml", `${BASE}${BLOCKS.replace("    datanets.dedup: { categorical: [none, exact] }", "    providers.nearCopyShare: { uniform: [0, 1] }")}`);
    const b = await runCli("optimize", both, "--out", out);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/both\.yaml:\d+:\d+ attack\.factors\.providers\.nearCopyShare: providers\.nearCopyShare is both an optimize factor \(the mechanism's\) and an attack factor/);
    const one = write("one.yaml", `${BASE}${BLOCKS.replace("    - minimize: wasted_compute_micro\n", "")}`);
    const c = await runCli("optimize", one, "--out", out);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/one\.yaml:\d+:\d+ optimize\.front: expected at least two objectives for a Pareto front/);
    const typo = write("typo.yaml", `${BASE}${BLOCKS.replace("- minimize: wasted_compute_micro", "- minimize: wasted_compute_mirco")}`);
    const d = await runCli("optimize", typo, "--out", out);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/typo\.yaml:\d+:\d+ optimize\.front\[1\]\.minimize: unknown metric wasted_compute_mirco at column 1; did you mean wasted_compute_micro\?/);
    const e = await runCli("optimize", scenario, "--generation", "0", "--shard", "0/2", "--out", out);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/--shard: a worst_case search runs an attack search against each candidate/);
    expect(existsSync(out)).toBe(false);
  });
});
