import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";
import { readParquetFile } from "./helpers/parquet.js";

const sobol = join(ROOT, "test/fixtures/sweeps/tiny-sobol.yaml");

/** runs.csv, design.csv, the long tables and every run's deterministic files (manifests and sweep.json hold wall-clock time). */
function deterministicFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>(["runs.csv", "design.csv"].map((f) => [f, readFileSync(join(dir, f), "utf8")]));
  for (const f of readdirSync(join(dir, "tables")).sort()) files.set(`tables/${f}`, readFileSync(join(dir, "tables", f)).toString("base64"));
  for (const id of readdirSync(join(dir, "runs")).sort()) {
    for (const f of ["summary.csv", "timeseries.csv"]) files.set(`runs/${id}/${f}`, readFileSync(join(dir, "runs", id, f), "utf8"));
  }
  return files;
}

describe("coordsim sweep with a sobol design", () => {
  it("runs N(k+2) points × replicates; 2 shards merged and a --resume give the same runs.csv and design.csv bytes as one sweep", async () => {
    const base = tempDir();
    const whole = join(base, "whole");
    const r = await runCli("sweep", sobol, "--workers", "2", "--out", whole);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("sweep tiny-sobol: 20 sobol design point(s) x 2 replicate(s) = 40 runs");
    const reference = deterministicFiles(whole);
    const design = reference.get("design.csv")!.trimEnd().split("\n");
    expect(design[0]).toBe("point,block,base,factor,u:tasks.rate,u:agents.count,u:policies.attribution");
    expect(design.slice(1, 6).map((l) => l.split(",").slice(1, 4).join(","))).toEqual(["A,0,", "B,0,", "AB,0,1", "AB,0,2", "AB,0,3"]);
    const runs = reference.get("runs.csv")!.trimEnd().split("\n");
    expect(runs).toHaveLength(41);
    expect(runs[0]!.split(",").slice(0, 8)).toEqual(["run_id", "point", "replicate", "seed", "tasks.rate", "agents.count", "policies.attribution", "status"]);
    const manifest = JSON.parse(readFileSync(join(whole, "sweep.json"), "utf8")) as { axes: unknown[]; design: { kind: string; n: number; seed: number } };
    expect(manifest.axes).toEqual([]);
    expect(manifest.design).toMatchObject({ kind: "sobol", n: 4 });
    expect(Number.isInteger(manifest.design.seed)).toBe(true);
    // The long tables carry the factors as parameter columns, typed by the values the design gave them.
    const summary = await readParquetFile(join(whole, "tables/summary.parquet"));
    const type = (name: string) => summary.types[summary.names.indexOf(name)];
    expect(summary.names.slice(0, 7)).toEqual(["run_id", "point", "replicate", "seed", "tasks.rate", "agents.count", "policies.attribution"]);
    expect([type("tasks.rate"), type("agents.count"), type("policies.attribution")]).toEqual(["DOUBLE", "INT64", "STRING"]);
    expect(summary.numRows).toBe(40);

    const shards = [0, 1].map((i) => join(base, `shard${i}`));
    for (const [i, dir] of shards.entries()) expect((await runCli("sweep", sobol, "--workers", "1", "--shard", `${i}/2`, "--out", dir, "--quiet")).code).toBe(0);
    // Each shard already holds the whole design.csv: it is derived from the scenario only.
    for (const dir of shards) expect(readFileSync(join(dir, "design.csv"), "utf8")).toBe(reference.get("design.csv"));
    const merged = join(base, "merged");
    const m = await runCli("merge", ...shards, "--out", merged);
    expect(m.code).toBe(0);
    expect(deterministicFiles(merged)).toEqual(reference);

    const resumed = await runCli("sweep", sobol, "--resume", "--out", whole, "--quiet");
    expect(resumed.code).toBe(0);
    expect(deterministicFiles(whole)).toEqual(reference);
  });

  it("a bad category fails before any run, at its line, exit 2", async () => {
    const dir = tempDir();
    const file = join(dir, "bad.yaml");
    writeFileSync(file, readFileSync(sobol, "utf8").replace("[uniform, volume]", "[uniform, volumee]"));
    const r = await runCli("sweep", file, "--out", join(dir, "out"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:17:\d+ policies\.attribution: unknown attribution policy "volumee".*\(sweep\.design factor policies\.attribution categorical\[1\]\)/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
