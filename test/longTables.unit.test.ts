import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { longTableColumns, prefixColumns, unionColumns } from "../src/output/longTables/columns.js";
import { CellTypeError, ParquetTableWriter } from "../src/output/longTables/parquetTable.js";
import { CsvTableWriter } from "../src/output/longTables/csvTable.js";
import { tempDir } from "./helpers/cli.js";
import { mismatches, readParquetFile } from "./helpers/parquet.js";

describe("long table columns", () => {
  it("take the union of the runs' columns in catalogue order, unknown names after them sorted (as text)", () => {
    const cols = unionColumns("summary", [
      ["tasks_completed", "zeta_plugin", "tasks_arrived"],
      ["tasks_arrived", "attribution_withheld_micro", "alpha_plugin", "copy_gain"],
    ]);
    expect(cols.map((c) => c.name)).toEqual(["tasks_arrived", "tasks_completed", "attribution_withheld_micro", "copy_gain", "alpha_plugin", "zeta_plugin"]);
    expect(cols.map((c) => c.type)).toEqual(["INT64", "INT64", "INT64", "DOUBLE", "STRING", "STRING"]);
    expect(unionColumns("entities", [["kind", "reputation", "id", "balance_micro"]]).map((c) => `${c.name}:${c.type}`)).toEqual(["id:INT64", "kind:STRING", "balance_micro:INT64", "reputation:DOUBLE"]);
  });

  it("start with the run's identity and one column per swept path, typed from the grid values", () => {
    const axes = [
      { path: "agents.count", values: [3, 5] },
      { path: "tasks.rate", values: [1.5, 2] },
      { path: "verify", values: [true, false] },
      { path: "providers.mix", values: [{ honest: 1 }, 2] },
    ];
    expect(prefixColumns(axes).map((c) => `${c.name}:${c.type}`)).toEqual([
      "run_id:STRING",
      "point:INT64",
      "replicate:INT64",
      "seed:INT64",
      "agents.count:INT64",
      "tasks.rate:DOUBLE",
      "verify:BOOLEAN",
      "providers.mix:STRING",
    ]);
  });

  it("refuse a run column named like an identity column", () => {
    expect(() => longTableColumns("summary", [], [["seed"]])).toThrow(/run column seed has the name of an identity/);
  });
});

describe("long table writers", () => {
  const columns = [
    { name: "run_id", type: "STRING" as const },
    { name: "n", type: "INT64" as const },
    { name: "x", type: "DOUBLE" as const },
    { name: "flag", type: "BOOLEAN" as const },
  ];

  it("write Parquet in row groups of a bounded number of cells that another reader reads back as the CSV, nulls kept, integers INT64", async () => {
    const dir = tempDir();
    const parquet = new ParquetTableWriter(join(dir, "t.parquet"), columns, 40); // 10 rows per group
    const csv = new CsvTableWriter(join(dir, "t.csv"), columns);
    for (let i = 0; i < 35; i++) {
      const row = [`r${i}`, i % 3 === 0 ? "" : String(i * 1_000_003 - 9_007_199_254), i % 4 === 0 ? "" : String(i / 7), i % 5 === 0 ? "" : String(i % 2)];
      parquet.add(row);
      csv.add(row);
    }
    const digest = parquet.finish();
    csv.finish();
    expect(digest.bytes).toBe(readFileSync(join(dir, "t.parquet")).length);
    const read = await readParquetFile(join(dir, "t.parquet"));
    expect(read.rowGroups).toBe(4);
    expect(read.types).toEqual(["STRING", "INT64", "DOUBLE", "BOOLEAN"]);
    expect(mismatches(join(dir, "t.csv"), read)).toEqual([]);
    expect(read.table.getChild("n")!.get(0)).toBeNull();
    expect(read.table.getChild("n")!.get(1)).toBe(1_000_003n - 9_007_199_254n);
  });

  it("refuse a fraction in an INT64 column (a metric whose unit says whole numbers)", () => {
    const parquet = new ParquetTableWriter(join(tempDir(), "t.parquet"), columns);
    expect(() => parquet.add(["r0", "2.5", "1", "1"])).toThrow(CellTypeError);
    expect(() => parquet.add(["r0", "1e3", "1", "1"])).toThrow(/column n is INT64, but a cell holds "1e3"/);
    expect(() => parquet.add(["r0", "1", "abc", "1"])).toThrow(/column x is DOUBLE/);
    parquet.abandon();
  });
});
