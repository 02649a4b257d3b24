// Each file a notebook reads, checked for what the notebook needs before
// anything is staged: a malformed results folder is exit 2 naming the file,
// the line where there is one, and what is wrong, instead of a crash or a
// site whose charts break in the browser.
import { join } from "node:path";
import { COMPARE_COLUMNS } from "../output/compareCsv.js";
import { OutputDirError } from "../output/outDir.js";
import { runsColumns } from "../output/runsCsv.js";
import { SENSITIVITY_COLUMNS, SENSITIVITY_INDICES } from "../output/sensitivityCsv.js";
import { manifestParameters, type SweepManifest } from "../output/sweepManifest.js";
import { readCsvTable, readResultText, recordsOf, requireColumns } from "./csvInput.js";

function readJsonObject(path: string, what: string): Record<string, unknown> {
  const text = readResultText(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OutputDirError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new OutputDirError(`${path}: expected ${what} (a JSON object)`);
  return value as Record<string, unknown>;
}

/** The four files of a run folder (their presence is checked by the caller). */
export function checkRunFiles(dir: string): void {
  const manifest = readJsonObject(join(dir, "manifest.json"), "a coordsim run manifest");
  const scenario = manifest.scenario;
  if (typeof scenario !== "object" || scenario === null || Array.isArray(scenario)) {
    throw new OutputDirError(`${join(dir, "manifest.json")}: not a coordsim run manifest (no "scenario" object; the run overview shows it)`);
  }
  const summary = readCsvTable(join(dir, "summary.csv"));
  if (summary.rows.length !== 1) throw new OutputDirError(`${summary.path}: expected one row of values under the header, found ${summary.rows.length}`);
  const timeseries = readCsvTable(join(dir, "timeseries.csv"));
  requireColumns(timeseries, ["t_h"], "the time axis of every run chart");
  const at = timeseries.header.indexOf("t_h");
  for (const row of timeseries.rows) {
    const t = row.cells[at]!;
    if (t.trim() === "" || !Number.isFinite(Number(t))) throw new OutputDirError(`${timeseries.path}:${row.line}: t_h is ${JSON.stringify(t.slice(0, 40))}, expected a number of simulated hours`);
  }
  const entities = readCsvTable(join(dir, "entities.csv"));
  requireColumns(entities, ["id", "kind", "reward_micro"], "the Lorenz curves group reward_micro by kind");
}

/** runs.csv's rows: the identity, axis and status columns, one row per run of the sweep at most, each id once. */
export function checkRunsCsv(dir: string, manifest: SweepManifest): Record<string, string>[] {
  const table = readCsvTable(join(dir, "runs.csv"));
  requireColumns(table, runsColumns(manifestParameters(manifest), []), "the columns `coordsim sweep` writes for this sweep.json");
  if (table.rows.length === 0) throw new OutputDirError(`${table.path}: lists no runs (a header only)`);
  if (table.rows.length > manifest.runs_total) throw new OutputDirError(`${table.path}: lists ${table.rows.length} runs, but the sweep has ${manifest.runs_total}`);
  const records = recordsOf(table);
  const ids = new Set<string>();
  records.forEach((r, i) => {
    const line = table.rows[i]!.line;
    if (r.status !== "ok" && r.status !== "failed") throw new OutputDirError(`${table.path}:${line}: status is ${JSON.stringify(r.status!.slice(0, 40))}, expected ok or failed`);
    if (r.run_id === "" || ids.has(r.run_id!)) throw new OutputDirError(`${table.path}:${line}: run_id ${JSON.stringify(r.run_id!.slice(0, 40))} is ${r.run_id === "" ? "empty" : "listed twice"}`);
    ids.add(r.run_id!);
  });
  return records;
}

/** compare.csv with every column the policy comparison charts. */
export function checkCompareCsv(path: string): void {
  requireColumns(readCsvTable(path), COMPARE_COLUMNS, "the policy comparison charts them");
}

const VARIANCE_SPLIT: readonly string[] = ["noise_share", "factor_share"];
const shownCell = (cell: string) => JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell);

/**
 * sensitivity.csv as `coordsim sensitivity` writes it for this sweep: every
 * row a metric, one of the sweep's factors (or "*" with the variance split),
 * a known index, and numbers (or empty cells) in the three value columns.
 */
export function checkSensitivityCsv(path: string, manifest: SweepManifest): void {
  const table = readCsvTable(path);
  requireColumns(table, SENSITIVITY_COLUMNS, "the columns `coordsim sensitivity` writes");
  if (table.rows.length === 0) throw new OutputDirError(`${path}: lists no indices (a header only); rerun \`coordsim sensitivity\``);
  const factors = manifestParameters(manifest).map((p) => p.path);
  const indices: readonly string[] = SENSITIVITY_INDICES;
  recordsOf(table).forEach((r, i) => {
    const at = (column: string, problem: string) => new OutputDirError(`${path}:${table.rows[i]!.line}: column ${column}: ${problem}`);
    if (r.metric === "") throw at("metric", "empty, expected a runs.csv metric");
    if (!indices.includes(r.index!)) throw at("index", `${shownCell(r.index!)} is not one of ${indices.join(", ")}`);
    const split = VARIANCE_SPLIT.includes(r.index!);
    if (split ? r.factor !== "*" : !factors.includes(r.factor!)) {
      throw at("factor", `${shownCell(r.factor!)}, expected ${split ? `* (${r.index} is over all factors)` : `a factor of sweep.json (${factors.join(", ") || "none"})`}`);
    }
    for (const column of ["estimate", "ci_low", "ci_high"] as const) {
      const cell = r[column]!;
      if (cell !== "" && (cell.trim() === "" || !Number.isFinite(Number(cell)))) throw at(column, `${shownCell(cell)}, expected a number or an empty cell`);
    }
  });
}
