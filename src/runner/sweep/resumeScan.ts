// A sweep's output folder before any run starts: claim it (new, empty, or
// this very sweep with --resume), check it can be written, and, on resume,
// find the runs already complete. A run counts as complete only if its
// manifest records this run's scenario hash (plugin code included) and every
// file it lists is there with the recorded size and SHA-256; any other run
// folder is coordsim's own leftover and is removed before the run is redone.
import { existsSync, lstatSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { removeQuietly } from "../../output/atomic.js";
import { OutputDirError } from "../../output/outDir.js";
import { readCsvRecords, type RunRecord } from "../../output/runsCsv.js";
import { readSweepManifest, type SweepManifest } from "../../output/sweepManifest.js";
import { verifyRunFolder } from "../../output/verifyRun.js";
import { removeStaleTableFolders } from "../../output/longTables/write.js";
import { claimOutputDir, mkdirs, type OutputClaim } from "../../output/writable.js";
import { OutputWriteError, asWriteError } from "../../output/writeError.js";
import type { SweepRun } from "../../scenario/sweep.js";
import type { ResolvedSweep } from "./resolve.js";

const TEMP_NAME = /^\..+\.tmp-[0-9a-f-]+$/;

/**
 * Remove temp files a killed writer left behind (atomic writes never leave
 * anything else). Folders are left alone: an interrupted `coordsim notebook`
 * build inside a sweep folder has a temp-shaped name too.
 */
export function removeStaleTemps(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isFile() && TEMP_NAME.test(entry.name)) removeQuietly(join(dir, entry.name));
}

/** In runs/, a temp-named file or folder is a run folder a killed worker was writing: only coordsim writes there. */
function removeStaleRunTemps(runsDir: string): void {
  for (const entry of readdirSync(runsDir, { withFileTypes: true })) if (TEMP_NAME.test(entry.name)) removeQuietly(join(runsDir, entry.name));
}

/** Which plugin files changed between the sweep in the folder and this one, as text (empty if none is known to have). */
function changedPlugins(previous: SweepManifest, sweep: ResolvedSweep): string {
  const before = previous.plugin_sha256 ?? {};
  const changed = Object.keys(sweep.pluginSha256).filter((m) => before[m] !== undefined && before[m] !== sweep.pluginSha256[m]);
  return changed.length === 0 ? "" : `: plugin code changed since it ran (${changed.join(", ")})`;
}

function checkPrevious(out: string, previous: SweepManifest, sweep: ResolvedSweep, resume: boolean, shard: string | null): void {
  if (!resume) throw new OutputDirError(`--out ${out}: already holds a sweep (use --resume to finish it, or choose another --out)`);
  if (previous.definition_sha256 !== sweep.definitionHash) {
    const plugins = changedPlugins(previous, sweep);
    const why = plugins === "" ? " (its scenario, grid or design, replicates, seed, --unpaired or plugin code differ)" : plugins;
    throw new OutputDirError(`--out ${out}: holds a different sweep${why}, so it cannot be resumed; choose another --out`);
  }
  if (previous.shard !== shard) throw new OutputDirError(`--out ${out}: holds shard ${previous.shard ?? "(unsharded)"}, not ${shard ?? "(unsharded)"}`);
}

function isDir(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Check (and claim) the output folder: fresh or empty, or, with resume, a
 * folder of this very sweep and shard; then create `runs/` and check both can
 * be written. `fresh`: the folder did not exist (a failure may remove it).
 */
export function prepareSweepFolder(sweep: ResolvedSweep, out: string, resume: boolean, shard: string | null): { claim: OutputClaim; fresh: boolean } {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new OutputDirError(`--out ${out}: exists and is not a directory`);
  const previous = existsSync(join(out, "sweep.json")) ? readSweepManifest(out) : undefined;
  if (previous !== undefined) checkPrevious(out, previous, sweep, resume, shard);
  else if (existsSync(out) && readdirSync(out).length > 0) {
    throw new OutputDirError(`--out ${out}: directory is not empty and holds no sweep.json (coordsim never deletes files; choose another --out)`);
  }
  const fresh = !existsSync(out);
  const claim = claimOutputDir(out);
  const runs = join(out, "runs");
  try {
    if (existsSync(runs) && !isDir(runs)) throw new OutputDirError(`${runs}: is a file where the sweep's runs folder should be (move it away, then --resume)`);
    try {
      mkdirs(runs);
    } catch (error) {
      throw asWriteError(runs, error, "cannot create the runs folder");
    }
    removeStaleTemps(out);
    removeStaleTableFolders(out);
    removeStaleRunTemps(runs);
  } catch (error) {
    if (fresh) removeQuietly(out);
    claim.undo();
    throw error;
  }
  return { claim, fresh };
}

/**
 * The record of a run already complete in `dir` (resume), or undefined after
 * removing whatever incomplete or altered folder is there so the run is redone.
 */
export function resumedRecord(dir: string, run: SweepRun, hash: string): RunRecord | undefined {
  if (!existsSync(dir)) return undefined;
  if (!isDir(dir)) throw new OutputDirError(`${dir}: is a file where run ${run.id}'s folder should be (move it away, then --resume)`);
  const check = verifyRunFolder(dir, hash);
  if (check.ok) {
    try {
      const [row] = readCsvRecords(join(dir, "summary.csv"));
      if (row !== undefined) return { run, status: "ok", error: "", metrics: row };
    } catch {
      // verified against its digest, so only an unusual file gets here; redo the run
    }
  }
  removeQuietly(dir);
  return undefined;
}

/**
 * The error that ends a sweep whose run folder could not be written. Runs
 * completed so far are kept for --resume; a folder this sweep created and
 * holding no complete run is removed, so nothing is left behind.
 */
export function abandonAfterWriteFailure(out: string, folder: { claim: OutputClaim; fresh: boolean }, complete: number, reason: string): OutputWriteError {
  if (folder.fresh && complete === 0) {
    removeQuietly(out);
    folder.claim.undo();
    return new OutputWriteError(`${reason}; the sweep stopped and ${out} was removed`);
  }
  return new OutputWriteError(`${reason}; the sweep stopped: the ${complete} complete run(s) in ${out} are kept, rerun the same command with --resume once it can be written`);
}
