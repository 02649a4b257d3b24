// One run of a sweep, as a worker executes it: simulate a resolved scenario,
// write its folder (manifest last), and return its summary row as CSV cells.
import { performance } from "node:perf_hooks";
import { describeThrown } from "../../describeThrown.js";
import { formatCell } from "../../output/csv.js";
import type { Manifest, RunInvocation } from "../../output/manifest.js";
import { runManifest, writeRunFolder } from "../../output/writeRun.js";
import type { Scenario } from "../../scenario/schema.js";
import { trackCallsInto } from "../../plugins/callTrack.js";
import { pluginsForScenario } from "../../plugins/load.js";
import { pluginDigests } from "../../plugins/digests.js";
import { OutputWriteError } from "../../output/writeError.js";
import { simulate, type RunResult } from "../simulate.js";

export interface RunTask {
  /** Fully resolved scenario of this run (its seed is the replicate's seed). */
  scenario: Scenario;
  dir: string;
  scenarioFile: string;
  coordsimVersion: string;
  sweepRun: NonNullable<Manifest["sweep_run"]>;
  /** `--max-wall`: each run stops cleanly (truncated) after this many wall-clock seconds. */
  maxWallSeconds?: number;
  /** Shared with the main thread: the plugin call in progress (see callTrack.ts), to name a call that never returns. */
  callTrack?: SharedArrayBuffer;
}

export type RunOutcome =
  | { ok: true; summary: Record<string, string>; events: number; wallSeconds: number }
  | { ok: false; error: string; wallSeconds: number; /** The run folder could not be written (disk full...): the sweep stops. */ writeFailed?: true };

/** One line, for a runs.csv cell. */
export function errorText(error: unknown): string {
  const text = describeThrown(error);
  return text.replace(/\s*\n\s*/g, " | ").slice(0, 2000);
}

/** A run to simulate in this thread and write to `dir` (a sweep run, or `coordsim run` under the watchdog). */
export interface FolderRun {
  scenario: Scenario;
  dir: string;
  scenarioFile: string;
  coordsimVersion: string;
  sweepRun?: Manifest["sweep_run"];
  /** A plain run's command line and overrides, for its manifest. */
  invocation?: RunInvocation;
  maxEvents?: number;
  maxWallSeconds?: number;
  callTrack?: SharedArrayBuffer;
}

/**
 * Simulate and write the run folder (manifest last), recording plugin calls
 * into `callTrack`. A sweep run imports its plugins as fresh module instances
 * (keyed by its id), so module-level plugin state never crosses runs.
 */
export async function simulateIntoFolder(run: FolderRun, onProgress?: (now: number, events: number) => void): Promise<{ result: RunResult; wallSeconds: number }> {
  const startedAt = new Date();
  const wallStart = performance.now();
  trackCallsInto(run.callTrack);
  try {
    // Hashed before they are imported, so the manifest records the code that ran.
    const pluginSha256 = pluginDigests(run.scenario);
    const plugins = await pluginsForScenario(run.scenario, run.sweepRun?.id);
    const result = simulate(run.scenario, {
      plugins,
      ...(run.maxEvents !== undefined ? { maxEvents: run.maxEvents } : {}),
      ...(run.maxWallSeconds !== undefined ? { maxWallSeconds: run.maxWallSeconds } : {}),
      ...(onProgress !== undefined ? { onProgress } : {}),
    });
    const wallSeconds = (performance.now() - wallStart) / 1000;
    writeRunFolder(run.dir, result, runManifest(run.scenario, result, { coordsimVersion: run.coordsimVersion, scenarioFile: run.scenarioFile, startedAt, wallSeconds, pluginSha256, ...(run.sweepRun !== undefined ? { sweepRun: run.sweepRun } : {}), ...(run.invocation !== undefined ? { invocation: run.invocation } : {}) }));
    return { result, wallSeconds };
  } finally {
    trackCallsInto(undefined);
  }
}

export async function executeRunTask(task: RunTask): Promise<RunOutcome> {
  const wallStart = performance.now();
  try {
    const { result, wallSeconds } = await simulateIntoFolder(task);
    const summary: Record<string, string> = {};
    for (const [key, value] of Object.entries(result.summary)) summary[key] = formatCell(value);
    return { ok: true, summary, events: result.events, wallSeconds };
  } catch (error) {
    return { ok: false, error: errorText(error), wallSeconds: (performance.now() - wallStart) / 1000, ...(error instanceof OutputWriteError ? { writeFailed: true as const } : {}) };
  }
}
