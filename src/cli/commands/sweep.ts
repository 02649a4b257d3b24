// `coordsim sweep <scenario>`: the scenario's grid or design × replicates on a worker pool.
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { freshDir } from "../../output/outDir.js";
import { executeSweep, type SweepResult } from "../../runner/sweep/execute.js";
import { resolveSweep } from "../../runner/sweep/resolve.js";
import { parseShard } from "../../scenario/sweep.js";
import { largeTimeseriesWarning, timeseriesRows } from "../../scenario/warnings.js";
import { UsageError } from "../errors.js";
import type { Outcome } from "../exitCodes.js";
import { invocationOf, withGracefulInterrupt, type Io } from "../io.js";
import { formatSeconds } from "../progress.js";
import { sweepProgress } from "../sweepProgress.js";
import { coordsimVersion } from "../version.js";

export interface SweepCommandOptions {
  workers?: number;
  replicates?: number;
  shard?: string;
  resume: boolean;
  unpaired: boolean;
  out?: string;
  seed?: number;
  set: string[];
  maxEvents?: number;
  maxWall?: number;
  quiet: boolean;
  json: boolean;
}

export function withMaxEvents(overrides: string[], maxEvents: number | undefined): string[] {
  return maxEvents === undefined ? overrides : [...overrides, `maxEvents=${maxEvents}`];
}

export function defaultWorkers(): number {
  return availableParallelism();
}

/** Lines naming the first failed runs, for stderr. */
export function failureLines(result: SweepResult, limit = 5): string {
  const failed = result.records.filter((r) => r.status === "failed").sort((a, b) => a.run.index - b.run.index);
  const shown = failed.slice(0, limit).map((r) => `  ${r.run.id} (seed ${r.run.seed}): ${r.error}\n`);
  const more = failed.length > limit ? `  ... and ${failed.length - limit} more (see runs.csv)\n` : "";
  return shown.join("") + more;
}

export async function sweepCommand(file: string, options: SweepCommandOptions, io: Io): Promise<Outcome> {
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (typeof shard === "string") throw new UsageError(shard);
  if (options.replicates === 0) throw new UsageError("--replicates expects an integer >= 1, got 0");
  if (options.workers === 0) throw new UsageError("--workers expects an integer >= 1, got 0");
  const sweep = await resolveSweep({
    file,
    // --max-events becomes part of each run's scenario, so it is in the hashes --resume and merge check.
    overrides: withMaxEvents(options.set, options.maxEvents),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.replicates !== undefined ? { replicates: options.replicates } : {}),
    unpaired: options.unpaired,
  });
  // One warning, for the point with the most timeseries rows.
  const longest = sweep.points.reduce((a, b) => (timeseriesRows(b) > timeseriesRows(a) ? b : a));
  const warning = largeTimeseriesWarning(longest, file, options.set);
  if (warning !== undefined) io.stderr.write(`${warning}\n`);
  const out = options.out ?? freshDir(`results/${sweep.name}-sweep${shard ? `-shard${shard.index}of${shard.count}` : ""}`);
  const workers = options.workers ?? defaultWorkers();
  const chatty = !options.quiet && !options.json;
  const { plan } = sweep;
  if (chatty) {
    const slice = shard ? `, shard ${shard.index}/${shard.count}` : "";
    io.stderr.write(`sweep ${sweep.name}: ${plan.points} ${plan.design === undefined ? "grid" : `${plan.design.kind} design`} point(s) x ${plan.replicates} replicate(s)${plan.unpaired ? " (unpaired seeds)" : ""} = ${plan.runs.length} runs${slice}, ${workers} worker(s) -> ${out}\n`);
  }
  const progress = sweepProgress(io.stderr, { quiet: !chatty });
  // First Ctrl-C: start no new runs, let the running ones finish, write runs.csv. Second: bin/ stops at once.
  const result = await withGracefulInterrupt(io, "interrupted: finishing the runs in progress, then writing runs.csv (Ctrl-C again to stop at once; --resume continues either way)", (signal) =>
    executeSweep(sweep, {
      signal,
      out,
      workers,
      resume: options.resume,
      coordsimVersion: coordsimVersion(),
      invocation: invocationOf(io),
      onProgress: (p) => progress.update(p),
      ...(shard ? { shard } : {}),
      ...(options.maxWall !== undefined ? { maxWallSeconds: options.maxWall } : {}),
    }),
  );
  progress.done();
  const runsCsv = join(out, "runs.csv");
  if (result.interrupted) {
    io.stderr.write(`interrupted after ${result.done} of ${result.total} runs (${result.failed} failed); ${runsCsv} holds those; rerun the same command with --resume to finish the sweep\n`);
    return "interrupted";
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ out, runs_csv: runsCsv, runs: result.total, failed: result.failed, resumed: result.resumed, wall_time_s: result.wallSeconds })}\n`);
  } else if (!options.quiet) {
    const resumed = result.resumed > 0 ? ` (${result.resumed} already complete)` : "";
    io.stderr.write(`${result.total} runs${resumed}, ${result.failed} failed, in ${formatSeconds(result.wallSeconds)} -> ${runsCsv}\n`);
  }
  if (result.failed > 0) {
    io.stderr.write(`${result.failed} run(s) failed; the others are in runs.csv:\n${failureLines(result)}`);
    return "failed";
  }
  return "ok";
}
