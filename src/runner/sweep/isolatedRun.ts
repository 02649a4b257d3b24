// `coordsim run --max-wall` with user plugins: the run goes to a worker thread,
// so a plugin call that never returns can be stopped from outside and named
// (the sweep's watchdog, for one run). The worker writes the run folder.
import workerpool from "workerpool";
import { findCause } from "../../causes.js";
import type { Scenario } from "../../scenario/schema.js";
import { CALL_TRACK_BYTES } from "../../plugins/callTrack.js";
import { PluginError } from "../../plugins/pluginError.js";
import type { RunResult } from "../simulate.js";
import { isWatchdogTimeout, stuckCallText, withWatchdog, workerScript } from "./execute.js";
import { simulateIntoFolder } from "./runTask.js";

export interface IsolatedRunTask {
  scenario: Scenario;
  outDir: string;
  scenarioFile: string;
  coordsimVersion: string;
  maxEvents?: number;
  maxWallSeconds: number;
  callTrack: SharedArrayBuffer;
}

/** What the CLI prints about a finished run (a RunResult minus the bulk the worker already wrote). */
export type RunFigures = Pick<RunResult, "summary" | "events" | "simulatedHours" | "stopReason" | "truncated"> & { wallSeconds: number };

/** Worker side: simulate and write the folder. Errors keep their exit codes across the thread boundary. */
export async function executeIsolatedRun(task: IsolatedRunTask): Promise<RunFigures> {
  try {
    const { result, wallSeconds } = await simulateIntoFolder({ ...task, dir: task.outDir });
    const { summary, events, simulatedHours, stopReason, truncated } = result;
    return { summary, events, simulatedHours, stopReason, truncated, wallSeconds };
  } catch (error) {
    // Only the top error's own fields cross the thread boundary: carry the exit code of the cause that has one.
    const coded = findCause(error, (e): e is Error & { exitCode: number } => typeof (e as { exitCode?: unknown }).exitCode === "number");
    if (coded === undefined || !(error instanceof Error)) throw error;
    throw Object.assign(new Error(error.message), { exitCode: coded.exitCode });
  }
}

/** Main side: run `task` on a one-worker pool; a run still busy at --max-wall plus the grace is stopped (exit 2, naming the call). */
export async function runIsolated(task: Omit<IsolatedRunTask, "callTrack">): Promise<RunFigures> {
  const pool = workerpool.pool(workerScript(), { maxWorkers: 1, workerType: "thread" });
  const callTrack = new SharedArrayBuffer(CALL_TRACK_BYTES);
  try {
    return (await withWatchdog(pool.exec("executeIsolatedRun", [{ ...task, callTrack }]), task.maxWallSeconds)) as RunFigures;
  } catch (error) {
    if (isWatchdogTimeout(error)) throw new PluginError(stuckCallText(callTrack, task.maxWallSeconds, "the run"));
    throw error;
  } finally {
    await pool.terminate(true);
  }
}
