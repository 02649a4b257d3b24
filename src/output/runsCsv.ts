// runs.csv: one row per run, in run-list order, whoever ran it and whenever.
// Rows are kept as CSV cell strings so a row read back from disk (resume,
// merge) is byte-for-byte the row a worker produced.
import { parse } from "csv-parse/sync";
import { readTextFile } from "../inputFile.js";
import { formatCell, toCsv } from "./csv.js";
import { OutputDirError } from "./outDir.js";
import { formatGridValue, type SweepParameter, type SweepRun } from "../scenario/sweep.js";

export type RunStatus = "ok" | "failed";

/** What runs.csv records about one run. */
export interface RunRecord {
  run: SweepRun;
  status: RunStatus;
  error: string;
  /** Summary metrics as CSV cells (empty for a failed run). */
  metrics: Record<string, string>;
}

const LEADING = ["run_id", "point", "replicate", "seed"] as const;
const STATUS = ["status", "error"] as const;

/** runs.csv's columns: identity, one per swept path, status, then every summary metric. */
export function runsColumns(axes: readonly SweepParameter[], records: readonly RunRecord[]): string[] {
  const metrics: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record.metrics)) {
      if (!seen.has(key)) {
        seen.add(key);
        metrics.push(key);
      }
    }
  }
  return [...LEADING, ...axes.map((a) => a.path), ...STATUS, ...metrics];
}

/** runs.csv text; records are sorted by run index first. */
export function runsCsv(axes: readonly SweepParameter[], records: readonly RunRecord[]): string {
  const sorted = [...records].sort((a, b) => a.run.index - b.run.index);
  const columns = runsColumns(axes, sorted);
  const metricColumns = columns.slice(LEADING.length + axes.length + STATUS.length);
  const rows = sorted.map((r) => [
    r.run.id,
    r.run.point,
    r.run.replicate,
    r.run.seed,
    ...r.run.values.map((v) => formatCell(formatGridValue(v))),
    r.status,
    r.error,
    ...metricColumns.map((c) => r.metrics[c] ?? ""),
  ]);
  return toCsv(columns, rows);
}

/** Largest CSV read back (512 MiB): about the longest string Node can hold, so the cap refuses nothing readable. */
const MAX_CSV_READ_BYTES = 512 * 2 ** 20;

/** Parse a CSV file into records of cell strings (header row as keys); only a regular file is read (a /dev/zero in a sweep folder cannot hang merge). */
export function readCsvRecords(path: string): Record<string, string>[] {
  return parse(readTextFile(path, "the CSV file", MAX_CSV_READ_BYTES), { columns: true, skip_empty_lines: false }) as Record<string, string>[];
}

/** readCsvRecords for a file coordsim wrote and the user may have damaged: an unreadable or malformed file is bad input naming it. */
export function readRunsCsvRows(path: string, axes: readonly SweepParameter[]): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = readCsvRecords(path);
  } catch (error) {
    throw new OutputDirError(`${path}: cannot read runs.csv: ${error instanceof Error ? error.message : String(error)}`);
  }
  const header = rows.length > 0 ? Object.keys(rows[0]!) : [];
  const missing = [...LEADING, ...axes.map((a) => a.path), ...STATUS].filter((c) => !header.includes(c));
  if (rows.length > 0 && missing.length > 0) throw new OutputDirError(`${path}: not a runs.csv of this sweep (missing column(s) ${missing.join(", ")})`);
  return rows;
}

/** Rebuild run records from a runs.csv, against the run list it must belong to. Throws on a row that does not. */
export function recordsFromRunsCsv(path: string, axes: readonly SweepParameter[], runsById: ReadonlyMap<string, SweepRun>): RunRecord[] {
  const rows = readRunsCsvRows(path, axes);
  const skip = new Set<string>([...LEADING, ...STATUS, ...axes.map((a) => a.path)]);
  return rows.map((row, i) => {
    const run = runsById.get(row.run_id ?? "");
    if (run === undefined || String(run.seed) !== row.seed) throw new OutputDirError(`${path}: row ${i + 2} (run ${JSON.stringify(row.run_id)}, seed ${row.seed}) is not a run of this sweep`);
    if (row.status !== "ok" && row.status !== "failed") throw new OutputDirError(`${path}: row ${i + 2} (run ${row.run_id}): status ${JSON.stringify(row.status)} is neither ok nor failed`);
    const status = row.status;
    const metrics: Record<string, string> = {};
    // A failed run has no metrics, even where its file has (empty) metric columns.
    if (status === "ok") for (const [key, value] of Object.entries(row)) if (!skip.has(key)) metrics[key] = value;
    return { run, status, error: row.error ?? "", metrics };
  });
}
