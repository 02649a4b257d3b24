import fc from "fast-check";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

const fixtures = join(ROOT, "test/fixtures/sweeps");
const tiny = join(fixtures, "tiny.yaml");

/** Every deterministic file of a sweep folder (run manifests and sweep.json hold wall-clock time). */
function deterministicFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>([["runs.csv", readFileSync(join(dir, "runs.csv"), "utf8")]]);
  for (const id of readdirSync(join(dir, "runs")).sort()) {
    for (const f of ["summary.csv", "timeseries.csv", "entities.csv"]) files.set(`runs/${id}/${f}`, readFileSync(join(dir, "runs", id, f), "utf8"));
  }
  for (const f of readdirSync(join(dir, "tables")).sort()) files.set(`tables/${f}`, readFileSync(join(dir, "tables", f), "latin1"));
  return files;
}

let reference: { dir: string; files: Map<string, string> } | undefined;
/** The 12-run tiny sweep, run once with 1 worker and shared by the tests below. */
async function referenceSweep() {
  if (reference === undefined) {
    const dir = join(tempDir(), "w1");
    const r = await runCli("sweep", tiny, "--workers", "1", "--out", dir, "--quiet");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    reference = { dir, files: deterministicFiles(dir) };
  }
  return reference;
}

describe("coordsim sweep", () => {
  it("writes one folder per run and runs.csv with identity, swept parameters, status and every summary metric", async () => {
    const { dir } = await referenceSweep();
    expect(readdirSync(join(dir, "runs"))).toHaveLength(12);
    const lines = readFileSync(join(dir, "runs.csv"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(13);
    const header = lines[0]!.split(",");
    expect(header.slice(0, 8)).toEqual(["run_id", "point", "replicate", "seed", "policies.attribution", "providers.mix", "status", "error"]);
    const summaryHeader = readFileSync(join(dir, "runs/p0-r0/summary.csv"), "utf8").split("\n")[0]!.split(",");
    expect(header.slice(8)).toEqual(summaryHeader);
    expect(lines[1]).toMatch(/^p0-r0,0,0,2897391914,uniform,"\{""honest"":0.9,""duplicator"":0.1\}",ok,,/);
    // Each run's manifest says how to reproduce it with `coordsim run`.
    const manifest = JSON.parse(readFileSync(join(dir, "runs/p3-r2/manifest.json"), "utf8"));
    expect(manifest.sweep_run).toEqual({ id: "p3-r2", point: 3, replicate: 2, overrides: ["policies.attribution=volume", 'providers.mix={"honest":0.7,"duplicator":0.3}'] });
    expect(manifest.scenario.sweep).toBeUndefined();
    const sweep = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8"));
    expect(sweep).toMatchObject({ status: "complete", runs_total: 12, shard: null, replicates: 3, failed: 0 });
  });

  it("a run reproduces with `coordsim run --seed <seed> --set <overrides>` from its manifest", async () => {
    const { dir } = await referenceSweep();
    const manifest = JSON.parse(readFileSync(join(dir, "runs/p2-r1/manifest.json"), "utf8"));
    const out = join(tempDir(), "single");
    const args = manifest.sweep_run.overrides.flatMap((o: string) => ["--set", o]);
    const r = await runCli("run", tiny, "--seed", String(manifest.seed), ...args, "--out", out, "--quiet");
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, "summary.csv"), "utf8")).toBe(readFileSync(join(dir, "runs/p2-r1/summary.csv"), "utf8"));
  });

  it("--workers 1 and --workers 2 write byte-identical outputs", async () => {
    const { files } = await referenceSweep();
    const dir = join(tempDir(), "w2");
    const r = await runCli("sweep", tiny, "--workers", "2", "--out", dir, "--quiet");
    expect(r.code).toBe(0);
    expect(deterministicFiles(dir)).toEqual(files);
  });

  it("shards 0/3, 1/3 and 2/3 merged are byte-identical to the unsharded sweep", async () => {
    const { files } = await referenceSweep();
    const base = tempDir();
    const shards = [0, 1, 2].map((i) => join(base, `shard${i}`));
    for (const [i, dir] of shards.entries()) {
      const r = await runCli("sweep", tiny, "--shard", `${i}/3`, "--workers", "1", "--out", dir, "--quiet");
      expect(r.code).toBe(0);
      expect(readdirSync(join(dir, "runs"))).toHaveLength(4);
    }
    const missing = await runCli("merge", shards[0]!, shards[2]!, "--out", join(base, "partial"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing shard(s) 1/3");
    expect(existsSync(join(base, "partial"))).toBe(false);
    const merged = join(base, "merged");
    const r = await runCli("merge", ...shards.reverse(), "--out", merged);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("merged 3 shard(s): 12 runs, 0 failed");
    expect(deterministicFiles(merged)).toEqual(files);
    expect(JSON.parse(readFileSync(join(merged, "sweep.json"), "utf8"))).toMatchObject({ shard: null, runs_in_folder: 12, status: "complete" });
  });

  it("records a failing run in runs.csv with its error, finishes the others and exits 1", async () => {
    const dir = join(tempDir(), "fail");
    const r = await runCli("sweep", join(fixtures, "with-failure.yaml"), "--workers", "2", "--out", dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("2 run(s) failed");
    expect(r.stderr).toMatch(/p1-r0 \(seed \d+\): .*handler for "model.retrain" failed at t=24 .*boom: no credits today/);
    const rows = readFileSync(join(dir, "runs.csv"), "utf8").trim().split("\n").slice(1);
    expect(rows.map((l) => l.split(",").slice(0, 6).join(",").replace(/,\d{5,},/, ",S,"))).toEqual([
      "p0-r0,0,0,S,uniform,ok",
      "p0-r1,0,1,S,uniform,ok",
      "p1-r0,1,0,S,../plugins/throws-in-credit.js,failed",
      "p1-r1,1,1,S,../plugins/throws-in-credit.js,failed",
    ]);
    expect(existsSync(join(dir, "runs/p1-r0/manifest.json"))).toBe(false);
    // The long tables hold the complete runs only.
    expect(readFileSync(join(dir, "tables/summary.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",")[0])).toEqual(["p0-r0", "p0-r1"]);
  });

  it("--resume reruns only incomplete runs (no manifest, stale temp files, foreign hash) and rebuilds the same runs.csv", async () => {
    const { dir: refDir, files } = await referenceSweep();
    const dir = join(tempDir(), "resume");
    expect((await runCli("sweep", tiny, "--workers", "2", "--out", dir, "--quiet")).code).toBe(0);
    // Simulate a crash: runs.csv never written, one run without its manifest, one with a half-written temp file.
    rmSync(join(dir, "runs.csv"));
    rmSync(join(dir, "runs/p1-r2/manifest.json"));
    writeFileSync(join(dir, "runs/p1-r2/.summary.csv.tmp-999-0a1b2c3d"), "partial");
    rmSync(join(dir, "runs/p3-r0"), { recursive: true });
    const r = await runCli("sweep", tiny, "--workers", "2", "--out", dir, "--resume");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("12 runs (10 already complete), 0 failed");
    expect(deterministicFiles(dir)).toEqual(files);
    expect(readdirSync(join(dir, "runs/p1-r2"))).not.toContain(".summary.csv.tmp-999-0a1b2c3d");
    expect(refDir).not.toBe(dir);
  });

  it("refuses to write into a non-empty folder, to rerun a finished sweep without --resume, and to resume a different sweep (exit 2)", async () => {
    const { dir } = await referenceSweep();
    const occupied = tempDir();
    writeFileSync(join(occupied, "notes.txt"), "mine");
    const a = await runCli("sweep", tiny, "--out", occupied);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain("directory is not empty and holds no sweep.json");
    expect(readdirSync(occupied)).toEqual(["notes.txt"]);
    const b = await runCli("sweep", tiny, "--out", dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("already holds a sweep (use --resume");
    const c = await runCli("sweep", tiny, "--out", dir, "--resume", "--set", "duration=90");
    expect(c.code).toBe(2);
    expect(c.stderr).toContain("holds a different sweep");
    const d = await runCli("sweep", tiny, "--out", dir, "--resume", "--shard", "0/2");
    expect(d.code).toBe(2);
    expect(d.stderr).toContain("holds shard (unsharded), not 0/2");
  });

  it("--max-events truncates every run, is recorded in each run's scenario, and resuming without it is refused", async () => {
    const dir = join(tempDir(), "maxev");
    const r = await runCli("sweep", tiny, "--max-events", "300", "--replicates", "1", "--out", dir, "--quiet");
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "runs/p0-r0/manifest.json"), "utf8"));
    expect(manifest).toMatchObject({ truncated: true, stop_reason: "maxEvents", events_processed: 300 });
    expect(manifest.scenario.maxEvents).toBe(300);
    const again = await runCli("sweep", tiny, "--replicates", "1", "--out", dir, "--resume");
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("holds a different sweep");
  });

  it("names the line of a bad grid value and the field it sets; nothing is written (exit 2)", async () => {
    const out = join(tempDir(), "bad");
    const r = await runCli("sweep", join(fixtures, "bad-grid.yaml"), "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-grid\.yaml:10:37 policies\.attribution: unknown attribution policy "volumee".*\(sweep\.grid value policies\.attribution\[1\]\)/);
    expect(r.stderr).toMatch(/bad-grid\.yaml:11:23 agents\.count: .*-3.*\(sweep\.grid value agents\.count\[1\]\)/);
    expect(existsSync(out)).toBe(false);
  });

  it("rejects sweeping the seed, a bad --shard and --workers 0 (exit 2)", async () => {
    const dir = tempDir();
    const file = join(dir, "seed.yaml");
    writeFileSync(file, "name: s\nduration: 10\nsweep:\n  grid:\n    seed: [1, 2]\n");
    const r = await runCli("sweep", file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("sweep.grid.seed: cannot sweep seed (use replicates");
    expect((await runCli("sweep", tiny, "--shard", "3/3")).stderr).toContain("--shard expects i/N with 0 <= i < N");
    expect((await runCli("sweep", tiny, "--workers", "0")).code).toBe(2);
  });
});

describe("coordsim sweep: crash safety", () => {
  it("SIGKILL halfway, then --resume, gives runs.csv and run files byte-identical to an uninterrupted sweep", async () => {
    const { files } = await referenceSweep();
    const dir = join(tempDir(), "killed");
    mkdirSync(dir);
    const child = spawn(process.execPath, [join(ROOT, "dist/bin/coordsim.js"), "sweep", tiny, "--workers", "1", "--out", dir, "--quiet", "--resume"], { stdio: "ignore" });
    const complete = () => (existsSync(join(dir, "runs")) ? readdirSync(join(dir, "runs")).filter((id) => existsSync(join(dir, "runs", id, "manifest.json"))).length : 0);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    for (let i = 0; i < 3000 && complete() < 5 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGKILL");
    await exited;
    const done = complete();
    expect(done).toBeGreaterThanOrEqual(5);
    expect(done).toBeLessThan(12);
    expect(existsSync(join(dir, "runs.csv"))).toBe(false);
    const r = await runCli("sweep", tiny, "--workers", "2", "--out", dir, "--resume");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`(${done} already complete)`);
    expect(deterministicFiles(dir)).toEqual(files);
  });

  it("SIGKILL at 6 random moments, each followed by --resume, ends byte-identical to an uninterrupted sweep", async () => {
    // Longer runs than the reference sweep above, so random moments land inside runs and writes.
    const longer = ["--set", "duration=4000"];
    const ref = join(tempDir(), "ref");
    expect((await runCli("sweep", tiny, ...longer, "--workers", "2", "--out", ref, "--quiet")).code).toBe(0);
    const files = deterministicFiles(ref);
    const dir = join(tempDir(), "killed-often");
    const delays = fc.sample(fc.integer({ min: 150, max: 1000 }), { numRuns: 6 });
    let kills = 0;
    for (const delay of delays) {
      const child = spawn(process.execPath, [join(ROOT, "dist/bin/coordsim.js"), "sweep", tiny, ...longer, "--workers", "2", "--out", dir, "--quiet", "--resume"], { stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await new Promise((r) => setTimeout(r, delay));
      if (child.exitCode === null) {
        child.kill("SIGKILL");
        kills++;
      }
      await exited;
    }
    expect(kills, `killed at ${delays.join(", ")} ms`).toBeGreaterThanOrEqual(5);
    const r = await runCli("sweep", tiny, ...longer, "--workers", "2", "--out", dir, "--resume", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    expect(deterministicFiles(dir), `killed at ${delays.join(", ")} ms`).toEqual(files);
    // No temporary files are left behind by the killed attempts.
    const leftovers = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.includes(".tmp-"));
    expect(leftovers).toEqual([]);
  });

  it("SIGINT finishes the runs in progress, writes a runs.csv of exactly the finished runs, exits 130; --resume completes it", async () => {
    const longer = ["--set", "duration=4000"];
    const ref = join(tempDir(), "ref");
    expect((await runCli("sweep", tiny, ...longer, "--workers", "2", "--out", ref, "--quiet")).code).toBe(0);
    const dir = join(tempDir(), "interrupted");
    const child = spawn(process.execPath, [join(ROOT, "dist/bin/coordsim.js"), "sweep", tiny, ...longer, "--workers", "2", "--out", dir, "--quiet"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const manifests = () => (existsSync(join(dir, "runs")) ? readdirSync(join(dir, "runs")).filter((id) => existsSync(join(dir, "runs", id, "manifest.json"))) : []);
    for (let i = 0; i < 3000 && manifests().length < 2 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGINT");
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain("interrupted: finishing the runs in progress");
    const done = manifests().sort();
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.length).toBeLessThan(12);
    const rows = readFileSync(join(dir, "runs.csv"), "utf8").trim().split("\n").slice(1);
    expect(rows.map((row) => row.split(",")[0]).sort()).toEqual(done);
    expect(rows.every((row) => row.includes(",ok,"))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")).status).toBe("interrupted");
    const r = await runCli("sweep", tiny, ...longer, "--workers", "2", "--out", dir, "--resume", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(ref));
  });

  it("--resume leaves a temp-named folder (an interrupted notebook build) alone instead of failing on it", async () => {
    const dir = join(tempDir(), "with-site");
    expect((await runCli("sweep", tiny, "--workers", "2", "--out", dir, "--quiet")).code).toBe(0);
    mkdirSync(join(dir, ".notebooks.tmp-123-abcd1234"));
    const r = await runCli("sweep", tiny, "--workers", "2", "--out", dir, "--resume", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, ".notebooks.tmp-123-abcd1234"))).toBe(true);
  });
});
