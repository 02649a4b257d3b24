// The files of a search folder (`coordsim optimize` or `coordsim attack`)
// checked for what the search pages draw: optimize.json's objective, sense,
// factors and best; generations.csv's columns and numbers; pareto.csv with
// generations.csv's columns; strongest-attack.yaml's header. A problem is exit 2
// naming the file (and the line), before anything is staged.
import { join } from "node:path";
import { OutputDirError } from "../output/outDir.js";
import { readCsvTable, readResultText, recordsOf, requireColumns, type CsvTable } from "./csvInput.js";

export const OPTIMIZE_FORMAT = "coordsim.optimize/1";

export interface FrontObjective {
  expression: string;
  sense: "minimize" | "maximize";
}

/** What the search pages read of optimize.json (the CMA-ES state is left out but for its step size). */
export interface SearchState {
  name: string;
  sense: "minimize" | "maximize";
  objective: string;
  constraints: string[];
  factors: Record<string, Record<string, unknown>>;
  budget: number | null;
  population: number | null;
  replicates: number | null;
  generations_completed: number;
  evaluations: number | null;
  status: string | null;
  stop_reason: string | null;
  best: { generation: number; candidate: number; values: Record<string, unknown>; objective_mean: number; objective_se: number } | null;
  /** CMA-ES step size at the start and after the last completed generation (unit-cube coordinates); null when absent. */
  sigma: { initial: number | null; final: number | null };
  front: FrontObjective[];
  worst_case: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const finite = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function readOptimizeJson(dir: string): SearchState {
  const path = join(dir, "optimize.json");
  let value: unknown;
  try {
    value = JSON.parse(readResultText(path));
  } catch (error) {
    if (error instanceof OutputDirError) throw error;
    throw new OutputDirError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(value)) throw new OutputDirError(`${path}: expected the search state of \`coordsim optimize\` (a JSON object)`);
  const bad = (field: string, expected: string) => new OutputDirError(`${path}: field ${field}: ${JSON.stringify(value[field])?.slice(0, 60) ?? "missing"}, expected ${expected}`);
  if (value.format !== OPTIMIZE_FORMAT) throw bad("format", `"${OPTIMIZE_FORMAT}" (written by \`coordsim optimize\` or \`coordsim attack\`)`);
  if (value.sense !== "minimize" && value.sense !== "maximize") throw bad("sense", "minimize or maximize");
  if (typeof value.objective !== "string" || value.objective === "") throw bad("objective", "the objective's expression");
  if (!isObject(value.factors) || Object.keys(value.factors).length === 0 || !Object.values(value.factors).every(isObject)) throw bad("factors", "an object of factor path -> range");
  const generations = value.generations_completed;
  if (typeof generations !== "number" || !Number.isInteger(generations) || generations < 0) throw bad("generations_completed", "a whole number");
  const constraints = Array.isArray(value.constraints) ? value.constraints.filter((c): c is string => typeof c === "string") : [];
  let best: SearchState["best"] = null;
  if (value.best !== null && value.best !== undefined) {
    const b = value.best;
    if (!isObject(b) || finite(b.generation) === null || finite(b.candidate) === null || !isObject(b.values)) throw bad("best", "null or { generation, candidate, values, objective_mean, objective_se }");
    best = { generation: b.generation as number, candidate: b.candidate as number, values: b.values, objective_mean: finite(b.objective_mean) ?? Number.NaN, objective_se: finite(b.objective_se) ?? Number.NaN };
  }
  const front: FrontObjective[] = [];
  if (value.front !== undefined && value.front !== null) {
    if (!Array.isArray(value.front)) throw bad("front", "a list of { expression, sense }");
    for (const f of value.front) {
      if (!isObject(f) || typeof f.expression !== "string" || (f.sense !== "minimize" && f.sense !== "maximize")) throw bad("front", "a list of { expression, sense: minimize | maximize }");
      front.push({ expression: f.expression, sense: f.sense });
    }
  }
  const cmaes = isObject(value.cmaes) ? value.cmaes : {};
  const options = isObject(cmaes.options) ? cmaes.options : {};
  return {
    name: typeof value.name === "string" ? value.name : "search",
    sense: value.sense,
    objective: value.objective,
    constraints,
    factors: value.factors as SearchState["factors"],
    budget: finite(value.budget),
    population: finite(value.population),
    replicates: finite(value.replicates),
    generations_completed: generations,
    evaluations: finite(value.evaluations),
    status: typeof value.status === "string" ? value.status : null,
    stop_reason: typeof value.stop_reason === "string" ? value.stop_reason : null,
    best,
    sigma: { initial: finite(options.sigma), final: finite(cmaes.sigma) },
    front,
    worst_case: typeof value.worst_case === "string" ? value.worst_case : null,
  };
}

const shown = (cell: string) => JSON.stringify(cell.length > 40 ? `${cell.slice(0, 37)}...` : cell);

/** The columns the search pages need: identity, every factor, the objective's mean and SE, feasibility, and the front's columns. */
export function searchColumns(state: SearchState): string[] {
  return [
    "generation", "candidate", ...Object.keys(state.factors), "objective_mean", "objective_se", "feasible",
    ...(state.worst_case === "attack" ? ["attack_gain_mean", "attack_gain_se"] : []),
    ...state.front.flatMap((f) => [`front_mean:${f.expression}`, `front_se:${f.expression}`]),
  ];
}

function checkSearchTable(table: CsvTable, state: SearchState): Record<string, string>[] {
  requireColumns(table, searchColumns(state), "the columns `coordsim optimize` writes for this optimize.json");
  const numeric = ["generation", "candidate", "objective_mean", "objective_se", ...(state.worst_case === "attack" ? ["attack_gain_mean", "attack_gain_se"] : []), ...state.front.flatMap((f) => [`front_mean:${f.expression}`, `front_se:${f.expression}`])];
  const records = recordsOf(table);
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const line = table.rows[i]!.line;
    const at = (column: string, problem: string) => new OutputDirError(`${table.path}:${line}: column ${column}: ${problem}`);
    for (const column of numeric) {
      const cell = r[column]!;
      // An empty objective is a candidate whose every run failed; the pages draw it as a gap.
      const optional = column !== "generation" && column !== "candidate";
      if ((cell !== "" || !optional) && (cell.trim() === "" || !Number.isFinite(Number(cell)))) throw at(column, `${shown(cell)}, expected a number${optional ? " or an empty cell" : ""}`);
    }
    for (const column of ["generation", "candidate"]) if (!Number.isInteger(Number(r[column])) || Number(r[column]) < 0) throw at(column, `${shown(r[column]!)}, expected a whole number`);
    if (r.feasible !== "0" && r.feasible !== "1") throw at("feasible", `${shown(r.feasible!)}, expected 0 or 1`);
    const key = `${r.generation}/${r.candidate}`;
    if (seen.has(key)) throw at("candidate", `generation ${r.generation} candidate ${r.candidate} is listed twice`);
    seen.add(key);
  });
  return records;
}

/** generations.csv: one row per candidate evaluated, as the search wrote it. */
export function checkGenerationsCsv(dir: string, state: SearchState): Record<string, string>[] {
  const table = readCsvTable(join(dir, "generations.csv"));
  const records = checkSearchTable(table, state);
  if (records.length === 0) throw new OutputDirError(`${table.path}: lists no candidates (a header only); let the search finish a generation first`);
  return records;
}

/** pareto.csv: generations.csv's columns, feasible candidates that generations.csv lists. */
export function checkParetoCsv(path: string, state: SearchState, generations: readonly Record<string, string>[]): void {
  if (state.front.length < 2) throw new OutputDirError(`${path}: a Pareto front needs optimize.json's front to list 2 or more objectives (it lists ${state.front.length})`);
  const table = readCsvTable(path);
  const records = checkSearchTable(table, state);
  const known = new Set(generations.map((r) => `${r.generation}/${r.candidate}`));
  records.forEach((r, i) => {
    const line = table.rows[i]!.line;
    if (!known.has(`${r.generation}/${r.candidate}`)) throw new OutputDirError(`${path}:${line}: generation ${r.generation} candidate ${r.candidate} is not in generations.csv`);
    if (r.feasible !== "1") throw new OutputDirError(`${path}:${line}: column feasible: a front member must be feasible (1), found ${shown(r.feasible!)}`);
  });
}

/** What strongest-attack.yaml's header says: the --against settings, the attack, the gain line and the cap. */
export interface AttackHeader {
  against: string | null;
  attack: string | null;
  gain: string | null;
  cap: string | null;
  /** The CI threshold, from attack-junit.xml's testcase name, when the attack had one. */
  threshold: number | null;
  /** What the threshold bounds: the mean gain, or its upper 95% bound (attack.threshold_on). */
  thresholdOn: "mean" | "upper95";
}

export function readAttackHeader(path: string): AttackHeader {
  const header: AttackHeader = { against: null, attack: null, gain: null, cap: null, threshold: null, thresholdOn: "mean" };
  for (const line of readResultText(path).split("\n")) {
    if (!line.startsWith("#")) break;
    const text = line.replace(/^#\s?/, "");
    const field = /^(against|attack|gain|under the cap):?\s(.*)$/.exec(text);
    if (field === null) continue;
    const key = field[1] === "under the cap" ? "cap" : (field[1] as "against" | "attack" | "gain");
    header[key] = key === "gain" ? text : field[2]!.trim();
  }
  if (header.against === null) throw new OutputDirError(`${path}:1: no "# against: ..." header line (not a strongest-attack.yaml \`coordsim attack\` wrote)`);
  return header;
}

/** The threshold of attack-junit.xml's one testcase, "no attack under the cap ... gains more than <threshold>[ (upper 95% bound)]". */
export function readAttackThreshold(path: string): { threshold: number; thresholdOn: "mean" | "upper95" } {
  const match = /<testcase [^>]*name="no attack under the cap[^"]* gains more than (\S+?)( \(upper 95% bound\))?"/.exec(readResultText(path));
  const threshold = match === null ? Number.NaN : Number(match[1]);
  if (!Number.isFinite(threshold)) throw new OutputDirError(`${path}: no testcase "no attack under the cap ... gains more than <threshold>" (not an attack-junit.xml \`coordsim attack\` wrote)`);
  return { threshold, thresholdOn: match![2] !== undefined ? "upper95" : "mean" };
}
