// Run a resolved sweep (or one shard of it) into an output folder:
//   <out>/sweep.json        what the folder holds (definition hash, shard, counts)
//   <out>/runs/<run id>/    one run folder each (manifest.json written last)
//   <out>/runs.csv          one row per run, written atomically at the end
//   <out>/tables/           long tables of every run's rows (CSV and Parquet), once all runs are done
//   <out>/design.csv        one row per point (unit coordinates), written with runs.csv
// A run folder whose manifest matches the run's scenario hash and whose files
// match the manifest's digests is complete, so `resume` skips it and reads its
// row back from summary.csv (resumeScan.ts).
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { writeFileAtomic } from "../../output/atomic.js";
import { parameterValues, shardRuns } from "../../scenario/sweep.js";
import { CALL_TRACK_BYTES } from "../../plugins/callTrack.js";
import { scenarioPluginLabels } from "../../plugins/load.js";
import { jobFailureText, watchdogMs } from "./jobFailure.js";
import { ThreadPool, workerScript } from "./threadPool.js";
import { errorText, type RunOutcome, type RunTask } from "./runTask.js";
import { runScenario, type ResolvedSweep } from "./resolve.js";
import { runsCsv, type RunRecord } from "../../output/runsCsv.js";
import { designCsv } from "../../output/designCsv.js";
import { writeSweepManifest, type SweepManifest } from "../../output/sweepManifest.js";
import type { Invocation } from "../../output/manifest.js";
import { coordsimCommit } from "../../buildInfo.js";
import { writeLongTables, type TableDigests } from "../../output/longTables/write.js";
import { abandonAfterWriteFailure, prepareSweepFolder, resumedRecord } from "./resumeScan.js";

export interface SweepProgress {
  total: number;
  done: number;
  failed: number;
  /** Runs found complete on disk (resume), counted in `done`. */
  resumed: number;
}

export interface ExecuteOptions {
  out: string;
  workers: number;
  shard?: { index: number; count: number };
  resume: boolean;
  coordsimVersion: string;
  /** The command line and working directory, for sweep.json. */
  invocation?: Invocation;
  onProgress?: (p: SweepProgress) => void;
  /** Aborting it (the CLI does on SIGINT) starts no new runs; those running finish, then runs.csv is written for the runs done. */
  signal?: AbortSignal;
  /** `--max-wall` per run; a run that has not returned by then plus a grace period (a plugin stuck in a call) is stopped and recorded as failed. */
  maxWallSeconds?: number;
}

export interface SweepResult extends SweepProgress {
  records: RunRecord[];
  wallSeconds: number;
  /** Stopped early by `signal`: runs.csv holds the runs done, sweep.json says "interrupted"; --resume finishes it. */
  interrupted: boolean;
}

export async function executeSweep(sweep: ResolvedSweep, opts: ExecuteOptions): Promise<SweepResult> {
  const wallStart = performance.now();
  const startedAt = new Date();
  const shard = opts.shard === undefined ? null : `${opts.shard.index}/${opts.shard.count}`;
  const folder = prepareSweepFolder(sweep, opts.out, opts.resume, shard);
  const selected = opts.shard === undefined ? sweep.plan.runs : shardRuns(sweep.plan.runs, opts.shard);
  const manifest: SweepManifest = {
    coordsim_version: opts.coordsimVersion,
    coordsim_commit: coordsimCommit(),
    ...opts.invocation,
    scenario_file: sweep.file,
    name: sweep.name,
    seed: sweep.baseSeed,
    definition_sha256: sweep.definitionHash,
    axes: sweep.plan.axes,
    ...(sweep.plan.design !== undefined ? { design: sweep.plan.design } : {}),
    ...(sweep.plan.explicitPoints !== undefined ? { points: sweep.plan.explicitPoints } : {}),
    ...(Object.keys(sweep.pluginSha256).length > 0 ? { plugin_sha256: sweep.pluginSha256 } : {}),
    replicates: sweep.plan.replicates,
    ...(sweep.plan.unpaired ? { unpaired: true as const } : {}),
    runs_total: sweep.plan.runs.length,
    shard,
    runs_in_folder: selected.length,
    status: "running",
    started_at: startedAt.toISOString(),
    wall_time_s: 0,
    failed: 0,
  };
  writeSweepManifest(opts.out, manifest);

  const records: RunRecord[] = [];
  const pending: RunTask[] = [];
  const progress: SweepProgress = { total: selected.length, done: 0, failed: 0, resumed: 0 };
  for (const run of selected) {
    const dir = join(opts.out, "runs", run.id);
    const found = opts.resume ? resumedRecord(dir, run, sweep.runHashes[run.index]!) : undefined;
    if (found !== undefined) {
      records.push(found);
      progress.done++;
      progress.resumed++;
      continue;
    }
    pending.push({
      scenario: runScenario(sweep, run),
      dir,
      scenarioFile: sweep.file,
      coordsimVersion: opts.coordsimVersion,
      sweepRun: { id: run.id, point: run.point, replicate: run.replicate, overrides: [...sweep.pointOverrides[run.point]!] },
      callTrack: new SharedArrayBuffer(CALL_TRACK_BYTES),
      ...(opts.maxWallSeconds !== undefined ? { maxWallSeconds: opts.maxWallSeconds } : {}),
    });
  }
  const runOf = new Map(selected.map((r) => [r.id, r]));
  opts.onProgress?.({ ...progress });

  // A run folder that cannot be written (disk full...) stops the sweep: no new runs start.
  const stop = new AbortController();
  if (opts.signal?.aborted === true) stop.abort();
  // Removed when the pool is done: a search runs many sweeps under one signal, and each would leave a listener behind.
  const forward = () => stop.abort();
  opts.signal?.addEventListener("abort", forward, { once: true });
  let writeFailure: string | undefined;
  const record = (task: RunTask, outcome: RunOutcome) => {
    if (!outcome.ok && outcome.writeFailed === true) {
      writeFailure ??= outcome.error;
      stop.abort();
      return;
    }
    const run = runOf.get(task.sweepRun.id)!;
    records.push(outcome.ok ? { run, status: "ok", error: "", metrics: outcome.summary } : { run, status: "failed", error: outcome.error, metrics: {} });
    progress.done++;
    if (!outcome.ok) progress.failed++;
    opts.onProgress?.({ ...progress });
  };
  const finish = (interrupted: boolean, tables?: TableDigests) => {
    const wallSeconds = (performance.now() - wallStart) / 1000;
    writeSweepManifest(opts.out, { ...manifest, status: interrupted ? "interrupted" : "complete", wall_time_s: Number(wallSeconds.toFixed(3)), failed: progress.failed, ...(tables !== undefined ? { tables } : {}) });
    return { wallSeconds, interrupted };
  };
  const writeRunsCsv = () => {
    writeFileAtomic(join(opts.out, "design.csv"), designCsv(sweep.plan));
    writeFileAtomic(join(opts.out, "runs.csv"), runsCsv(sweep.plan.parameters, records));
  };
  try {
    await runOnPool(pending, Math.max(1, Math.min(opts.workers, pending.length)), record, opts.maxWallSeconds, stop.signal);
  } catch (error) {
    // Whatever stopped the pool, the folder says what it holds (never "running"): --resume finishes it.
    writeRunsCsv();
    finish(true);
    throw error;
  } finally {
    opts.signal?.removeEventListener("abort", forward);
  }
  if (writeFailure !== undefined) throw abandonAfterWriteFailure(opts.out, folder, records.length, writeFailure);
  writeRunsCsv();
  if (progress.done < progress.total) return { ...progress, records, ...finish(true) };
  let tables: TableDigests;
  try {
    tables = await writeLongTables({ dir: opts.out, parameters: parameterValues(sweep.plan), records });
  } catch (error) {
    finish(true); // every run is kept; --resume writes the tables
    throw error;
  }
  return { ...progress, records, ...finish(false, tables) };
}

/** Run tasks on worker threads, at most one task per thread at a time; a thread that dies or hangs fails only its run. */
async function runOnPool(tasks: RunTask[], workers: number, onDone: (task: RunTask, outcome: RunOutcome) => void, maxWallSeconds?: number, signal?: AbortSignal): Promise<void> {
  if (tasks.length === 0) return;
  const pool = new ThreadPool(workerScript(), workers);
  try {
    await new Promise<void>((resolveAll) => {
      let next = 0;
      let inFlight = 0;
      const finished = () => (next >= tasks.length || signal?.aborted === true) && inFlight === 0;
      signal?.addEventListener("abort", () => {
        if (finished()) resolveAll();
      });
      const launch = () => {
        while (inFlight < workers && next < tasks.length && signal?.aborted !== true) {
          const task = tasks[next++]!;
          inFlight++;
          void pool
            .run<RunOutcome>({
              method: "executeRunTask",
              payload: task,
              // A thread that ran plugins is not reused: a timer one left behind must not end another run.
              retire: scenarioPluginLabels(task.scenario).length > 0,
              ...(maxWallSeconds !== undefined ? { timeoutMs: watchdogMs(maxWallSeconds) } : {}),
            })
            .then((end) => onDone(task, end.kind === "done" ? end.value : { ok: false, error: errorText(jobFailureText(end, task)), wallSeconds: 0 }))
            .finally(() => {
              inFlight--;
              if (finished()) resolveAll();
              else launch();
            });
        }
      };
      launch();
    });
  } finally {
    await pool.close();
  }
}
