// Write one run's folder, all or nothing: the files go into a temp folder
// beside it (manifest last), which is renamed into place. A failed write (disk
// full, read-only, ...) removes the temp folder and names the path and the OS
// reason; a folder with a manifest is always a complete run (what `--resume`
// and `merge` rely on, and verify against the manifest's file digests).
import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { RunResult } from "./runResult.js";
import { removeQuietly, tempPathFor, writeChunksAtomic, type FileDigest } from "./atomic.js";
import { csvChunks, recordsToCsv } from "./csv.js";
import { scenarioSha256, type Manifest, type PluginDigests, type RunInvocation } from "./manifest.js";
import { coordsimCommit } from "../buildInfo.js";
import { OutputWriteError, asWriteError } from "./writeError.js";
import type { Scenario } from "../scenario/schema.js";

export const RUN_FILES = ["summary.csv", "timeseries.csv", "entities.csv", "manifest.json"] as const;

export function writeRunFolder(dir: string, result: RunResult, manifest: Omit<Manifest, "files" | "file_digests">): void {
  // Through a symlinked folder, the temp folder must sit beside the real one (a rename cannot cross it).
  const place = existsSync(dir) ? realpathSync(dir) : dir;
  const staging = tempPathFor(place);
  let current = "";
  try {
    mkdirSync(staging);
    const digests: Record<string, FileDigest> = {};
    const write = (name: string, chunks: Iterable<string>): void => {
      current = name;
      digests[name] = writeChunksAtomic(join(staging, name), chunks);
    };
    write("summary.csv", [recordsToCsv([result.summary])]);
    write("timeseries.csv", [recordsToCsv(result.timeseries, result.timeseriesColumns)]);
    write("entities.csv", csvChunks(result.entities.columns, result.entities.rows()));
    const full: Manifest = { ...manifest, files: [...RUN_FILES], file_digests: digests };
    write("manifest.json", [`${JSON.stringify(full, null, 2)}\n`]);
    current = "";
    moveIntoPlace(staging, place);
  } catch (error) {
    throw asWriteError(current === "" ? dir : join(dir, current), error);
  } finally {
    removeQuietly(staging);
  }
}

/**
 * A new or empty folder is replaced by the temp folder in one rename. A
 * non-empty one (`run --force`) gets its run files replaced one by one, its
 * old manifest removed first and the new one moved last; other files stay.
 */
function moveIntoPlace(staging: string, place: string): void {
  if (!existsSync(place)) return renameSync(staging, place);
  if (readdirSync(place).length === 0) {
    rmdirSync(place);
    return renameSync(staging, place);
  }
  // Checked before the old manifest goes, so a folder in the way leaves the earlier run whole.
  const blocked = RUN_FILES.find((name) => existsSync(join(place, name)) && !lstatSync(join(place, name)).isFile());
  if (blocked !== undefined) throw new OutputWriteError(`${join(place, blocked)}: is not a file, so the run file cannot replace it`);
  rmSync(join(place, "manifest.json"), { force: true });
  for (const name of RUN_FILES) renameSync(join(staging, name), join(place, name));
}

export interface RunProvenance {
  coordsimVersion: string;
  /** Absolute path of the scenario file. */
  scenarioFile: string;
  startedAt: Date;
  wallSeconds: number;
  /** SHA-256 of the plugin module files the run used (read before they were imported); empty without plugins. */
  pluginSha256: PluginDigests;
  sweepRun?: Manifest["sweep_run"];
  /** A plain run's command line, cwd and overrides (a sweep run has `sweepRun`). */
  invocation?: RunInvocation;
}

/** A run's manifest: the resolved scenario and its hash, what the run did, and (only here) wall-clock time. */
export function runManifest(scenario: Scenario, result: Pick<RunResult, "events" | "simulatedHours" | "stopReason" | "truncated">, p: RunProvenance): Omit<Manifest, "files" | "file_digests"> {
  return {
    coordsim_version: p.coordsimVersion,
    coordsim_commit: coordsimCommit(),
    node_version: process.version,
    ...(p.invocation !== undefined ? { command_line: p.invocation.command_line, cwd: p.invocation.cwd } : {}),
    scenario_file: p.scenarioFile,
    ...(p.invocation !== undefined ? { overrides: p.invocation.overrides } : {}),
    ...(p.invocation?.reproduced_from !== undefined ? { reproduced_from: p.invocation.reproduced_from } : {}),
    scenario_sha256: scenarioSha256(scenario, p.pluginSha256),
    ...(Object.keys(p.pluginSha256).length > 0 ? { plugin_sha256: p.pluginSha256 } : {}),
    seed: scenario.seed,
    events_processed: result.events,
    simulated_hours: result.simulatedHours,
    stop_reason: result.stopReason,
    truncated: result.truncated,
    started_at: p.startedAt.toISOString(),
    wall_time_s: Number(p.wallSeconds.toFixed(3)),
    scenario,
    ...(p.sweepRun !== undefined ? { sweep_run: p.sweepRun } : {}),
  };
}
