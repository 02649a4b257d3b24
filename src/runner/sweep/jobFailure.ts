// Why a run on a worker thread did not come back, in words that name the
// plugin: the call track (src/plugins/callTrack.ts) says which plugin call was
// in progress when the thread hung or died, and the scenario says which
// plugins the run used when no call was.
import { CoordsimError, ERROR_KINDS, type ErrorKind } from "../../errors.js";
import { callInProgress } from "../../plugins/callTrack.js";
import { scenarioPluginLabels } from "../../plugins/load.js";
import type { Scenario } from "../../scenario/schema.js";
import type { JobEnd } from "./threadPool.js";

/** How long past --max-wall a run may take to stop on its own before its worker is terminated. */
export function maxWallGrace(maxWallSeconds: number): number {
  return Math.max(5, maxWallSeconds / 2);
}

/** The --max-wall watchdog's limit, in milliseconds. */
export function watchdogMs(maxWallSeconds: number): number {
  return (maxWallSeconds + maxWallGrace(maxWallSeconds)) * 1000;
}

/** Why a worker was stopped: the plugin call it was stuck in, when the call track recorded one. */
export function stuckCallText(callTrack: SharedArrayBuffer | undefined, maxWallSeconds: number, subject = "it"): string {
  const limit = `--max-wall ${maxWallSeconds} s + ${maxWallGrace(maxWallSeconds)} s grace`;
  const call = callTrack === undefined ? undefined : callInProgress(callTrack);
  if (call === undefined) return `${subject} did not return within ${limit}, so its worker was stopped`;
  return `${call.label} called at t=${call.time} did not return within ${limit}, so its worker was stopped`;
}

/** A worker thread that ended mid-run (process.exit, heap exhausted): the plugin call it was in, or the run's plugins. */
export function threadDeathText(callTrack: SharedArrayBuffer | undefined, reason: string, scenario: Scenario): string {
  const call = callTrack === undefined ? undefined : callInProgress(callTrack);
  if (call !== undefined) return `${call.label} called at t=${call.time} ended the run's worker thread: ${reason}`;
  const plugins = scenarioPluginLabels(scenario);
  const whose = plugins.length > 0 ? `; the run uses ${plugins.join(", ")}` : "";
  return `the run's worker thread ended outside any plugin call: ${reason}${whose}`;
}

/** The failure text of a job that did not end with a value. */
export function jobFailureText(end: Exclude<JobEnd<unknown>, { kind: "done" }>, run: { callTrack?: SharedArrayBuffer; scenario: Scenario; maxWallSeconds?: number }): string {
  if (end.kind === "threw") return end.message;
  if (end.kind === "timeout") return stuckCallText(run.callTrack, run.maxWallSeconds ?? 0, "the run");
  return threadDeathText(run.callTrack, end.reason, run.scenario);
}

/** A job that threw, rebuilt on the main side: coordsim's error of the kind our own worker marked (worker.ts), else a bug. */
export function rethrownJobError(end: Extract<JobEnd<unknown>, { kind: "threw" }>): Error {
  return ERROR_KINDS.includes(end.coordsimKind as ErrorKind) ? new CoordsimError(end.coordsimKind as ErrorKind, end.message) : new Error(end.message);
}
