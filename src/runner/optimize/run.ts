// `coordsim optimize`: CMA-ES over the optimize block's factors, one
// generation at a time (issue 21). Each generation:
//   ask → unit coordinates → factor values (the design factor mapping,
//   src/scenario/designs/factors.ts) → a sweep whose points are the candidates,
//   on common replicate seeds, into <out>/generations/gNNN/ (a normal sweep
//   folder) → its runs.csv → each candidate's objective mean and SE and its
//   feasibility → ranks by Deb's rule → tell.
// After each completed generation, <out>/generations.csv and then
// <out>/optimize.json (the CMA-ES state, the generation count, the best so
// far) are rewritten atomically; nothing in either depends on wall time,
// workers or interruptions, so `--resume` from the last completed generation
// writes the same bytes an uninterrupted search does.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, sha256 } from "../../output/manifest.js";
import { writeFileAtomic } from "../../output/atomic.js";
import { toCsv, formatCell } from "../../output/csv.js";
import { OutputDirError } from "../../output/outDir.js";
import { readCsvRecords } from "../../output/runsCsv.js";
import type { Invocation } from "../../output/manifest.js";
import { readTextFile } from "../../inputFile.js";
import { factorValue } from "../../scenario/designs/factors.js";
import { formatGridValue } from "../../scenario/sweep.js";
import { CmaEs, type CmaEsState } from "../../search/cmaes.js";
import { betterThan, generationLosses, scoreCandidate, type CandidateScore } from "../../search/candidate.js";
import type { MetricLookup } from "../../search/objective.js";
import { executeSweep } from "../sweep/execute.js";
import { resolveSweep } from "../sweep/resolve.js";
import type { ResolvedOptimize } from "./problem.js";
import { checkNextGeneration, mergeGenerationShards, shardDir } from "./shards.js";

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

export interface GenerationReport {
  generation: number;
  generations: number;
  evaluations: number;
  feasible: number;
  population: number;
  best: BestCandidate | null;
  sigma: number;
}

export interface OptimizeOptions {
  out: string;
  workers: number;
  resume: boolean;
  /** `--set` overrides (with --max-events) applied to every run. */
  overrides: readonly string[];
  seed?: number;
  coordsimVersion: string;
  invocation?: Invocation;
  maxWallSeconds?: number;
  signal?: AbortSignal;
  onGeneration?: (report: GenerationReport) => void;
  /** Run only this generation (it must be the next one): tell it and stop (src/runner/optimize/shards.ts). */
  generation?: number;
  /** With `generation`: run only this shard of its runs into <out>/shards/gNNN/shard-i, without telling. */
  shard?: { index: number; count: number };
}

export interface OptimizeResult {
  file: OptimizeFile;
  interrupted: boolean;
  /** Runs that failed (their candidates are infeasible), over the generations this call ran. */
  failedRuns: number;
  resumedGenerations: number;
  /** With `shard`: the shard folder written. */
  shardOut?: string;
}

const GENERATION_COLUMNS_AFTER = ["objective_mean", "objective_se", "feasible", "violation", "rank", "reason"];

/** generations.csv's header: generation, candidate, each factor's value, each factor's unit coordinate, then the score. */
export function generationsColumns(setup: Pick<ResolvedOptimize, "factors">): string[] {
  return ["generation", "candidate", ...setup.factors.map((f) => f.path), ...setup.factors.map((f) => `u:${f.path}`), ...GENERATION_COLUMNS_AFTER];
}

/** Candidates per generation, generations the budget allows (fewer than a generation's worth left over is not spent). */
export function generationPlan(setup: ResolvedOptimize): { population: number; generations: number } {
  const population = new CmaEs(cmaOptions(setup)).populationSize;
  return { population, generations: Math.floor(setup.spec.budget / population) };
}

function cmaOptions(setup: ResolvedOptimize) {
  const k = setup.factors.length;
  const discrete = setup.factors.flatMap((f, index) => (f.kind === "integer" ? [{ index, levels: f.hi - f.lo + 1 }] : f.kind === "categorical" ? [{ index, levels: f.values.length }] : []));
  return {
    dimension: k,
    seed: setup.searchSeed,
    ...(setup.population !== undefined ? { populationSize: setup.population } : {}),
    bounds: { lower: new Array<number>(k).fill(0), upper: new Array<number>(k).fill(1) },
    discrete,
  };
}

function definitionHash(setup: ResolvedOptimize, overrides: readonly string[]): string {
  return sha256(canonicalJson({ format: OPTIMIZE_FORMAT, spec: setup.spec, overrides: [...overrides], baseSeed: setup.baseSeed, searchSeed: setup.searchSeed }));
}

const generationDir = (out: string, g: number, total: number) => join(out, "generations", `g${String(g).padStart(Math.max(3, String(total - 1).length), "0")}`);

function readOptimizeFile(out: string): OptimizeFile {
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
function resumedSearch(path: string, saved: OptimizeFile): CmaEs {
  try {
    const cma = CmaEs.fromState(saved.cmaes);
    if (cma.generation !== saved.generations_completed) throw new Error(`its CMA-ES state is at generation ${cma.generation}, not ${saved.generations_completed}`);
    return cma;
  } catch (error) {
    throw new OutputDirError(`${path}: cannot resume the search: ${error instanceof Error ? error.message : String(error)} (start again in a new --out)`);
  }
}

/** generations.csv's rows of the completed generations, as cell strings; exactly `expected` of them, or bad input. */
function completedRows(path: string, columns: readonly string[], expected: number, completed: number): string[][] {
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
function replicateLookups(dir: string, candidates: number, replicates: number): (MetricLookup | undefined)[][] {
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

export async function runOptimize(setup: ResolvedOptimize, opts: OptimizeOptions): Promise<OptimizeResult> {
  const { out } = opts;
  const hash = definitionHash(setup, opts.overrides);
  const statePath = join(out, "optimize.json");
  const csvPath = join(out, "generations.csv");
  const columns = generationsColumns(setup);
  let saved: OptimizeFile | undefined;
  if (existsSync(out) && !statSync(out).isDirectory()) throw new OutputDirError(`--out ${out}: exists and is not a directory`);
  if (opts.resume && existsSync(statePath)) {
    saved = readOptimizeFile(out);
    if (saved.definition_sha256 !== hash) throw new OutputDirError(`--out ${out}: holds another optimisation (its optimize.json has a different definition: scenario, optimize block, --set or --seed changed); choose another --out`);
  } else if (existsSync(out) && readdirSync(out).length > 0 && !opts.resume) {
    throw new OutputDirError(`--out ${out}: directory is not empty (continue a search with --resume, or choose another --out)`);
  }
  const cma = saved !== undefined ? resumedSearch(statePath, saved) : new CmaEs(cmaOptions(setup));
  const population = cma.populationSize;
  const generations = Math.floor(setup.spec.budget / population);
  // Rows of completed generations, as CSV cells (read back byte for byte on resume).
  let rows: string[][] = [];
  if (saved !== undefined && saved.generations_completed > 0) {
    rows = completedRows(csvPath, columns, saved.generations_completed * cma.populationSize, saved.generations_completed);
  }
  let best: BestCandidate | null = saved?.best ?? null;
  let bestScore: CandidateScore | undefined = best === null ? undefined : { mean: best.objective_mean, se: best.objective_se, feasible: true, violation: 0, reason: "" };
  let failedRuns = 0;
  const resumedGenerations = saved?.generations_completed ?? 0;
  let file: OptimizeFile = saved ?? snapshot(0, "running", null);
  if (opts.generation !== undefined) checkNextGeneration(out, opts.generation, cma.generation, generations, cma.stopReason());

  function snapshot(completed: number, status: OptimizeFile["status"], stopReason: string | null): OptimizeFile {
    return {
      format: OPTIMIZE_FORMAT,
      scenario_file: setup.file,
      name: setup.name,
      definition_sha256: hash,
      sense: setup.problem.sense,
      objective: setup.problem.objectiveText,
      constraints: setup.problem.constraints.map((c) => c.text),
      factors: setup.spec.factors,
      budget: setup.spec.budget,
      replicates: setup.spec.replicates,
      population,
      base_seed: setup.baseSeed,
      search_seed: setup.searchSeed,
      generations_completed: completed,
      evaluations: completed * population,
      status,
      stop_reason: stopReason,
      best,
      cmaes: cma.state(),
    };
  }

  for (let g = cma.generation; g < generations; g++) {
    const stop = cma.stopReason();
    if (stop !== undefined) {
      file = snapshot(g, "complete", stop);
      writeFileAtomic(statePath, `${JSON.stringify(file, null, 2)}\n`);
      return { file, interrupted: false, failedRuns, resumedGenerations };
    }
    const candidates = cma.ask();
    const dir = generationDir(out, g, generations);
    const sweepDir = opts.shard !== undefined ? shardDir(dir, opts.shard) : dir;
    const sweep = await resolveSweep({ file: setup.file, overrides: opts.overrides, ...(opts.seed !== undefined ? { seed: opts.seed } : {}), replicates: setup.spec.replicates, points: { factors: setup.spec.factors, u: candidates }, ...(setup.block !== undefined ? { pointsBlock: setup.block } : {}) });
    if (opts.shard === undefined) await mergeGenerationShards(dir, g, sweep.definitionHash);
    const result = await executeSweep(sweep, {
      out: sweepDir,
      workers: opts.workers,
      // A generation folder left by an interrupted search is finished, not redone.
      resume: existsSync(join(sweepDir, "sweep.json")),
      ...(opts.shard !== undefined ? { shard: opts.shard } : {}),
      coordsimVersion: opts.coordsimVersion,
      ...(opts.invocation !== undefined ? { invocation: opts.invocation } : {}),
      ...(opts.maxWallSeconds !== undefined ? { maxWallSeconds: opts.maxWallSeconds } : {}),
      ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
    });
    if (result.interrupted) return { file, interrupted: true, failedRuns, resumedGenerations };
    failedRuns += result.failed;
    if (opts.shard !== undefined) return { file, interrupted: false, failedRuns, resumedGenerations, shardOut: sweepDir };
    const lookups = replicateLookups(dir, candidates.length, setup.spec.replicates);
    const scores = lookups.map((replicates) => scoreCandidate(setup.problem, replicates));
    const losses = generationLosses(setup.problem, scores);
    scores.forEach((score, c) => {
      if (!betterThan(setup.problem, score, bestScore)) return;
      bestScore = score;
      best = { generation: g, candidate: c, values: Object.fromEntries(setup.factors.map((f, i) => [f.path, factorValue(f, candidates[c]![i]!)])), u: [...candidates[c]!], objective_mean: score.mean!, objective_se: score.se! };
    });
    cma.tell(candidates, losses);
    for (const [c, score] of scores.entries()) {
      const u = candidates[c]!;
      const values = setup.factors.map((f, i) => formatCell(formatGridValue(factorValue(f, u[i]!))));
      rows.push([String(g), String(c), ...values, ...u.map((x) => formatCell(x)), formatCell(score.mean), formatCell(score.se), score.feasible ? "1" : "0", formatCell(score.violation), String(losses[c]), score.reason]);
    }
    const completed = g + 1;
    const done = completed >= generations;
    file = snapshot(completed, done ? "complete" : "running", done ? "budget" : null);
    // generations.csv first: optimize.json says which of its rows are complete, so a crash between the two only repeats a generation.
    writeFileAtomic(csvPath, toCsv(columns, rows));
    writeFileAtomic(statePath, `${JSON.stringify(file, null, 2)}\n`);
    opts.onGeneration?.({ generation: g, generations, evaluations: completed * population, feasible: scores.filter((s) => s.feasible).length, population, best, sigma: cma.sigma });
    if (opts.generation !== undefined) {
      // What the unsharded loop writes at the next generation's start when CMA-ES has stopped.
      const stop = done ? undefined : cma.stopReason();
      if (stop !== undefined) writeFileAtomic(statePath, `${JSON.stringify((file = snapshot(completed, "complete", stop)), null, 2)}\n`);
      return { file, interrupted: false, failedRuns, resumedGenerations };
    }
  }
  if (file.status !== "complete") {
    file = snapshot(cma.generation, "complete", cma.stopReason() ?? "budget");
    writeFileAtomic(statePath, `${JSON.stringify(file, null, 2)}\n`);
  }
  return { file, interrupted: false, failedRuns, resumedGenerations };
}
