// `coordsim run --max-wall` with user plugins: the run goes to a worker thread,
// so a plugin call that never returns can be stopped from outside and named
// (the sweep's watchdog, for one run). The worker writes the run folder.
import { performance } from "node:perf_hooks";
import workerpool from "workerpool";
import { findCause } from "../../causes.js";
import { runManifest, writeRunFolder } from "../../output/writeRun.js";
import type { Scenario } from "../../scenario/schema.js";
import { CALL_TRACK_BYTES, trackCallsInto } from "../callTrack.js";
import { PluginError, pluginsForScenario } from "../plugins.js";
import { simulate, type RunResult } from "../simulate.js";
import { maxWallGrace, stuckCallText, workerScript } from "./execute.js";

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
  trackCallsInto(task.callTrack);
  try {
    const startedAt = new Date();
    const wallStart = performance.now();
    const plugins = await pluginsForScenario(task.scenario);
    const result = simulate(task.scenario, { plugins, maxWallSeconds: task.maxWallSeconds, ...(task.maxEvents !== undefined ? { maxEvents: task.maxEvents } : {}) });
    const wallSeconds = (performance.now() - wallStart) / 1000;
    writeRunFolder(task.outDir, result, runManifest(task.scenario, result, { coordsimVersion: task.coordsimVersion, scenarioFile: task.scenarioFile, startedAt, wallSeconds }));
    const { summary, events, simulatedHours, stopReason, truncated } = result;
    return { summary, events, simulatedHours, stopReason, truncated, wallSeconds };
  } catch (error) {
    // Only the top error's own fields cross the thread boundary: carry the exit code of the cause that has one.
    const coded = findCause(error, (e): e is Error & { exitCode: number } => typeof (e as { exitCode?: unknown }).exitCode === "number");
    if (coded === undefined || !(error instanceof Error)) throw error;
    throw Object.assign(new Error(error.message), { exitCode: coded.exitCode });
  } finally {
    trackCallsInto(undefined);
  }
}

/** Main side: run `task` on a one-worker pool; a run still busy at --max-wall plus the grace is stopped (exit 2, naming the call). */
export async function runIsolated(task: Omit<IsolatedRunTask, "callTrack">): Promise<RunFigures> {
  const pool = workerpool.pool(workerScript(), { maxWorkers: 1, workerType: "thread" });
  const callTrack = new SharedArrayBuffer(CALL_TRACK_BYTES);
  try {
    return (await pool.exec("executeIsolatedRun", [{ ...task, callTrack }]).timeout((task.maxWallSeconds + maxWallGrace(task.maxWallSeconds)) * 1000)) as RunFigures;
  } catch (error) {
    if (error instanceof workerpool.Promise.TimeoutError) throw new PluginError(stuckCallText(callTrack, task.maxWallSeconds, "the run"));
    throw error;
  } finally {
    await pool.terminate(true);
  }
}
