// `coordsim run` with user plugins: the run goes to a worker thread, so a
// plugin that ends its thread (process.exit, heap exhausted) or, with
// --max-wall, a call that never returns, fails the run (exit 2, naming the
// plugin) instead of ending coordsim. The worker writes the run folder; a
// folder left without its manifest is removed.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { CoordsimError, ERROR_KINDS, type ErrorKind } from "../../errors.js";
import type { Scenario } from "../../scenario/schema.js";
import { CALL_TRACK_BYTES } from "../../plugins/callTrack.js";
import { PluginError } from "../../plugins/pluginError.js";
import type { RunResult } from "../simulate.js";
import { workerScript } from "./execute.js";
import { jobFailureText, watchdogMs } from "./jobFailure.js";
import { simulateIntoFolder } from "./runTask.js";
import { ThreadPool } from "./threadPool.js";

export interface IsolatedRunTask {
  scenario: Scenario;
  outDir: string;
  scenarioFile: string;
  coordsimVersion: string;
  maxEvents?: number;
  maxWallSeconds?: number;
  callTrack: SharedArrayBuffer;
}

/** What the CLI prints about a finished run (a RunResult minus the bulk the worker already wrote). */
export type RunFigures = Pick<RunResult, "summary" | "events" | "simulatedHours" | "stopReason" | "truncated"> & { wallSeconds: number };

/** Worker side: simulate and write the folder (worker.ts carries a thrown error's kind across). */
export async function executeIsolatedRun(task: IsolatedRunTask): Promise<RunFigures> {
  const { result, wallSeconds } = await simulateIntoFolder({ ...task, dir: task.outDir });
  const { summary, events, simulatedHours, stopReason, truncated } = result;
  return { summary, events, simulatedHours, stopReason, truncated, wallSeconds };
}

/** Remove what a run that did not finish left in `dir`: the folder if it did not exist before, else the files it now has that it had not. */
function removePartial(dir: string, before: ReadonlySet<string> | undefined): void {
  if (!existsSync(dir) || existsSync(join(dir, "manifest.json"))) return;
  if (before === undefined) rmSync(dir, { recursive: true, force: true });
  else for (const name of readdirSync(dir)) if (!before.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
}

/** Main side: run `task` on a one-thread pool; a thread that dies, or hangs past --max-wall plus the grace, fails the run (exit 2, naming the call). */
export async function runIsolated(task: Omit<IsolatedRunTask, "callTrack">): Promise<RunFigures> {
  const pool = new ThreadPool(workerScript(), 1);
  const callTrack = new SharedArrayBuffer(CALL_TRACK_BYTES);
  const before = existsSync(task.outDir) ? new Set(readdirSync(task.outDir)) : undefined;
  try {
    const end = await pool.run<RunFigures>({
      method: "executeIsolatedRun",
      payload: { ...task, callTrack },
      retire: true,
      ...(task.maxWallSeconds !== undefined ? { timeoutMs: watchdogMs(task.maxWallSeconds) } : {}),
    });
    if (end.kind === "done") return end.value;
    removePartial(task.outDir, before);
    // Our own worker marked the kind (worker.ts); rebuild the coordsim error on this side. A thread that died or hung is the plugin's doing.
    if (end.kind === "threw" && ERROR_KINDS.includes(end.coordsimKind as ErrorKind)) throw new CoordsimError(end.coordsimKind as ErrorKind, end.message);
    if (end.kind === "threw") throw new Error(end.message);
    throw new PluginError(jobFailureText(end, { ...task, callTrack }));
  } finally {
    await pool.close();
  }
}
