// `coordsim merge`: join the folders of shards 0/N ... N-1/N of one sweep into
// the folder an unsharded sweep would have written (wall-clock fields aside),
// long tables included.
import { cpSync, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { removeQuietly, tempPathFor, writeFileAtomic } from "../../output/atomic.js";
import { OutputDirError } from "../../output/outDir.js";
import { verifyRunFolder } from "../../output/verifyRun.js";
import { claimOutputDir } from "../../output/writable.js";
import { asWriteError } from "../../output/writeError.js";
import { parameterValues, replanSweep, type SweepRun } from "../../scenario/sweep.js";
import { recordsFromRunsCsv, runsCsv, type RunRecord } from "../../output/runsCsv.js";
import { manifestParameters, readSweepManifest, writeSweepManifest, type SweepManifest } from "../../output/sweepManifest.js";
import { designCsv } from "../../output/designCsv.js";
import type { Invocation } from "../../output/manifest.js";
import { writeLongTables } from "../../output/longTables/write.js";

export interface MergeResult {
  runs: number;
  failed: number;
  shards: number;
}

function shardOf(dir: string, m: SweepManifest): { index: number; count: number } {
  const match = m.shard === null ? null : /^(\d+)\/(\d+)$/.exec(m.shard);
  if (!match) throw new OutputDirError(`${dir}: holds a whole sweep, not a shard (nothing to merge)`);
  return { index: Number(match[1]), count: Number(match[2]) };
}

/** ": plugin ... changed" when two shards ran different code of the same plugin file. */
function pluginsDiffer(a: SweepManifest, b: SweepManifest): string {
  const pa = a.plugin_sha256 ?? {};
  const pb = b.plugin_sha256 ?? {};
  const changed = Object.keys(pa).filter((m) => pb[m] !== undefined && pb[m] !== pa[m]);
  return changed.length === 0 ? "" : `: they ran different code of plugin ${changed.join(", ")}`;
}

/** Check the shard folders belong together and cover the run list exactly once. */
function checkShards(dirs: readonly string[]): SweepManifest[] {
  if (dirs.length === 0) throw new OutputDirError("merge: give the shard folders to join");
  const manifests = dirs.map((dir) => {
    if (!existsSync(join(dir, "sweep.json"))) throw new OutputDirError(`${dir}: no sweep.json (not a sweep or shard folder)`);
    return readSweepManifest(dir);
  });
  const first = manifests[0]!;
  const count = shardOf(dirs[0]!, first).count;
  const seen = new Map<number, string>();
  manifests.forEach((m, i) => {
    const dir = dirs[i]!;
    if (m.definition_sha256 !== first.definition_sha256) throw new OutputDirError(`${dir}: belongs to a different sweep than ${dirs[0]} (definition hashes differ${pluginsDiffer(first, m)})`);
    const shard = shardOf(dir, m);
    if (shard.count !== count) throw new OutputDirError(`${dir}: is shard ${m.shard}, but ${dirs[0]} is one of ${count} shards`);
    if (seen.has(shard.index)) throw new OutputDirError(`${dir}: shard ${m.shard} is also in ${seen.get(shard.index)}`);
    if (m.status !== "complete" || !existsSync(join(dir, "runs.csv"))) throw new OutputDirError(`${dir}: shard ${m.shard} did not finish (rerun it with --resume, then merge)`);
    seen.set(shard.index, dir);
  });
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new OutputDirError(`merge: missing shard(s) ${missing.map((i) => `${i}/${count}`).join(", ")}`);
  return manifests;
}

/** `invocation`: the merge command, which the merged sweep.json records instead of shard 0's. */
export async function mergeShards(dirs: readonly string[], out: string, invocation?: Invocation): Promise<MergeResult> {
  const manifests = checkShards(dirs);
  if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) {
    throw new OutputDirError(`--out ${out}: must be a new or empty folder (coordsim never deletes files)`);
  }
  const first = manifests[0]!;
  // The run list is recomputed from the manifest, so every row is checked against its id and seed.
  const plan = replanSweep(first);
  const parameters = manifestParameters(first);
  const byId = new Map<string, SweepRun>(plan.runs.map((r) => [r.id, r]));
  const records: RunRecord[] = [];
  const from = new Map<string, string>();
  for (const dir of dirs) {
    for (const record of recordsFromRunsCsv(join(dir, "runs.csv"), parameters, byId)) {
      if (from.has(record.run.id)) throw new OutputDirError(`${dir}: run ${record.run.id} is also in ${from.get(record.run.id)}`);
      from.set(record.run.id, dir);
      records.push(record);
    }
  }
  if (records.length !== plan.runs.length) throw new OutputDirError(`merge: the shards hold ${records.length} of the sweep's ${plan.runs.length} runs`);
  for (const record of records) if (record.status === "ok") verifyShardRun(from.get(record.run.id)!, record);

  // Everything is written into a temp folder beside --out and renamed into place: a failure leaves no partial merge.
  const claim = claimOutputDir(out);
  const place = existsSync(out) ? realpathSync(out) : out;
  const staging = tempPathFor(place);
  let current = out;
  try {
    mkdirSync(join(staging, "runs"), { recursive: true });
    for (const record of records) {
      const source = join(from.get(record.run.id)!, "runs", record.run.id);
      current = join(out, "runs", record.run.id);
      if (existsSync(source)) cpSync(source, join(staging, "runs", record.run.id), { recursive: true, errorOnExist: true, force: false });
    }
    current = out;
    writeFileAtomic(join(staging, "design.csv"), designCsv(plan));
    writeFileAtomic(join(staging, "runs.csv"), runsCsv(parameters, records));
    // From the copied run folders, exactly as an unsharded sweep writes them (the shards' own tables are not used).
    const tables = await writeLongTables({ dir: staging, parameters: parameterValues(plan), records });
    const failed = records.filter((r) => r.status === "failed").length;
    const wall = manifests.reduce((s, m) => s + m.wall_time_s, 0);
    writeSweepManifest(staging, { ...first, ...invocation, shard: null, runs_in_folder: records.length, status: "complete", failed, wall_time_s: Number(wall.toFixed(3)), tables });
    if (existsSync(place)) rmdirSync(place); // empty (checked above)
    renameSync(staging, place);
    return { runs: records.length, failed, shards: dirs.length };
  } catch (error) {
    removeQuietly(staging);
    claim.undo();
    throw asWriteError(current, error);
  }
}

/** A run runs.csv lists as ok must be in its shard, complete and unaltered (its manifest's file digests). */
function verifyShardRun(dir: string, record: RunRecord): void {
  const runDir = join(dir, "runs", record.run.id);
  if (!existsSync(runDir)) throw new OutputDirError(`${dir}: run ${record.run.id} is ok in runs.csv but its folder ${runDir} is missing (rerun the shard with --resume, then merge)`);
  const check = verifyRunFolder(runDir);
  if (!check.ok) throw new OutputDirError(`${dir}: run ${record.run.id} is incomplete or altered: ${check.problem} (rerun the shard with --resume, then merge)`);
  const own = check.manifest.sweep_run;
  if (own?.id !== record.run.id || check.manifest.seed !== record.run.seed) throw new OutputDirError(`${runDir}/manifest.json: is not run ${record.run.id} (seed ${record.run.seed}) of this sweep`);
}
