// `coordsim sensitivity` on hand-written sweep folders that follow the issue 20
// contract (sweep.json, design.csv, runs.csv), with "metrics" that are known
// functions of the factors: the CSV's values and bytes, the ranked table, and
// the refusals (exit 2 naming the file, line and column).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { toCsv, type Cell } from "../src/output/csv.js";
import { sensitivityCsv } from "../src/output/sensitivityCsv.js";
import { analyseMetric } from "../src/metrics/sensitivity/analyse.js";
import type { Design, DesignBlock } from "../src/metrics/sensitivity/design.js";
import { Stream } from "../src/sim/rng/index.js";
import { runCli, spawnCli, tempDir } from "./helpers/cli.js";

const root = tempDir("coordsim-sensitivity-");
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface FixturePoint {
  block: DesignBlock;
  base: number;
  factor: number | null;
  u: number[];
}

interface Fixture {
  factors: string[];
  points: FixturePoint[];
  replicates: number;
  /** metric name -> value at (u, replicate) */
  metrics: Record<string, (u: number[], r: number) => number>;
  design?: Record<string, unknown> | null;
  axes?: { path: string; values: unknown[] }[];
  /** ids of runs written as failed */
  failed?: string[];
}

/** A complete sweep folder as `coordsim sweep` writes it (runs/ folders aside, which sensitivity does not read). */
function writeFolder(name: string, f: Fixture): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const pad = (n: number, total: number) => String(n).padStart(Math.max(1, String(total - 1).length), "0");
  const runsTotal = f.points.length * f.replicates;
  // A design block sweep.json's checks accept: its size (points per base point or trajectory) matches the points written.
  const kind = (f.design?.kind as string | undefined) ?? "sobol";
  const perBase = kind === "sobol" ? f.factors.length + 2 : f.factors.length + 1;
  const design = { kind, n: f.points.length / perBase, seed: 1, ...(kind === "morris" ? { levels: 2 } : {}), factors: Object.fromEntries(f.factors.map((p) => [p, { uniform: [0, 1] }])) };
  writeFileSync(
    join(dir, "sweep.json"),
    `${JSON.stringify({ coordsim_version: "0.1.0", scenario_file: "s.yaml", name, seed: 1, definition_sha256: "0".repeat(64), axes: f.axes ?? [], ...(f.design === null ? {} : { design }), replicates: f.replicates, runs_total: runsTotal, shard: null, runs_in_folder: runsTotal, status: "complete", failed: f.failed?.length ?? 0, started_at: "2024-01-01T00:00:00.000Z", wall_time_s: 1 }, null, 2)}\n`,
  );
  if (f.design !== null) {
    writeFileSync(join(dir, "design.csv"), toCsv(["point", "block", "base", "factor", ...f.factors.map((p) => `u:${p}`)], f.points.map((p, i) => [i, p.block, p.base, p.factor, ...p.u])));
  }
  const metricNames = Object.keys(f.metrics);
  const rows: Cell[][] = [];
  f.points.forEach((p, i) => {
    for (let r = 0; r < f.replicates; r++) {
      const id = `p${pad(i, f.points.length)}-r${pad(r, f.replicates)}`;
      const failed = f.failed?.includes(id) ?? false;
      rows.push([id, i, r, 1000 + r, ...p.u, failed ? "failed" : "ok", failed ? "boom" : "", ...metricNames.map((m) => (failed ? "" : f.metrics[m]!(p.u, r)))]);
    }
  });
  writeFileSync(join(dir, "runs.csv"), toCsv(["run_id", "point", "replicate", "seed", ...f.factors, "status", "error", ...metricNames], rows));
  return dir;
}

const FACTORS = ["providers.costPerUnit", "tasks.rate", "agents.count"];

/** Saltelli cross-sampling (contract point order): A_j, B_j, AB_j^(1..k) from pseudo-random A and B. */
function sobolPoints(k: number, n: number, seed: string): FixturePoint[] {
  const stream = new Stream(seed);
  const points: FixturePoint[] = [];
  for (let j = 0; j < n; j++) {
    const a = Array.from({ length: k }, () => stream.uniform());
    const b = Array.from({ length: k }, () => stream.uniform());
    points.push({ block: "A", base: j, factor: null, u: a }, { block: "B", base: j, factor: null, u: b });
    for (let i = 0; i < k; i++) points.push({ block: "AB", base: j, factor: i + 1, u: a.map((x, c) => (c === i ? b[i]! : x)) });
  }
  return points;
}

// Common random numbers: replicate r adds the same noise at every point.
const NOISE = [-0.5, 0.5];
const SOBOL: Fixture = {
  factors: FACTORS,
  points: sobolPoints(3, 64, "fixture"),
  replicates: 2,
  metrics: {
    copy_gain: (u, r) => 4 * u[0]! + 2 * u[1]! + NOISE[r]!,
    duplicate_execution_share: (u, r) => u[0]! * u[2]! + NOISE[r]! / 10,
  },
};

/** What the estimators give on the fixture's values: the CLI must write exactly this. */
function expectedCsv(f: Fixture, metrics: string[], resamples = 1000): string {
  const design: Design = { kind: f.points[0]!.block === "T" ? "morris" : "sobol", factors: f.factors, points: f.points };
  return sensitivityCsv(metrics.flatMap((m) => analyseMetric(m, design, f.points.map((p) => Array.from({ length: f.replicates }, (_, r) => f.metrics[m]!(p.u, r))), resamples).rows));
}

describe("coordsim sensitivity on a Sobol' design", () => {
  const dir = writeFolder("sobol", SOBOL);

  test("writes sensitivity.csv with the estimators' values for the default metrics, byte-identical on a rerun", () => {
    const first = spawnCli(["sensitivity", dir]);
    expect(first.stderr).toContain("sensitivity.csv");
    expect(first.code).toBe(0);
    const csv = readFileSync(join(dir, "sensitivity.csv"), "utf8");
    // Default metrics in the compare order: duplicate_execution_share before copy_gain.
    expect(csv).toBe(expectedCsv(SOBOL, ["duplicate_execution_share", "copy_gain"]));
    expect(csv.split("\n")[0]).toBe("metric,factor,index,estimate,ci_low,ci_high");
    expect(spawnCli(["sensitivity", dir]).code).toBe(0);
    expect(readFileSync(join(dir, "sensitivity.csv"), "utf8")).toBe(csv);
  });

  test("known answers: an unused factor has S1 = ST = 0, and the noise share is that of the replicates' noise", async () => {
    const r = await runCli("sensitivity", dir, "--metrics", "copy_gain", "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { design: string; rows: { factor: string; index: string; estimate: number | null; ci_low: number | null; ci_high: number | null }[] };
    expect(out.design).toBe("sobol");
    const of = (factor: string, index: string) => out.rows.find((x) => x.factor === factor && x.index === index)!;
    // copy_gain = 4 u1 + 2 u2 (+ noise the replicate mean removes): agents.count is unused.
    expect(of("agents.count", "S1")).toEqual({ metric: "copy_gain", factor: "agents.count", index: "S1", estimate: 0, ci_low: 0, ci_high: 0 });
    expect(of("agents.count", "ST").estimate).toBe(0);
    // Additive: S = c²/Σc² = 16/20 and 4/20; the analytic value lies within the interval.
    for (const [factor, share] of [["providers.costPerUnit", 0.8], ["tasks.rate", 0.2]] as const) {
      for (const index of ["S1", "ST"]) {
        expect(of(factor, index).ci_low!).toBeLessThanOrEqual(share);
        expect(of(factor, index).ci_high!).toBeGreaterThanOrEqual(share);
      }
    }
    // Noise variance: sample variance of {f - 0.5, f + 0.5} = 0.5 at every point; factor variance ≈ 16/12 + 4/12.
    const noise = of("*", "noise_share").estimate!;
    expect(noise + of("*", "factor_share").estimate!).toBeCloseTo(1, 15);
    expect(noise).toBeGreaterThan(0.5 / (0.5 + 20 / 12) - 0.08);
    expect(noise).toBeLessThan(0.5 / (0.5 + 20 / 12) + 0.08);
  });

  test("prints the factors ranked by ST, then the variance split", async () => {
    const r = await runCli("sensitivity", dir, "--metrics", "copy_gain", "--out", join(root, "other.csv"));
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("copy_gain: Sobol' (Saltelli cross-sampling), 64 of 64 base points, 320 points x 2 replicate(s)");
    expect(lines[1]).toMatch(/^factor\s+ST\s+95% CI\s+S1\s+95% CI$/);
    expect(lines.slice(2, 5).map((l) => l.split(/\s+/)[0])).toEqual(["providers.costPerUnit", "tasks.rate", "agents.count"]);
    expect(lines[5]).toMatch(/^variance split: seed noise \d+\.\d%, factors \d+\.\d% of one run's variance$/);
    expect(readFileSync(join(root, "other.csv"), "utf8")).toBe(expectedCsv(SOBOL, ["copy_gain"]));
  });

  test("--bootstrap 0 leaves the intervals empty", async () => {
    expect((await runCli("sensitivity", dir, "--metrics", "copy_gain", "--bootstrap", "0", "-q")).code).toBe(0);
    const csv = readFileSync(join(dir, "sensitivity.csv"), "utf8");
    expect(csv).toBe(expectedCsv(SOBOL, ["copy_gain"], 0));
    expect(csv).toContain("copy_gain,agents.count,S1,0,,\n");
  });

  test("a failed run leaves its whole base point out, says so and exits 1", async () => {
    const failing = writeFolder("sobol-failed", { ...SOBOL, failed: ["p007-r1"] });
    const r = await runCli("sensitivity", failing, "--metrics", "copy_gain");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("63 of 64 base points");
    expect(r.stdout).toContain("left out base points 1 (a failed run or an empty cell in one of their points)");
    expect(r.stderr).toContain("1 run(s) failed and were left out (with their whole base point or trajectory for the indices): p007-r1");
    // The indices and their intervals are those of the 63 complete base points alone.
    const kept = { ...SOBOL, points: SOBOL.points.filter((p) => p.base !== 1).map((p) => ({ ...p, base: p.base > 1 ? p.base - 1 : p.base })) };
    const csv = readFileSync(join(failing, "sensitivity.csv"), "utf8");
    const indexRows = (text: string) => text.split("\n").filter((l) => /,(S1|ST),/.test(l));
    expect(indexRows(csv)).not.toEqual([]);
    expect(indexRows(csv)).toEqual(indexRows(expectedCsv(kept, ["copy_gain"])));
  });
});

describe("coordsim sensitivity on a Morris design", () => {
  // p = 2 levels (u in {0, 1}, Δ = 1): 4 trajectories of 2 factors; copy_gain = 3 u1 - 5 u2.
  const starts = [[0, 0], [1, 0], [0, 1], [1, 1]];
  const orders = [[0, 1], [1, 0], [0, 1], [1, 0]];
  const points: FixturePoint[] = [];
  starts.forEach((start, t) => {
    let u = [...start];
    points.push({ block: "T", base: t, factor: null, u });
    for (const i of orders[t]!) {
      u = u.map((x, c) => (c === i ? 1 - x : x));
      points.push({ block: "T", base: t, factor: i + 1, u });
    }
  });
  const MORRIS: Fixture = { factors: ["tasks.rate", "agents.count"], points, replicates: 2, design: { kind: "morris" }, metrics: { copy_gain: (u, r) => 3 * u[0]! - 5 * u[1]! + NOISE[r]! } };
  const dir = writeFolder("morris", MORRIS);

  test("mu* = |c_i|, mu = c_i, sigma = 0 exactly, factors ranked by mu*", async () => {
    const r = await runCli("sensitivity", dir);
    expect(r.code).toBe(0);
    const csv = readFileSync(join(dir, "sensitivity.csv"), "utf8");
    expect(csv).toBe(expectedCsv(MORRIS, ["copy_gain"]));
    expect(csv).toContain("copy_gain,tasks.rate,mu,3,3,3\ncopy_gain,tasks.rate,mu_star,3,3,3\ncopy_gain,tasks.rate,sigma,0,0,0\n");
    expect(csv).toContain("copy_gain,agents.count,mu,-5,-5,-5\ncopy_gain,agents.count,mu_star,5,5,5\n");
    const lines = r.stdout.split("\n");
    expect(lines[1]).toMatch(/^factor\s+mu_star\s+95% CI\s+mu\s+95% CI\s+sigma\s+95% CI$/);
    expect(lines.slice(2, 4).map((l) => l.split(/\s+/)[0])).toEqual(["agents.count", "tasks.rate"]);
  });
});

describe("coordsim sensitivity on a grid sweep without design.csv", () => {
  // Point p, replicate r: 10 p + r. MS_within = 1, MS_between = 3 (100 + 0 + 100) / 2 = 300, n0 = 3:
  // factor variance (300 - 1) / 3, noise share 1 / (1 + 299/3) = 3/302.
  const grid: Fixture = {
    factors: ["agents.count"],
    axes: [{ path: "agents.count", values: [5, 10, 20] }],
    design: null,
    points: [0, 1, 2].map((p) => ({ block: "G", base: p, factor: null, u: [[5, 10, 20][p]!] })),
    replicates: 3,
    metrics: { copy_gain: (u, r) => 10 * [5, 10, 20].indexOf(u[0]!) + r },
  };
  const dir = writeFolder("grid", grid);

  test("still gets the variance split", async () => {
    const r = await runCli("sensitivity", dir, "--metrics", "copy_gain");
    expect(r.code).toBe(0);
    const rows = readFileSync(join(dir, "sensitivity.csv"), "utf8").trim().split("\n");
    expect(rows).toHaveLength(3);
    const [noise, factor] = rows.slice(1).map((l) => l.split(","));
    expect(noise!.slice(0, 3)).toEqual(["copy_gain", "*", "noise_share"]);
    expect(Number(noise![3])).toBeCloseTo(3 / 302, 14);
    expect(Number(factor![3])).toBeCloseTo(299 / 302, 14);
    expect(noise!.slice(4)).toEqual(["", ""]);
    expect(r.stdout).toContain("copy_gain: grid, 3 points x 3 replicate(s)\nvariance split: seed noise 1.0%, factors 99.0%");
  });
});

describe("coordsim sensitivity refuses bad input with exit 2, writing nothing", () => {
  const broken = (name: string, edit: (dir: string) => void): string => {
    const dir = writeFolder(name, SOBOL);
    edit(dir);
    return dir;
  };
  const replaceIn = (dir: string, file: string, from: string | RegExp, to: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), "utf8").replace(from, to));

  test.each([
    ["not a sweep folder", (d: string) => rmSync(join(d, "sweep.json")), /no sweep\.json/],
    ["a shard", (d: string) => replaceIn(d, "sweep.json", '"shard": null', '"shard": "0/2"'), /sweep\.json: this folder is shard 0\/2; join the shards with `coordsim merge`/],
    ["an unfinished sweep", (d: string) => replaceIn(d, "sweep.json", '"status": "complete"', '"status": "interrupted"'), /the sweep is interrupted; finish it with `coordsim sweep --resume`/],
    ["a bad block", (d: string) => replaceIn(d, "design.csv", "\n1,B,", "\n1,Q,"), /design\.csv: line 3, column block: expected one of A, B, AB, T, P, G, got "Q"/],
    ["AB points out of order", (d: string) => replaceIn(d, "design.csv", "\n2,AB,0,1,", "\n2,AB,0,2,"), /design\.csv: line 4 \(point 2\): expected block AB, base 0, factor 1/],
    ["a unit coordinate outside [0, 1]", (d: string) => replaceIn(d, "design.csv", /\n0,A,0,,[^,]*,/, "\n0,A,0,,1.5,"), /design\.csv: line 2, column u:providers\.costPerUnit: expected a unit coordinate in \[0, 1\], got "1\.5"/],
    ["a missing run", (d: string) => replaceIn(d, "runs.csv", /\np005-r1,[^\n]*/, ""), /runs\.csv: holds 639 of the sweep's 640 runs \(missing point 5 replicate 1\)/],
    ["a non-numeric metric cell", (d: string) => replaceIn(d, "runs.csv", /(\np003-r0,[^\n]*,ok,,)[^,]*/, "$1abc"), /runs\.csv: line 8, column copy_gain: expected a number, got "abc"/],
    ["runs.csv without a factor column", (d: string) => replaceIn(d, "runs.csv", "agents.count,", "agents,"), /runs\.csv: not a runs\.csv of this sweep \(missing column\(s\) agents\.count\)/],
  ])("%s", (_, edit, message) => {
    const dir = broken(`bad-${_.replace(/\W+/g, "-")}`, edit);
    const r = spawnCli(["sensitivity", dir]);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(() => readFileSync(join(dir, "sensitivity.csv"))).toThrow();
  });

  test("unknown or absent metrics and bad flags", async () => {
    const dir = writeFolder("flags", SOBOL);
    const unknown = await runCli("sensitivity", dir, "--metrics", "copy_gian");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--metrics: unknown metric "copy_gian" (did you mean "copy_gain"?)');
    const absent = await runCli("sensitivity", dir, "--metrics", "tasks_completed");
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain(`--metrics: tasks_completed not a column of ${join(dir, "runs.csv")}`);
    expect((await runCli("sensitivity", dir, "--bootstrap", "-1")).code).toBe(2);
    expect((await runCli("sensitivity", join(root, "nowhere"))).code).toBe(2);
  });
});
