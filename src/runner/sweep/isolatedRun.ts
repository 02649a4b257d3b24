// `coordsim run` with user plugins: the run goes to a worker thread, so a
// plugin that ends its thread (process.exit, heap exhausted) or, with
// --max-wall, a call that never returns, fails the run (exit 2, naming the
// plugin) instead of ending coordsim. The worker writes the run folder; a
// folder left without its manifest is removed.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parentPort } from "node:worker_threads";
import type { RunInvocation } from "../../output/manifest.js";
import type { Scenario } from "../../scenario/schema.js";
import { CALL_TRACK_BYTES } from "../../plugins/callTrack.js";
import { PluginError } from "../../plugins/pluginError.js";
import type { RunResult } from "../simulate.js";
import { jobFailureText, rethrownJobError, watchdogMs } from "./jobFailure.js";
import { simulateIntoFolder } from "./runTask.js";
import { ThreadPool, workerScript } from "./threadPool.js";

export interface IsolatedRunTask {
  scenario: Scenario;
  outDir: string;
  scenarioFile: string;
  coordsimVersion: string;
  invocation?: RunInvocation;
  maxEvents?: number;
  maxWallSeconds?: number;
  callTrack: SharedArrayBuffer;
  /** Post progress messages to the main thread (for the CLI's progress line). */
  progress?: boolean;
}

/** What the CLI prints about a finished run (a RunResult minus the bulk the worker already wrote). */
export type RunFigures = Pick<RunResult, "summary" | "events" | "simulatedHours" | "stopReason" | "truncated"> & { wallSeconds: number };

/** Worker side: simulate and write the folder (worker.ts carries a thrown error's kind across). */
export async function executeIsolatedRun(task: IsolatedRunTask): Promise<RunFigures> {
  // Every ~65k events, as in the main thread: one small message each.
  const post = task.progress === true ? (now: number, events: number) => parentPort?.postMessage({ progress: { now, events } }) : undefined;
  const { result, wallSeconds } = await simulateIntoFolder({ ...task, dir: task.outDir }, post);
  const { summary, events, simulatedHours, stopReason, truncated } = result;
  return { summary, events, simulatedHours, stopReason, truncated, wallSeconds };
}

/** Remove what a run that did not finish left in `dir`: the folder if it did not exist before, else the files it now has that it had not. */
function removePartial(dir: string, before: ReadonlySet<string> | undefined): void {
  if (!existsSync(dir) || existsSync(join(dir, "manifest.json"))) return;
  if (before === undefined) rmSync(dir, { recursive: true, force: true });
  else for (const name of readdirSync(dir)) if (!before.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
}

/**
 * Main side: run `task` on a one-thread pool (`pool`: the one that loaded the
 * scenario, closed afterwards); a thread that dies, or hangs past --max-wall
 * plus the grace, fails the run (exit 2, naming the call).
 */
export async function runIsolated(task: Omit<IsolatedRunTask, "callTrack" | "progress">, onProgress?: (now: number, events: number) => void, pool = new ThreadPool(workerScript(), 1)): Promise<RunFigures> {
  const callTrack = new SharedArrayBuffer(CALL_TRACK_BYTES);
  const before = existsSync(task.outDir) ? new Set(readdirSync(task.outDir)) : undefined;
  try {
    const end = await pool.run<RunFigures>({
      method: "executeIsolatedRun",
      payload: { ...task, callTrack, progress: onProgress !== undefined },
      retire: true,
      ...(onProgress !== undefined ? { onProgress } : {}),
      ...(task.maxWallSeconds !== undefined ? { timeoutMs: watchdogMs(task.maxWallSeconds) } : {}),
    });
    if (end.kind === "done") return end.value;
    removePartial(task.outDir, before);
    // A thread that died or hung is the plugin's doing.
    if (end.kind === "threw") throw rethrownJobError(end);
    throw new PluginError(jobFailureText(end, { ...task, callTrack }));
  } finally {
    await pool.close();
  }
}
