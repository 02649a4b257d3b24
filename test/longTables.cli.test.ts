// A sweep's long tables (tables/*.csv, *.parquet) through the CLI: a 1,000-run
// sweep read back by an independent Parquet reader, shards + merge and
// --resume giving the same bytes as one uninterrupted sweep.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";
import { mismatches, readParquetFile } from "./helpers/parquet.js";

const scenario = join(ROOT, "test/fixtures/sweeps/long-tables.yaml");
const TABLES = ["summary", "timeseries", "entities"] as const;
const FILES = TABLES.flatMap((t) => [`${t}.csv`, `${t}.parquet`]);

function tableBytes(dir: string): Record<string, string> {
  return Object.fromEntries(FILES.map((f) => [f, createHash("sha256").update(readFileSync(join(dir, "tables", f))).digest("hex")]));
}

function csvRows(path: string): Record<string, string>[] {
  return parse(readFileSync(path), { columns: true }) as Record<string, string>[];
}

describe("long tables of a sweep", () => {
  it("a 1,000-run sweep: every Parquet value read back by parquet-wasm equals its CSV cell, integers stay INT64 with nulls, rows are the runs' own", async () => {
    const dir = join(tempDir(), "thousand");
    const r = await runCli("sweep", scenario, "--workers", "2", "--out", dir, "--quiet");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, "runs"))).toHaveLength(1000);
    expect(readdirSync(join(dir, "tables")).sort()).toEqual([...FILES].sort());

    for (const table of TABLES) {
      const parquet = await readParquetFile(join(dir, "tables", `${table}.parquet`));
      expect(mismatches(join(dir, "tables", `${table}.csv`), parquet), table).toEqual([]);
      const type = (name: string) => parquet.types[parquet.names.indexOf(name)];
      expect(parquet.names.slice(0, 7)).toEqual(["run_id", "point", "replicate", "seed", "policies.attribution", "agents.count", "tasks.rate"]);
      expect([type("run_id"), type("replicate"), type("seed"), type("policies.attribution"), type("agents.count"), type("tasks.rate")]).toEqual(["STRING", "INT64", "INT64", "STRING", "INT64", "DOUBLE"]);
      if (table === "entities") expect([type("balance_micro"), type("reputation"), type("kind"), type("calls_served")]).toEqual(["INT64", "DOUBLE", "STRING", "INT64"]);
      if (table === "summary") expect([type("tasks_completed"), type("value_delivered_micro"), type("duplicate_execution_share")]).toEqual(["INT64", "INT64", "DOUBLE"]);
      // timeseries.csv names non-flow columns with their kind (_now, _cum): typed by their catalogue unit all the same.
      if (table === "timeseries") expect([type("t_h"), type("tasks_arrived"), type("open_tasks_now"), type("treasury_micro_now"), type("provider_reward_gini_now")]).toEqual(["DOUBLE", "INT64", "INT64", "INT64", "DOUBLE"]);
      // Every catalogued metric column is typed by its unit: only run ids and policy names are text.
      if (table !== "entities") expect(parquet.names.filter((n, i) => parquet.types[i] === "STRING" && n !== "run_id" && n !== "policies.attribution")).toEqual([]);
    }
    const summary = await readParquetFile(join(dir, "tables/summary.parquet"));
    expect(summary.numRows).toBe(1000);
    // Only replication-robust runs have attribution_withheld_micro: an INT64 column with nulls for the others.
    const withheld = summary.table.getChild("attribution_withheld_micro")!;
    const attribution = summary.table.getChild("policies.attribution")!;
    expect(summary.types[summary.names.indexOf("attribution_withheld_micro")]).toBe("INT64");
    for (let i = 0; i < summary.numRows; i++) {
      if (attribution.get(i) === "uniform") expect(withheld.get(i)).toBeNull();
      else expect(typeof withheld.get(i)).toBe("bigint");
    }

    // Each run's rows are its own files' rows, in run order, under the run's identity and grid values.
    const runs = csvRows(join(dir, "runs.csv"));
    const timeseries = csvRows(join(dir, "tables/timeseries.csv"));
    let at = 0;
    for (const run of runs) {
      for (const row of csvRows(join(dir, "runs", run.run_id!, "timeseries.csv"))) {
        const long = timeseries[at++]!;
        for (const key of ["run_id", "point", "replicate", "seed", "policies.attribution", "agents.count", "tasks.rate"]) expect(long[key]).toBe(run[key]);
        for (const [key, value] of Object.entries(row)) expect(long[key]).toBe(value);
      }
    }
    expect(at).toBe(timeseries.length);

    // sweep.json records each table's size and SHA-256.
    const recorded = JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8")).tables as Record<string, { bytes: number; sha256: string }>;
    expect(Object.fromEntries(Object.entries(recorded).map(([f, d]) => [f, d.sha256]))).toEqual(tableBytes(dir));
  });

  it("shards 0/3, 1/3, 2/3 merged, and a sweep resumed after a crash, write tables byte-identical to one uninterrupted sweep", async () => {
    const base = tempDir();
    const small = ["--replicates", "10"];
    const whole = join(base, "whole");
    expect((await runCli("sweep", scenario, ...small, "--workers", "2", "--out", whole, "--quiet")).code).toBe(0);
    const reference = tableBytes(whole);

    const shards = [0, 1, 2].map((i) => join(base, `shard${i}`));
    for (const [i, dir] of shards.entries()) expect((await runCli("sweep", scenario, ...small, "--shard", `${i}/3`, "--workers", "1", "--out", dir, "--quiet")).code).toBe(0);
    const merged = join(base, "merged");
    const m = await runCli("merge", ...shards, "--out", merged);
    expect(m.code, m.stderr).toBe(0);
    expect(tableBytes(merged)).toEqual(reference);
    expect(JSON.parse(readFileSync(join(merged, "sweep.json"), "utf8")).tables).toEqual(JSON.parse(readFileSync(join(whole, "sweep.json"), "utf8")).tables);

    // A crash while the tables were written: runs lost, a half-written staging folder, no tables/.
    const crashed = join(base, "crashed");
    expect((await runCli("sweep", scenario, ...small, "--workers", "2", "--out", crashed, "--quiet")).code).toBe(0);
    rmSync(join(crashed, "tables"), { recursive: true });
    rmSync(join(crashed, "runs/p3-r4"), { recursive: true });
    rmSync(join(crashed, "runs/p6-r9/manifest.json"));
    mkdirSync(join(crashed, ".tables.tmp-999-0a1b2c3d"));
    writeFileSync(join(crashed, ".tables.tmp-999-0a1b2c3d/summary.csv"), "run_id,poi");
    const r = await runCli("sweep", scenario, ...small, "--workers", "2", "--out", crashed, "--resume", "--quiet");
    expect(r.code, r.stderr).toBe(0);
    expect(tableBytes(crashed)).toEqual(reference);
    expect(existsSync(join(crashed, ".tables.tmp-999-0a1b2c3d"))).toBe(false);
    // Resuming a finished sweep rewrites the same tables in place.
    expect((await runCli("sweep", scenario, ...small, "--workers", "2", "--out", crashed, "--resume", "--quiet")).code).toBe(0);
    expect(tableBytes(crashed)).toEqual(reference);
    expect(readdirSync(crashed).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
});
