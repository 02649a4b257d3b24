// A sweep folder's long tables, tables/{summary,timeseries,entities}.{csv,parquet}:
// every row of every complete run, prefixed with the run's identity and swept
// parameters. The runs' files are streamed in run order, one run at a time,
// into a staging folder that is renamed to tables/ when all six files are
// written; so the tables depend only on the run folders, and a merged sweep
// has the same bytes as an unsharded one.
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { removeQuietly, tempPathFor, type FileDigest } from "../atomic.js";
import { formatCell } from "../csv.js";
import { OutputWriteError, asWriteError } from "../writeError.js";
import { formatGridValue, type GridAxis } from "../../scenario/sweep.js";
import type { RunRecord } from "../runsCsv.js";
import { LONG_TABLES, longTableColumns, type LongColumn, type LongTableName } from "./columns.js";
import { CsvTableWriter } from "./csvTable.js";
import { CellTypeError, ParquetTableWriter } from "./parquetTable.js";
import { csvRecords, readCsvHeader } from "./runFiles.js";

export const TABLES_DIR = "tables";

/** File name -> size and SHA-256, as sweep.json records them. */
export type TableDigests = Record<string, FileDigest>;

export interface LongTablesInput {
  /** The sweep folder: run folders in runs/, tables written to tables/. */
  dir: string;
  /** runs.csv's parameter columns with the values the plan gives them (`parameterValues`): they type the prefix columns. */
  parameters: readonly GridAxis[];
  /** The sweep's runs (any order); only complete (ok) runs have files to add. */
  records: readonly RunRecord[];
  /** Called after each run's rows went into a table (progress; the bench samples memory here). */
  onRunWritten?: (table: LongTableName, runsWritten: number) => void;
}

/** The run's identity and swept values as CSV cells, as in runs.csv. */
function prefixCells(record: RunRecord): string[] {
  const { run } = record;
  return [run.id, String(run.point), String(run.replicate), String(run.seed), ...run.values.map((v) => formatCell(formatGridValue(v)))];
}

async function writeTable(table: LongTableName, staging: string, input: LongTablesInput, runs: readonly RunRecord[]): Promise<TableDigests> {
  const fileOf = (r: RunRecord) => join(input.dir, "runs", r.run.id, `${table}.csv`);
  // First pass: header rows only, so the column set is known before any row is written.
  const columns: LongColumn[] = longTableColumns(table, input.parameters, (function* () {
    for (const r of runs) yield readCsvHeader(fileOf(r));
  })());
  const position = new Map(columns.map((c, i) => [c.name, i]));
  const csv = new CsvTableWriter(join(staging, `${table}.csv`), columns);
  const parquet = new ParquetTableWriter(join(staging, `${table}.parquet`), columns);
  try {
    for (const [done, record] of runs.entries()) {
      if (done > 0) input.onRunWritten?.(table, done);
      const prefix = prefixCells(record);
      let targets: number[] | undefined;
      let line = 0;
      for await (const cells of csvRecords(fileOf(record))) {
        line++;
        if (targets === undefined) {
          targets = cells.map((name) => position.get(name)!);
          continue;
        }
        const row = [...prefix, ...new Array<string>(columns.length - prefix.length).fill("")];
        cells.forEach((cell, j) => (row[targets![j]!] = cell));
        try {
          parquet.add(row);
        } catch (error) {
          if (error instanceof CellTypeError) throw new Error(`${fileOf(record)}: line ${line}: ${error.message} (a coordsim bug: the run wrote a value its column's unit does not allow)`, { cause: error });
          throw error;
        }
        csv.add(row);
      }
    }
    const digests = { [`${table}.csv`]: csv.finish(), [`${table}.parquet`]: parquet.finish() };
    if (runs.length > 0) input.onRunWritten?.(table, runs.length);
    return digests;
  } catch (error) {
    csv.abandon();
    parquet.abandon();
    throw error;
  }
}

/** Swap the finished staging folder in for tables/ (an older one, from before a --resume, is replaced). */
function placeTables(staging: string, target: string): void {
  if (!existsSync(target)) return renameSync(staging, target);
  if (!lstatSync(target).isDirectory()) throw new OutputWriteError(`${target}: is not a folder, so the sweep's tables cannot be written there (move it away, then --resume)`);
  const old = tempPathFor(target);
  renameSync(target, old);
  renameSync(staging, target);
  removeQuietly(old);
}

/** Write the long tables of the sweep folder `input.dir`; all six files or none. */
export async function writeLongTables(input: LongTablesInput): Promise<TableDigests> {
  const runs = input.records.filter((r) => r.status === "ok").sort((a, b) => a.run.index - b.run.index);
  const target = join(input.dir, TABLES_DIR);
  const staging = tempPathFor(target);
  try {
    mkdirSync(staging);
    const digests: TableDigests = {};
    for (const table of LONG_TABLES) Object.assign(digests, await writeTable(table, staging, input, runs));
    placeTables(staging, target);
    return digests;
  } catch (error) {
    removeQuietly(staging);
    throw asWriteError(target, error);
  }
}

const STALE_TABLES = new RegExp(`^\\.${TABLES_DIR}\\.tmp-[0-9a-f-]+$`);

/** Remove the staging (or replaced) tables folders a killed writer left in the sweep folder `dir`. */
export function removeStaleTableFolders(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory() && STALE_TABLES.test(entry.name)) removeQuietly(join(dir, entry.name));
}
