// `coordsim run <scenario>`: one run -> one output folder. Given a run's
// manifest.json instead, it reproduces that run and checks the data files come
// out byte-identical to the ones the manifest's file_digests record.
import { join, resolve } from "node:path";
import { coordsimCommit } from "../../buildInfo.js";
import { checkOutDir, freshDir } from "../../output/outDir.js";
import { recordedOverrides, type RunInvocation } from "../../output/manifest.js";
import { readRunManifest } from "../../output/runManifestFile.js";
import { claimOutputDir } from "../../output/writable.js";
import { pluginDigests } from "../../plugins/digests.js";
import { runManifest, writeRunFolder } from "../../output/writeRun.js";
import { scenarioPluginLabels } from "../../plugins/load.js";
import { scenarioFromManifest, type ManifestRun } from "../../runner/fromManifest.js";
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
import { invocationOf, type Io } from "../io.js";
import { runSource, type RunSource } from "./runSource.js";

export interface RunCommandOptions {
  seed?: number;
  out?: string;
  set: string[];
  force: boolean;
  quiet: boolean;
  json: boolean;
  maxEvents?: number;
  maxWall?: number;
  /** `--from-manifest <file>`: reproduce the run a manifest.json records. */
  fromManifest?: string;
}

/** A run ready to go: its resolved scenario and what its manifest records about where it came from. */
interface PreparedRun {
  scenario: Scenario;
  scenarioFile: string;
  invocation: RunInvocation;
  /** Stop after this many events without it being part of the scenario (reproducing a --max-wall stop). */
  maxEvents?: number;
  reproduction?: ManifestRun;
}

export async function runCommand(file: string | undefined, options: RunCommandOptions, io: Io): Promise<Outcome> {
  const source = runSource(file, options);
  // A scenario naming plugins is loaded, then run, in one worker thread (started only then): plugin code never runs in this one.
  const pluginThread = new ThreadPool(workerScript(), 1);
  try {
    return await runWith(pluginThread, await prepare(pluginThread, source, options, io), options, io);
  } finally {
    await pluginThread.close();
  }
}

async function prepare(pluginThread: ThreadPool, source: RunSource, options: RunCommandOptions, io: Io): Promise<PreparedRun> {
  if (source.kind === "manifest") {
    const from = await scenarioFromManifest(source.file, { version: coordsimVersion(), commit: coordsimCommit() }, pluginThread);
    for (const warning of from.warnings) io.stderr.write(`warning: ${warning}\n`);
    return {
      scenario: from.scenario,
      scenarioFile: from.manifest.scenario_file,
      invocation: { ...invocationOf(io), overrides: from.overrides, reproduced_from: from.file },
      ...(from.maxEvents !== undefined ? { maxEvents: from.maxEvents } : {}),
      reproduction: from,
    };
  }
  const loaded = await loadScenarioIsolated({ file: source.file, overrides: options.set, ...(options.seed !== undefined ? { seed: options.seed } : {}) }, pluginThread);
  // --max-events becomes part of the scenario (as in a sweep), so the manifest records it and a reproduction stops there too.
  const scenario = options.maxEvents === undefined ? loaded : { ...loaded, maxEvents: options.maxEvents };
  const warning = largeTimeseriesWarning(scenario, source.file, options.set);
  if (warning !== undefined) io.stderr.write(`${warning}\n`);
  return { scenario, scenarioFile: resolve(source.file), invocation: { ...invocationOf(io), overrides: recordedOverrides(options.set) } };
}

async function runWith(pluginThread: ThreadPool, run: PreparedRun, options: RunCommandOptions, io: Io): Promise<Outcome> {
  const { scenario } = run;
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
    result = await runIntoFolder(pluginThread, run, outDir, options, io);
  } catch (error) {
    // The run folder itself is all or nothing (writeRunFolder); remove the parent folders made for it too.
    claim.undo();
    throw error;
  }
  const { wallSeconds } = result;
  const check = run.reproduction === undefined ? undefined : compareWithRecorded(run.reproduction, outDir);

  if (options.json) {
    const reproduced = check === undefined ? {} : { reproduced_from: run.reproduction!.file, identical: check.identical, differing: check.differing };
    io.stdout.write(`${JSON.stringify({ out: outDir, seed: scenario.seed, events: result.events, wall_time_s: wallSeconds, truncated: result.truncated, summary: result.summary, ...reproduced })}\n`);
  } else if (!options.quiet) {
    io.stderr.write(formatRunSummary(scenario.name, scenario.seed, result, wallSeconds, outDir));
  }
  if (check !== undefined && (!options.quiet || !check.identical)) io.stderr.write(`${check.text}\n`);
  return check?.identical === false ? "failed" : "ok";
}

/** Did the reproduction write the data files the manifest records (same names, sizes and SHA-256)? */
function compareWithRecorded(from: ManifestRun, outDir: string): { identical: boolean; differing: string[]; text: string } {
  const recorded = from.manifest.file_digests;
  if (recorded === undefined) return { identical: true, differing: [], text: `reproduced ${from.file}: it records no file digests (an older coordsim wrote it), so the outputs were not compared` };
  const written = readRunManifest(join(outDir, "manifest.json")).file_digests ?? {};
  const names = [...new Set([...Object.keys(recorded), ...Object.keys(written)])].sort();
  const same = (name: string) => recorded[name]?.sha256 === written[name]?.sha256 && recorded[name]?.bytes === written[name]?.bytes;
  const differing = names.filter((name) => !same(name));
  if (differing.length === 0) return { identical: true, differing, text: `reproduced ${from.file}: ${names.join(", ")} byte-identical` };
  return { identical: false, differing, text: `not reproduced: ${differing.join(", ")} in ${outDir} differ from what ${from.file} records (file_digests)` };
}

async function runIntoFolder(pluginThread: ThreadPool, run: PreparedRun, outDir: string, options: RunCommandOptions, io: Io): Promise<RunFigures> {
  const { scenario, scenarioFile, invocation } = run;
  const progress = runProgress(scenario.duration, io.stderr, !options.quiet && !options.json);
  if (scenarioPluginLabels(scenario).length > 0) {
    // Plugins run in a worker thread: process.exit or a heap blow-up there ends only that thread, and a call that never returns can be stopped (--max-wall).
    // The worker posts its progress; the line is drawn here.
    return await runIsolated(
      {
        scenario,
        outDir,
        scenarioFile,
        coordsimVersion: coordsimVersion(),
        invocation,
        ...(options.maxWall !== undefined ? { maxWallSeconds: options.maxWall } : {}),
        ...(run.maxEvents !== undefined ? { maxEvents: run.maxEvents } : {}),
      },
      (now, events) => progress.update(now, events),
      pluginThread,
    ).finally(() => progress.done());
  } else {
    const pluginSha256 = pluginDigests(scenario);
    const startedAt = new Date();
    const wallStart = performance.now();
    const full = simulate(scenario, {
      ...(run.maxEvents !== undefined ? { maxEvents: run.maxEvents } : {}),
      ...(options.maxWall !== undefined ? { maxWallSeconds: options.maxWall } : {}),
      onProgress: (now, events) => progress.update(now, events),
    });
    progress.done();
    const wallSeconds = (performance.now() - wallStart) / 1000;
    writeRunFolder(outDir, full, runManifest(scenario, full, { coordsimVersion: coordsimVersion(), scenarioFile, startedAt, wallSeconds, pluginSha256, invocation }));
    return { ...full, wallSeconds };
  }
}
