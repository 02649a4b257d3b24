// `coordsim sweep --unpaired`: every design point draws its own replicate
// seeds, sweep.json records it, and shards + merge and --resume re-plan the
// same seeds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";
import { replanSweep, replicateSeed } from "../src/scenario/sweep.js";
import { readSweepManifest } from "../src/output/sweepManifest.js";

const sobol = join(ROOT, "test/fixtures/sweeps/tiny-sobol.yaml");

/** runs.csv rows as { id, point, replicate, seed }. */
function runRows(dir: string): { id: string; point: number; replicate: number; seed: number }[] {
  return readFileSync(join(dir, "runs.csv"), "utf8")
    .trimEnd()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [id, point, replicate, seed] = line.split(",");
      return { id: id!, point: Number(point), replicate: Number(replicate), seed: Number(seed) };
    });
}

describe("coordsim sweep --unpaired", () => {
  it("gives every point its own seeds, records it in sweep.json, and shards + merge and --resume give the same bytes", async () => {
    const base = tempDir();
    const whole = join(base, "whole");
    const r = await runCli("sweep", sobol, "--unpaired", "--workers", "2", "--out", whole);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("x 2 replicate(s) (unpaired seeds) = 40 runs");
    const rows = runRows(whole);
    expect(rows).toHaveLength(40);
    // No two runs share a seed (paired, replicate r has one seed at all 20 points).
    expect(new Set(rows.map((row) => row.seed)).size).toBe(40);
    const manifest = readSweepManifest(whole);
    expect(manifest.unpaired).toBe(true);
    expect(rows.map((row) => row.seed)).toEqual(replanSweep(manifest).runs.map((run) => run.seed));
    expect(rows[0]!.seed).not.toBe(replicateSeed(manifest.seed, 0));

    const paired = join(base, "paired");
    expect((await runCli("sweep", sobol, "--workers", "2", "--out", paired, "--quiet")).code).toBe(0);
    expect(readSweepManifest(paired).unpaired).toBeUndefined();
    expect(new Set(runRows(paired).map((row) => row.seed)).size).toBe(2);

    const runsCsv = readFileSync(join(whole, "runs.csv"), "utf8");
    const designCsv = readFileSync(join(whole, "design.csv"), "utf8");
    const shards = [0, 1].map((i) => join(base, `shard${i}`));
    for (const [i, dir] of shards.entries()) expect((await runCli("sweep", sobol, "--unpaired", "--workers", "1", "--shard", `${i}/2`, "--out", dir, "--quiet")).code).toBe(0);
    const merged = join(base, "merged");
    expect((await runCli("merge", ...shards, "--out", merged, "--quiet")).code).toBe(0);
    expect(readFileSync(join(merged, "runs.csv"), "utf8")).toBe(runsCsv);
    expect(readFileSync(join(merged, "design.csv"), "utf8")).toBe(designCsv);
    expect(readSweepManifest(merged).unpaired).toBe(true);

    expect((await runCli("sweep", sobol, "--unpaired", "--resume", "--out", whole, "--quiet")).code).toBe(0);
    expect(readFileSync(join(whole, "runs.csv"), "utf8")).toBe(runsCsv);
    // Resuming without the flag is another sweep (other seeds): refused, naming --unpaired among the causes.
    const mismatch = await runCli("sweep", sobol, "--resume", "--out", whole, "--quiet");
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/holds a different sweep \(.*--unpaired.*\)/);
  });
});
