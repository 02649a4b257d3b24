// One run of a sweep, as a worker executes it: simulate a resolved scenario,
// write its folder (manifest last), and return its summary row as CSV cells.
import { performance } from "node:perf_hooks";
import { formatCell } from "../../output/csv.js";
import type { Manifest } from "../../output/manifest.js";
import { runManifest, writeRunFolder } from "../../output/writeRun.js";
import type { Scenario } from "../../scenario/schema.js";
import { trackCallsInto } from "../callTrack.js";
import { pluginsForScenario } from "../plugins.js";
import { simulate } from "../simulate.js";

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
  | { ok: false; error: string; wallSeconds: number };

/** One line, for a runs.csv cell. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.message}` : String(error);
  return text.replace(/\s*\n\s*/g, " | ").slice(0, 2000);
}

export async function executeRunTask(task: RunTask): Promise<RunOutcome> {
  const startedAt = new Date();
  const wallStart = performance.now();
  trackCallsInto(task.callTrack);
  try {
    const plugins = await pluginsForScenario(task.scenario, task.sweepRun.id);
    const result = simulate(task.scenario, { plugins, ...(task.maxWallSeconds !== undefined ? { maxWallSeconds: task.maxWallSeconds } : {}) });
    const wallSeconds = (performance.now() - wallStart) / 1000;
    writeRunFolder(task.dir, result, runManifest(task.scenario, result, { coordsimVersion: task.coordsimVersion, scenarioFile: task.scenarioFile, startedAt, wallSeconds, sweepRun: task.sweepRun }));
    const summary: Record<string, string> = {};
    for (const [key, value] of Object.entries(result.summary)) summary[key] = formatCell(value);
    return { ok: true, summary, events: result.events, wallSeconds };
  } catch (error) {
    return { ok: false, error: errorText(error), wallSeconds: (performance.now() - wallStart) / 1000 };
  } finally {
    trackCallsInto(undefined);
  }
}
