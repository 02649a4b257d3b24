// `coordsim run --max-wall` with user plugins: the run goes to a worker thread,
// so a plugin call that never returns can be stopped from outside and named
// (the sweep's watchdog, for one run). The worker writes the run folder.
import workerpool from "workerpool";
import { coordsimCause, CoordsimError, ERROR_KINDS, type ErrorKind } from "../../errors.js";
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

/** Worker side: simulate and write the folder. Errors keep their kind across the thread boundary. */
export async function executeIsolatedRun(task: IsolatedRunTask): Promise<RunFigures> {
  try {
    const { result, wallSeconds } = await simulateIntoFolder({ ...task, dir: task.outDir });
    const { summary, events, simulatedHours, stopReason, truncated } = result;
    return { summary, events, simulatedHours, stopReason, truncated, wallSeconds };
  } catch (error) {
    // Only the top error's own fields cross the thread boundary: carry the kind of the coordsim cause.
    const known = coordsimCause(error);
    if (known === undefined || !(error instanceof Error)) throw error;
    throw Object.assign(new Error(error.message), { coordsimKind: known.kind });
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
    // Our own worker marked the kind (executeIsolatedRun); rebuild the coordsim error on this side.
    const kind = (error as { coordsimKind?: unknown } | null)?.coordsimKind;
    if (error instanceof Error && ERROR_KINDS.includes(kind as ErrorKind)) throw new CoordsimError(kind as ErrorKind, error.message);
    throw error;
  } finally {
    await pool.terminate(true);
  }
}
