// `coordsim optimize --generation G --shard i/N` (issue 21): a search run as
// the cluster loop (every generation's shards, then the step that merges and
// tells) writes the same optimize.json, generations.csv and generations'
// runs.csv and design.csv as an unsharded search; bad combinations exit 2.
import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

/** scenarios/optimize-claim-latency.yaml cut to 2 generations of 4 candidates, 2 replicates. */
const SCENARIO = join(ROOT, "test/fixtures/optimize/two-generations.yaml");

function deterministicFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = { "optimize.json": readFileSync(join(dir, "optimize.json"), "utf8"), "generations.csv": readFileSync(join(dir, "generations.csv"), "utf8") };
  for (const g of readdirSync(join(dir, "generations")).sort()) {
    for (const name of ["runs.csv", "design.csv"]) files[`${g}/${name}`] = readFileSync(join(dir, "generations", g, name), "utf8");
  }
  return files;
}

async function ok(...args: string[]): Promise<void> {
  const r = await runCli("optimize", SCENARIO, "--workers", "1", "--quiet", ...args);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
}

let reference: string;
beforeAll(async () => {
  reference = join(tempDir(), "reference");
  await ok("--out", reference);
}, 60_000);

describe("coordsim optimize --generation --shard: the cluster loop", () => {
  it("writes the files an unsharded search writes, byte for byte (2 generations x 2 shards)", async () => {
    const dir = join(tempDir(), "sharded");
    for (const g of ["0", "1"]) {
      for (const i of ["1", "0"]) await ok("--out", dir, "--generation", g, "--shard", `${i}/2`);
      await ok("--out", dir, "--generation", g);
    }
    expect(readdirSync(join(dir, "shards", "g001")).sort()).toEqual(["shard-0", "shard-1"]);
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
    expect(JSON.parse(readFileSync(join(dir, "optimize.json"), "utf8"))).toMatchObject({ generations_completed: 2, status: "complete", stop_reason: "budget" });
  }, 60_000);

  it("merges a sharded generation on a plain --resume, then continues unsharded", async () => {
    const dir = join(tempDir(), "then-resume");
    for (const i of ["0", "1"]) await ok("--out", dir, "--generation", "0", "--shard", `${i}/2`);
    await ok("--out", dir, "--resume");
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
  }, 60_000);

  it("prints the shard folder with --json", async () => {
    const dir = join(tempDir(), "json");
    const r = await runCli("optimize", SCENARIO, "--workers", "1", "--json", "--out", dir, "--generation", "0", "--shard", "0/3");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ shard_out: join(dir, "shards", "g000", "shard-0"), generation: 0, shard: "0/3" });
  });
});

describe("coordsim optimize --generation --shard: bad combinations exit 2", () => {
  async function refused(...args: string[]): Promise<string> {
    const r = await runCli("optimize", SCENARIO, "--workers", "1", "--quiet", ...args);
    expect(r.code).toBe(2);
    return r.stderr;
  }

  it("refuses --shard without --generation, and --generation without --out", async () => {
    expect(await refused("--out", join(tempDir(), "x"), "--shard", "0/2")).toMatch(/--shard needs --generation G/);
    expect(await refused("--generation", "0")).toMatch(/--generation needs --out/);
    expect(await refused("--out", join(tempDir(), "x"), "--generation", "0", "--shard", "2/2")).toMatch(/--shard expects i\/N/);
  });

  it("refuses a generation that is not the next one", async () => {
    const fresh = join(tempDir(), "fresh");
    expect(await refused("--out", fresh, "--generation", "1", "--shard", "0/2")).toMatch(/optimize\.json does not exist yet, so the next generation is 0/);
    const half = join(tempDir(), "half");
    await ok("--out", half, "--generation", "0");
    expect(await refused("--out", half, "--generation", "0", "--shard", "0/2")).toMatch(/1 completed generation\(s\), so the next generation is 1; generation 0 is already done/);
    expect(await refused("--out", reference, "--generation", "2")).toMatch(/is complete \(2 generation\(s\) done, the budget allows 2\)/);
  });

  it("refuses shards of another search (another --seed) before merging, and a missing shard", async () => {
    const dir = join(tempDir(), "mixed");
    const other = join(tempDir(), "other");
    await ok("--out", dir, "--generation", "0", "--shard", "0/2");
    await ok("--out", other, "--seed", "5", "--generation", "0", "--shard", "1/2");
    expect(await refused("--out", dir, "--generation", "0")).toMatch(/merge: missing shard\(s\) 1\/2/);
    cpSync(join(other, "shards", "g000", "shard-1"), join(dir, "shards", "g000", "shard-1"), { recursive: true });
    expect(await refused("--out", dir, "--generation", "0")).toMatch(/shard-1: is not a shard of this search's generation 0/);
    // Nothing was merged or told.
    expect(readdirSync(dir).sort()).toEqual(["shards"]);
    rmSync(join(dir, "shards", "g000", "shard-1"), { recursive: true });
    await ok("--out", dir, "--generation", "0", "--shard", "1/2");
    await ok("--out", dir, "--generation", "0");
    await ok("--out", dir, "--generation", "1");
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
  }, 60_000);
});
