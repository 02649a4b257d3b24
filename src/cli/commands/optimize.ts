// `coordsim optimize <scenario>`: CMA-ES over the optimize block's factors
// towards its objective, a generation at a time (src/runner/optimize/run.ts).
import { join } from "node:path";
import { freshDir } from "../../output/outDir.js";
import { PARETO_FILE } from "../../runner/optimize/pareto.js";
import { generationPlan, runOptimize, type BestCandidate, type GenerationReport } from "../../runner/optimize/run.js";
import { resolveOptimize, scenarioIssueAt, type ResolvedOptimize } from "../../runner/optimize/problem.js";
import { resolveAttack } from "../../runner/attack/problem.js";
import { attackWorstCase } from "../../runner/attack/worstCase.js";
import { ScenarioError } from "../../scenario/errors.js";
import { formatOverride, parseShard } from "../../scenario/sweep.js";
import { UsageError } from "../errors.js";
import type { Outcome } from "../exitCodes.js";
import { invocationOf, withGracefulInterrupt, type Io } from "../io.js";
import { coordsimVersion } from "../version.js";
import { defaultWorkers, withMaxEvents, type SweepCommandOptions } from "./sweep.js";

/** sweep's flags, less those a search sets itself (replicates come from the optimize block; unpaired seeds are not offered), plus one generation at a time for clusters. */
export type OptimizeCommandOptions = Omit<SweepCommandOptions, "replicates" | "unpaired"> & { generation?: number };

/** Shortest readable form of a number for progress lines (full precision is in the files). */
function short(x: number): string {
  if (x === 0) return "0";
  const abs = Math.abs(x);
  return abs >= 1e6 || abs < 1e-3 ? x.toExponential(3) : String(Number(x.toPrecision(4)));
}

export function bestText(best: BestCandidate | null, sense: string): string {
  if (best === null) return "no feasible candidate yet";
  const at = Object.entries(best.values).map(([path, value]) => formatOverride(path, typeof value === "number" ? Number(short(value)) : value)).join(" ");
  return `best ${sense === "maximize" ? "max" : "min"} ${short(best.objective_mean)} ± ${short(best.objective_se)} (SE; generation ${best.generation}, candidate ${best.candidate}) at ${at}`;
}

function generationLine(name: string, r: GenerationReport, sense: string): string {
  return `optimize ${name}: generation ${r.generation + 1}/${r.generations}, ${r.evaluations} evaluations, ${r.feasible}/${r.population} feasible, sigma ${short(r.sigma)}; ${bestText(r.best, sense)}\n`;
}

/** Generations the block's budget allows; a budget below one generation is bad input at `<block>.budget`. */
export function budgetedGenerations(file: string, setup: ResolvedOptimize, noun: string): { population: number; generations: number } {
  const plan = generationPlan(setup);
  if (plan.generations === 0) {
    const block = setup.block ?? "optimize";
    throw new ScenarioError([scenarioIssueAt(file, [block, "budget"], `a budget of ${setup.spec.budget} evaluations is less than one generation of ${plan.population} ${noun}; raise budget or lower population`)]);
  }
  return plan;
}

/** The run options optimize and attack pass alike to the generation loop. */
export function sharedRunOptions(options: Pick<OptimizeCommandOptions, "seed" | "maxWall">, overrides: string[], io: Io, signal: AbortSignal) {
  return {
    overrides,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    coordsimVersion: coordsimVersion(),
    invocation: invocationOf(io),
    signal,
    ...(options.maxWall !== undefined ? { maxWallSeconds: options.maxWall } : {}),
  };
}

export async function optimizeCommand(file: string, options: OptimizeCommandOptions, io: Io): Promise<Outcome> {
  if (options.workers === 0) throw new UsageError("--workers expects an integer >= 1, got 0");
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (typeof shard === "string") throw new UsageError(shard);
  if (shard !== undefined && options.generation === undefined) throw new UsageError("--shard needs --generation G: a search's shards split one generation's candidates, which depend on the generations before it (see docs/cluster.md)");
  if (options.generation !== undefined && options.out === undefined) throw new UsageError("--generation needs --out: the folder every step of the cluster loop shares");
  const overrides = withMaxEvents(options.set, options.maxEvents);
  const setup = await resolveOptimize({ file, overrides, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  const { population, generations } = budgetedGenerations(file, setup, "candidates");
  const attack = setup.worstCase === "attack" ? await resolveAttack({ file, overrides, against: [], ...(options.seed !== undefined ? { seed: options.seed } : {}) }) : undefined;
  const inner = attack !== undefined ? budgetedGenerations(file, attack, "attacks") : undefined;
  const out = options.out ?? freshDir(`results/${setup.name}-optimize`);
  const workers = options.workers ?? defaultWorkers();
  const chatty = !options.quiet && !options.json;
  if (chatty) {
    io.stderr.write(
      `optimize ${setup.name}: ${setup.problem.sense} ${setup.problem.objectiveText}${setup.problem.constraints.length > 0 ? ` subject to ${setup.problem.constraints.map((c) => c.text).join(", ")}` : ""}; ${setup.factors.length} factor(s), ${generations} generation(s) x ${population} candidates x ${setup.spec.replicates} replicate(s), ${workers} worker(s) -> ${out}\n`,
    );
    if (attack !== undefined && inner !== undefined) {
      io.stderr.write(
        `worst case: against each candidate, first the strongest attack on ${attack.problem.objectiveText}${attack.problem.constraints.length > 0 ? ` under the cap ${attack.problem.constraints.map((c) => c.text).join(", ")}` : ""}: ${inner.generations} generation(s) x ${inner.population} attacks x ${attack.spec.replicates} replicate(s) (${inner.generations * inner.population * attack.spec.replicates} runs per candidate); candidates then run on hold-out seeds\n`,
      );
    }
  }
  const result = await withGracefulInterrupt(io, "interrupted: finishing the runs in progress (Ctrl-C again to stop at once; --resume continues from the last completed generation)", (signal) =>
    runOptimize(setup, {
      out,
      workers,
      ...(attack !== undefined
        ? {
            worstCase: attackWorstCase(attack, {
              workers,
              ...sharedRunOptions(options, overrides, io, signal),
              onAttack: (p) => {
                if (chatty) io.stderr.write(`optimize ${setup.name}: generation ${p.generation + 1}/${generations}, candidate ${p.candidate + 1}/${p.candidates}: strongest attack ${bestText(p.best, "maximize")}\n`);
              },
            }),
          }
        : {}),
      // A cluster step always continues the shared folder.
      resume: options.resume || options.generation !== undefined,
      ...(options.generation !== undefined ? { generation: options.generation } : {}),
      ...(shard !== undefined ? { shard } : {}),
      ...sharedRunOptions(options, overrides, io, signal),
      onGeneration: (r) => {
        if (chatty) io.stderr.write(generationLine(setup.name, r, setup.problem.sense));
      },
    }),
  );
  const state = join(out, "optimize.json");
  if (result.interrupted) {
    io.stderr.write(`interrupted after ${result.file.generations_completed} of ${generations} generation(s); ${state} holds the search so far; rerun the same command with --resume to continue\n`);
    return "interrupted";
  }
  const { file: done } = result;
  if (result.shardOut !== undefined) {
    if (options.json) io.stdout.write(`${JSON.stringify({ out, shard_out: result.shardOut, generation: options.generation, shard: options.shard, failed_runs: result.failedRuns })}\n`);
    else if (!options.quiet) io.stderr.write(`generation ${options.generation}, shard ${options.shard}: done -> ${result.shardOut}; when every shard is done, run --generation ${options.generation} without --shard to merge, score and tell\n`);
    return result.failedRuns > 0 ? "failed" : "ok";
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ out, optimize_json: state, generations_csv: join(out, "generations.csv"), pareto_csv: done.front.length > 0 ? join(out, PARETO_FILE) : null, generations: done.generations_completed, evaluations: done.evaluations, stop_reason: done.stop_reason, failed_runs: result.failedRuns, best: done.best })}\n`);
  } else if (!options.quiet) {
    io.stderr.write(`${done.generations_completed} generation(s), ${done.evaluations} evaluations (stopped: ${done.stop_reason}); ${bestText(done.best, done.sense)} -> ${state}\n`);
  }
  if (result.failedRuns > 0) {
    io.stderr.write(`${result.failedRuns} run(s) failed (their candidates count as infeasible); see runs.csv in ${join(out, "generations")}/g*/${setup.worstCase !== undefined ? ` and, for the inner attack searches, in ${join(out, "attacks")}/*/generations/g*/` : ""}\n`);
    return "failed";
  }
  return "ok";
}
