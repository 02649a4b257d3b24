// What `coordsim sensitivity` reads from a finished sweep folder: sweep.json,
// design.csv (absent for grid sweeps coordsim wrote before designs existed)
// and runs.csv, each checked strictly; bad or incomplete input is an
// OutputDirError naming the file, line and column.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { readTextFile } from "../inputFile.js";
import { BLOCK_KIND, designProblem, type Design, type DesignBlock, type DesignPoint } from "../metrics/sensitivity/design.js";
import { OutputDirError } from "./outDir.js";
import { readRunsCsvRows } from "./runsCsv.js";
import { readSweepManifest, type SweepManifest } from "./sweepManifest.js";

const DESIGN_LEADING = ["point", "block", "base", "factor"] as const;
const UNIT_PREFIX = "u:";
/** runs.csv's columns before the parameters and between them and the metrics. */
const RUNS_LEADING = ["run_id", "point", "replicate", "seed"];
const RUNS_STATUS = ["status", "error"];
const MAX_DESIGN_BYTES = 512 * 2 ** 20;

export interface SensitivityInputs {
  dir: string;
  manifest: SweepManifest;
  /** From design.csv, or (without one) a grid of runs.csv's points. */
  design: Design;
  designFile: string | null;
  runsPath: string;
  replicates: number;
  /** runs.csv's metric columns, in order. */
  metricColumns: string[];
  /** runs.csv rows indexed [point][replicate]. */
  rows: Record<string, string>[][];
  /** Line in runs.csv of rows[point][replicate] (for messages). */
  lines: number[][];
  /** Ids of the runs whose status is failed, in run order. */
  failedRuns: string[];
}

const isIndex = (cell: string | undefined): boolean => cell !== undefined && /^(0|[1-9]\d*)$/.test(cell) && Number.isSafeInteger(Number(cell));

/** Parse design.csv against the contract: point, block, base, factor, u:<path>... */
export function readDesignCsv(path: string): Design {
  let table: string[][];
  try {
    table = parse(readTextFile(path, "the design file", MAX_DESIGN_BYTES), { relax_column_count: false }) as string[][];
  } catch (error) {
    throw new OutputDirError(`${path}: cannot read design.csv: ${error instanceof Error ? error.message : String(error)}`);
  }
  const header = table[0] ?? [];
  if (DESIGN_LEADING.some((c, i) => header[i] !== c)) throw new OutputDirError(`${path}: line 1: expected the columns ${DESIGN_LEADING.join(", ")}, then u:<path> per factor; got ${header.slice(0, 4).join(", ") || "nothing"}`);
  const unitColumns = header.slice(DESIGN_LEADING.length);
  const bad = unitColumns.findIndex((c) => !c.startsWith(UNIT_PREFIX) || c.length === UNIT_PREFIX.length);
  if (bad >= 0) throw new OutputDirError(`${path}: line 1, column ${DESIGN_LEADING.length + bad + 1}: expected u:<factor path>, got ${JSON.stringify(unitColumns[bad])}`);
  const factors = unitColumns.map((c) => c.slice(UNIT_PREFIX.length));
  const repeated = factors.find((f, i) => factors.indexOf(f) !== i);
  if (repeated !== undefined) throw new OutputDirError(`${path}: line 1: factor ${repeated} has two u: columns`);
  if (table.length < 2) throw new OutputDirError(`${path}: no design points`);
  const points: DesignPoint[] = table.slice(1).map((cells, p) => {
    const at = (column: string, problem: string) => new OutputDirError(`${path}: line ${p + 2}, column ${column}: ${problem}`);
    if (cells[0] !== String(p)) throw at("point", `expected ${p} (points in order from 0), got ${JSON.stringify(cells[0])}`);
    const block = cells[1] as DesignBlock;
    if (!Object.hasOwn(BLOCK_KIND, block)) throw at("block", `expected one of ${Object.keys(BLOCK_KIND).join(", ")}, got ${JSON.stringify(cells[1])}`);
    if (!isIndex(cells[2])) throw at("base", `expected an integer >= 0, got ${JSON.stringify(cells[2])}`);
    const factorCell = cells[3]!;
    if (factorCell !== "" && !(isIndex(factorCell) && Number(factorCell) >= 1 && Number(factorCell) <= factors.length)) throw at("factor", `expected empty or a factor number in 1..${factors.length}, got ${JSON.stringify(factorCell)}`);
    const u = cells.slice(DESIGN_LEADING.length).map((cell, i) => {
      const x = cell.trim() === "" ? NaN : Number(cell);
      if (!(x >= 0 && x <= 1)) throw at(unitColumns[i]!, `expected a unit coordinate in [0, 1], got ${JSON.stringify(cell)}`);
      return x;
    });
    return { block, base: Number(cells[2]), factor: factorCell === "" ? null : Number(factorCell), u };
  });
  const design: Design = { kind: BLOCK_KIND[points[0]!.block], factors, points };
  const problem = designProblem(design);
  if (problem !== undefined) throw new OutputDirError(`${path}: ${problem.replace(/^point (\d+)/, (_, p: string) => `line ${Number(p) + 2} (point ${p})`)}`);
  return design;
}

/** Read and check a finished sweep folder for the sensitivity analysis. */
export function readSensitivityInputs(dir: string): SensitivityInputs {
  if (!existsSync(join(dir, "sweep.json"))) throw new OutputDirError(`${dir}: no sweep.json (not a sweep folder; give the folder \`coordsim sweep\` or \`coordsim merge\` wrote)`);
  const manifest = readSweepManifest(dir);
  const sweepJson = join(dir, "sweep.json");
  if (manifest.shard !== null) throw new OutputDirError(`${sweepJson}: this folder is shard ${manifest.shard}; join the shards with \`coordsim merge\` and analyse the merged folder`);
  if (manifest.status !== "complete") throw new OutputDirError(`${sweepJson}: the sweep is ${manifest.status}; finish it with \`coordsim sweep --resume\` first`);
  const designPath = join(dir, "design.csv");
  const designFile = existsSync(designPath) ? designPath : null;
  const runsPath = join(dir, "runs.csv");
  if (!existsSync(runsPath)) throw new OutputDirError(`${dir}: no runs.csv`);
  const replicates = manifest.replicates;
  const pointCount = designFile === null ? manifest.runs_total / replicates : undefined;
  const design: Design = designFile !== null ? readDesignCsv(designFile) : { kind: "grid", factors: manifest.axes.map((a) => a.path), points: Array.from({ length: pointCount! }, (_, p) => ({ block: "G" as const, base: p, factor: null, u: [] })) };
  if (designFile !== null && design.points.length * replicates !== manifest.runs_total) {
    throw new OutputDirError(`${designFile}: ${design.points.length} points x ${replicates} replicates is not sweep.json's runs_total ${manifest.runs_total}`);
  }
  const parameters = design.factors.map((path) => ({ path }));
  const records = readRunsCsvRows(runsPath, parameters);
  const header = records.length > 0 ? Object.keys(records[0]!) : [];
  const skip = new Set([...RUNS_LEADING, ...RUNS_STATUS, ...design.factors]);
  const metricColumns = header.filter((c) => !skip.has(c));
  const rows: Record<string, string>[][] = design.points.map(() => []);
  const lines: number[][] = design.points.map(() => []);
  const failedRuns: string[] = [];
  records.forEach((row, i) => {
    const line = i + 2;
    if (!isIndex(row.point) || Number(row.point) >= design.points.length) throw new OutputDirError(`${runsPath}: line ${line}, column point: expected a point in 0..${design.points.length - 1}, got ${JSON.stringify(row.point)}`);
    if (!isIndex(row.replicate) || Number(row.replicate) >= replicates) throw new OutputDirError(`${runsPath}: line ${line}, column replicate: expected 0..${replicates - 1}, got ${JSON.stringify(row.replicate)}`);
    if (row.status !== "ok" && row.status !== "failed") throw new OutputDirError(`${runsPath}: line ${line}, column status: expected ok or failed, got ${JSON.stringify(row.status)}`);
    const p = Number(row.point);
    const r = Number(row.replicate);
    if (rows[p]![r] !== undefined) throw new OutputDirError(`${runsPath}: line ${line}: point ${p} replicate ${r} is also on line ${lines[p]![r]}`);
    rows[p]![r] = row;
    lines[p]![r] = line;
    if (row.status === "failed") failedRuns.push(row.run_id ?? `line ${line}`);
  });
  const missing = rows.flatMap((byReplicate, p) => Array.from({ length: replicates }, (_, r) => r).filter((r) => byReplicate[r] === undefined).map((r) => `point ${p} replicate ${r}`));
  if (missing.length > 0) throw new OutputDirError(`${runsPath}: holds ${records.length} of the sweep's ${manifest.runs_total} runs (missing ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", ..." : ""})`);
  return { dir, manifest, design, designFile, runsPath, replicates, metricColumns, rows, lines, failedRuns };
}

/** One metric's values per point and replicate: null where the run failed or the cell is empty; a cell that is not a number is bad input. */
export function metricValues(inputs: SensitivityInputs, metric: string): (number | null)[][] {
  return inputs.rows.map((byReplicate, p) =>
    byReplicate.map((row, r) => {
      const cell = row[metric] ?? "";
      if (row.status !== "ok" || cell === "") return null;
      const x = Number(cell);
      if (cell.trim() === "" || !Number.isFinite(x)) throw new OutputDirError(`${inputs.runsPath}: line ${inputs.lines[p]![r]}, column ${metric}: expected a number, got ${JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell)}`);
      return x;
    }),
  );
}
