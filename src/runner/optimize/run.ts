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
// With optimize.front, <out>/pareto.csv is rewritten with them (pareto.ts);
// with worst_case, the strongest attack against each candidate is searched
// first and joins its runs (worstCase.ts).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, sha256 } from "../../output/manifest.js";
import { writeFileAtomic } from "../../output/atomic.js";
import { toCsv, formatCell } from "../../output/csv.js";
import { OutputDirError } from "../../output/outDir.js";
import type { Invocation } from "../../output/manifest.js";
import { factorValue } from "../../scenario/designs/factors.js";
import { formatGridValue, formatOverride } from "../../scenario/sweep.js";
import { CmaEs } from "../../search/cmaes.js";
import { betterThan, generationLosses, scoreCandidate, type CandidateScore } from "../../search/candidate.js";
import { executeSweep } from "../sweep/execute.js";
import { resolveSweep } from "../sweep/resolve.js";
import type { ResolvedOptimize } from "./problem.js";
import { frontCells, frontColumns, writePareto } from "./pareto.js";
import { checkNextGeneration, mergeGenerationShards, shardDir } from "./shards.js";
import { completedRows, OPTIMIZE_FORMAT, readOptimizeFile, replicateLookups, resumedSearch, type BestCandidate, type OptimizeFile } from "./state.js";
import type { StrongestAttack, WorstCase } from "./worstCase.js";

export { OPTIMIZE_FORMAT, type BestCandidate, type OptimizeFile } from "./state.js";

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
  /** optimize.worst_case: the strongest attack against each candidate joins its runs (src/runner/attack/worstCase.ts). */
  worstCase?: WorstCase;
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

/** generations.csv's header: generation, candidate, each factor's value, each factor's unit coordinate, the score, then the strongest attack's columns (worst_case) and the front's. */
export function generationsColumns(setup: Pick<ResolvedOptimize, "factors" | "front">, worstCase?: Pick<WorstCase, "columns">): string[] {
  return ["generation", "candidate", ...setup.factors.map((f) => f.path), ...setup.factors.map((f) => `u:${f.path}`), ...GENERATION_COLUMNS_AFTER, ...(worstCase?.columns ?? []), ...frontColumns(setup.front ?? [])];
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

/** A search block without what only its reports read (attack.threshold, threshold_on): the search path does not depend on them. */
export function searchDefinition(spec: object): Record<string, unknown> {
  const { threshold: _threshold, threshold_on: _on, ...rest } = spec as Record<string, unknown>;
  return rest;
}

function definitionHash(setup: ResolvedOptimize, overrides: readonly string[], worstCase: WorstCase | undefined): string {
  return sha256(canonicalJson({ format: OPTIMIZE_FORMAT, spec: searchDefinition(setup.spec), overrides: [...overrides], baseSeed: setup.baseSeed, searchSeed: setup.searchSeed, ...(worstCase !== undefined ? { worstCase: worstCase.definition } : {}) }));
}

/** The candidate scored when the inner search found no attack with a value (every attack's runs failed or had no gain): infeasible, ranked last. */
const NO_ATTACK: CandidateScore = { mean: undefined, se: undefined, feasible: false, violation: undefined, reason: "the inner search found no attack with a gain against this candidate (its runs failed or the gain was empty)" };

const generationDir = (out: string, g: number, total: number) => join(out, "generations", `g${String(g).padStart(Math.max(3, String(total - 1).length), "0")}`);


export async function runOptimize(setup: ResolvedOptimize, opts: OptimizeOptions): Promise<OptimizeResult> {
  const { out } = opts;
  const { worstCase } = opts;
  const front = setup.front ?? [];
  if (worstCase !== undefined && opts.shard !== undefined) throw new OutputDirError("--shard: a worst_case search runs an attack search against each candidate before the generation's runs, so its generations are not sharded; run --generation G without --shard on one node (see docs/cluster.md)");
  const hash = definitionHash(setup, opts.overrides, worstCase);
  const statePath = join(out, "optimize.json");
  const csvPath = join(out, "generations.csv");
  const columns = generationsColumns(setup, worstCase);
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
      front: front.map((o) => ({ expression: o.text, sense: o.sense })),
      worst_case: worstCase !== undefined ? "attack" : null,
      hold_out_seed: worstCase !== undefined ? worstCase.holdOutSeed : null,
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
    let attacks: StrongestAttack[] | undefined;
    let points = { factors: setup.spec.factors, u: candidates };
    if (worstCase !== undefined) {
      const found = await worstCase.strongest({ generation: g, out, mechanisms: candidates.map((u) => setup.factors.map((f, i) => formatOverride(f.path, factorValue(f, u[i]!)))) });
      if (found === "interrupted") return { file, interrupted: true, failedRuns, resumedGenerations };
      attacks = found;
      failedRuns += found.reduce((n, a) => n + a.failedRuns, 0);
      // Each candidate's runs carry its strongest attack (any point in range where the inner search had none: the candidate is infeasible anyway).
      const filler = Object.keys(worstCase.factors).map(() => 0.5);
      points = { factors: { ...setup.spec.factors, ...worstCase.factors }, u: candidates.map((u, c) => [...u, ...(found[c]!.u ?? filler)]) };
    }
    const seed = worstCase !== undefined ? worstCase.holdOutSeed : opts.seed;
    const sweep = await resolveSweep({ file: setup.file, overrides: opts.overrides, ...(seed !== undefined ? { seed } : {}), replicates: setup.spec.replicates, points, ...(setup.block !== undefined ? { pointsBlock: setup.block } : {}) });
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
    const scores = lookups.map((replicates, c) => (attacks !== undefined && attacks[c]!.u === undefined ? NO_ATTACK : scoreCandidate(setup.problem, replicates)));
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
      const attackCells = attacks?.[c]!.cells ?? [];
      rows.push([String(g), String(c), ...values, ...u.map((x) => formatCell(x)), formatCell(score.mean), formatCell(score.se), score.feasible ? "1" : "0", formatCell(score.violation), String(losses[c]), score.reason, ...attackCells, ...frontCells(front, lookups[c]!)]);
    }
    const completed = g + 1;
    const done = completed >= generations;
    file = snapshot(completed, done ? "complete" : "running", done ? "budget" : null);
    // generations.csv first: optimize.json says which of its rows are complete, so a crash between the two only repeats a generation.
    writeFileAtomic(csvPath, toCsv(columns, rows));
    if (front.length > 0) writePareto(out, front, columns, rows, setup.factors.map((f) => f.path));
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
