// `coordsim run <scenario>`: one run -> one output folder.
import { resolve } from "node:path";
import { checkOutDir, freshDir } from "../../output/outDir.js";
import { claimOutputDir } from "../../output/writable.js";
import { pluginDigests } from "../../plugins/digests.js";
import { runManifest, writeRunFolder } from "../../output/writeRun.js";
import { scenarioPluginLabels } from "../../plugins/load.js";
import { loadScenarioIsolated } from "../../runner/sweep/isolatedLoad.js";
import { runIsolated, type RunFigures } from "../../runner/sweep/isolatedRun.js";
import { ThreadPool, workerScript } from "../../runner/sweep/threadPool.js";
import { simulate } from "../../runner/simulate.js";
import type { Scenario } from "../../scenario/schema.js";
import { largeTimeseriesWarning } from "../../scenario/warnings.js";
import { runProgress } from "../progress.js";
import { coordsimVersion } from "../version.js";
import { formatRunSummary } from "../summaryText.js";
import type { Outcome } from "../exitCodes.js";
import type { Io } from "../io.js";

export interface RunCommandOptions {
  seed?: number;
  out?: string;
  set: string[];
  force: boolean;
  quiet: boolean;
  json: boolean;
  maxEvents?: number;
  maxWall?: number;
}

export async function runCommand(file: string, options: RunCommandOptions, io: Io): Promise<Outcome> {
  // A scenario naming plugins is loaded, then run, in one worker thread (started only then): plugin code never runs in this one.
  const pluginThread = new ThreadPool(workerScript(), 1);
  try {
    return await runWith(pluginThread, file, options, io);
  } finally {
    await pluginThread.close();
  }
}

async function runWith(pluginThread: ThreadPool, file: string, options: RunCommandOptions, io: Io): Promise<Outcome> {
  const scenario = await loadScenarioIsolated({ file, overrides: options.set, ...(options.seed !== undefined ? { seed: options.seed } : {}) }, pluginThread);
  const warning = largeTimeseriesWarning(scenario, file, options.set);
  if (warning !== undefined) io.stderr.write(`${warning}\n`);
  // Decide the output folder and check it can be written before running, so a bad --out or a full disk fails fast.
  let outDir: string;
  if (options.out !== undefined) {
    outDir = options.out;
    checkOutDir(outDir, options.force);
  } else {
    outDir = freshDir(`results/${scenario.name}-seed${scenario.seed}`);
  }

  const claim = claimOutputDir(outDir);
  let result: RunFigures;
  try {
    result = await runIntoFolder(pluginThread, file, scenario, outDir, options, io);
  } catch (error) {
    // The run folder itself is all or nothing (writeRunFolder); remove the parent folders made for it too.
    claim.undo();
    throw error;
  }
  const { wallSeconds } = result;

  if (options.json) {
    io.stdout.write(`${JSON.stringify({ out: outDir, seed: scenario.seed, events: result.events, wall_time_s: wallSeconds, truncated: result.truncated, summary: result.summary })}\n`);
  } else if (!options.quiet) {
    io.stderr.write(formatRunSummary(scenario.name, scenario.seed, result, wallSeconds, outDir));
  }
  return "ok";
}

async function runIntoFolder(pluginThread: ThreadPool, file: string, scenario: Scenario, outDir: string, options: RunCommandOptions, io: Io): Promise<RunFigures> {
  const progress = runProgress(scenario.duration, io.stderr, !options.quiet && !options.json);
  if (scenarioPluginLabels(scenario).length > 0) {
    // Plugins run in a worker thread: process.exit or a heap blow-up there ends only that thread, and a call that never returns can be stopped (--max-wall).
    // The worker posts its progress; the line is drawn here.
    return await runIsolated(
      {
        scenario,
        outDir,
        scenarioFile: resolve(file),
        coordsimVersion: coordsimVersion(),
        ...(options.maxWall !== undefined ? { maxWallSeconds: options.maxWall } : {}),
        ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
      },
      (now, events) => progress.update(now, events),
      pluginThread,
    ).finally(() => progress.done());
  } else {
    const pluginSha256 = pluginDigests(scenario);
    const startedAt = new Date();
    const wallStart = performance.now();
    const full = simulate(scenario, {
      ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
      ...(options.maxWall !== undefined ? { maxWallSeconds: options.maxWall } : {}),
      onProgress: (now, events) => progress.update(now, events),
    });
    progress.done();
    const wallSeconds = (performance.now() - wallStart) / 1000;
    writeRunFolder(outDir, full, runManifest(scenario, full, { coordsimVersion: coordsimVersion(), scenarioFile: resolve(file), startedAt, wallSeconds, pluginSha256 }));
    return { ...full, wallSeconds };
  }
}
