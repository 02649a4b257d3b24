// optimize.json and generations.csv, the state a search folder holds between
// generations (issue 21), and reading a generation's runs back: what --resume
// and the generation loop (run.ts) read.
import { join } from "node:path";
import { OutputDirError } from "../../output/outDir.js";
import { readCsvRecords } from "../../output/runsCsv.js";
import { readTextFile } from "../../inputFile.js";
import { CmaEs, type CmaEsState } from "../../search/cmaes.js";
import type { MetricLookup } from "../../search/objective.js";
export const OPTIMIZE_FORMAT = "coordsim.optimize/1";

/** The best feasible candidate so far (the earliest of equals). */
export interface BestCandidate {
  generation: number;
  candidate: number;
  /** Factor path -> value, in the factors' order. */
  values: Record<string, unknown>;
  u: number[];
  objective_mean: number;
  objective_se: number;
}

/** optimize.json. */
export interface OptimizeFile {
  format: typeof OPTIMIZE_FORMAT;
  scenario_file: string;
  name: string;
  /** Hash of everything the search path depends on; --resume refuses a folder with another. */
  definition_sha256: string;
  sense: "maximize" | "minimize";
  objective: string;
  constraints: string[];
  /** optimize.front: the objectives of pareto.csv (empty without a front). */
  front: { expression: string; sense: "maximize" | "minimize" }[];
  /** optimize.worst_case: "attack" when each candidate was scored against the strongest attack found against it. */
  worst_case: "attack" | null;
  /** With worst_case: the base seed the candidates' hold-out replicate seeds derive from (`--seed <it>` reruns a candidate's runs). */
  hold_out_seed: number | null;
  factors: Record<string, unknown>;
  budget: number;
  replicates: number;
  population: number;
  base_seed: number;
  search_seed: number;
  generations_completed: number;
  evaluations: number;
  /** "complete": the budget is spent or CMA-ES stopped (stop_reason says which). */
  status: "running" | "complete";
  stop_reason: string | null;
  best: BestCandidate | null;
  cmaes: CmaEsState;
}


export function readOptimizeFile(out: string): OptimizeFile {
  const path = join(out, "optimize.json");
  try {
    const parsed = JSON.parse(readTextFile(path, "the optimize state", 256 * 2 ** 20)) as Partial<OptimizeFile>;
    if (parsed.format !== OPTIMIZE_FORMAT || typeof parsed.definition_sha256 !== "string" || typeof parsed.generations_completed !== "number" || typeof parsed.cmaes !== "object") throw new Error(`not a ${OPTIMIZE_FORMAT} file`);
    return parsed as OptimizeFile;
  } catch (error) {
    throw new OutputDirError(`${path}: cannot read the optimisation state: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The CMA-ES state optimize.json holds; a damaged one is bad input naming the file, not a coordsim bug. */
export function resumedSearch(path: string, saved: OptimizeFile): CmaEs {
  try {
    const cma = CmaEs.fromState(saved.cmaes);
    if (cma.generation !== saved.generations_completed) throw new Error(`its CMA-ES state is at generation ${cma.generation}, not ${saved.generations_completed}`);
    return cma;
  } catch (error) {
    throw new OutputDirError(`${path}: cannot resume the search: ${error instanceof Error ? error.message : String(error)} (start again in a new --out)`);
  }
}

/** generations.csv's rows of the completed generations, as cell strings; exactly `expected` of them, or bad input. */
export function completedRows(path: string, columns: readonly string[], expected: number, completed: number): string[][] {
  let records: Record<string, string>[];
  try {
    records = readCsvRecords(path);
  } catch (error) {
    throw new OutputDirError(`${path}: cannot read generations.csv to resume: ${error instanceof Error ? error.message : String(error)}`);
  }
  const keep = records.filter((r) => Number(r.generation) < completed);
  const header = records.length > 0 ? Object.keys(records[0]!) : [];
  if (keep.length !== expected || columns.some((c) => !header.includes(c))) {
    throw new OutputDirError(`${path}: expected the ${expected} rows of ${completed} completed generation(s) with columns ${columns.join(", ")}; the file does not match optimize.json (start again in a new --out)`);
  }
  return keep.map((r) => columns.map((c) => r[c] ?? ""));
}

/** Each (point, replicate)'s metric lookup from a generation's runs.csv; undefined for a failed run. */
export function replicateLookups(dir: string, candidates: number, replicates: number): (MetricLookup | undefined)[][] {
  const table: (MetricLookup | undefined)[][] = Array.from({ length: candidates }, () => new Array<MetricLookup | undefined>(replicates).fill(undefined));
  for (const row of readCsvRecords(join(dir, "runs.csv"))) {
    if (row.status !== "ok") continue;
    const point = Number(row.point);
    const replicate = Number(row.replicate);
    table[point]![replicate] = (name) => {
      const cell = row[name];
      if (cell === undefined || cell === "") return undefined;
      const value = Number(cell);
      return Number.isFinite(value) ? value : undefined;
    };
  }
  return table;
}
