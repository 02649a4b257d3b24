// `coordsim merge`: join the folders of shards 0/N ... N-1/N of one sweep into
// the folder an unsharded sweep would have written (wall-clock fields aside).
import { cpSync, existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../output/atomic.js";
import { OutputDirError, ensureDir } from "../../output/outDir.js";
import { planSweep, type SweepRun } from "../../scenario/sweep.js";
import { recordsFromRunsCsv, runsCsv, type RunRecord } from "../../output/runsCsv.js";
import { readSweepManifest, writeSweepManifest, type SweepManifest } from "../../output/sweepManifest.js";

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
    if (m.definition_sha256 !== first.definition_sha256) throw new OutputDirError(`${dir}: belongs to a different sweep than ${dirs[0]} (definition hashes differ)`);
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

export function mergeShards(dirs: readonly string[], out: string): MergeResult {
  const manifests = checkShards(dirs);
  if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) {
    throw new OutputDirError(`--out ${out}: must be a new or empty folder (coordsim never deletes files)`);
  }
  const first = manifests[0]!;
  // The run list is recomputed from the manifest, so every row is checked against its id and seed.
  const plan = planSweep(first.axes, { baseSeed: first.seed, replicates: first.replicates });
  const byId = new Map<string, SweepRun>(plan.runs.map((r) => [r.id, r]));
  const records: RunRecord[] = [];
  const from = new Map<string, string>();
  for (const dir of dirs) {
    for (const record of recordsFromRunsCsv(join(dir, "runs.csv"), first.axes, byId)) {
      if (from.has(record.run.id)) throw new OutputDirError(`${dir}: run ${record.run.id} is also in ${from.get(record.run.id)}`);
      from.set(record.run.id, dir);
      records.push(record);
    }
  }
  if (records.length !== plan.runs.length) throw new OutputDirError(`merge: the shards hold ${records.length} of the sweep's ${plan.runs.length} runs`);

  ensureDir(join(out, "runs"));
  for (const record of records) {
    const source = join(from.get(record.run.id)!, "runs", record.run.id);
    if (existsSync(source)) cpSync(source, join(out, "runs", record.run.id), { recursive: true, errorOnExist: true, force: false });
  }
  writeFileAtomic(join(out, "runs.csv"), runsCsv(first.axes, records));
  const failed = records.filter((r) => r.status === "failed").length;
  const wall = manifests.reduce((s, m) => s + m.wall_time_s, 0);
  writeSweepManifest(out, { ...first, shard: null, runs_in_folder: records.length, status: "complete", failed, wall_time_s: Number(wall.toFixed(3)) });
  return { runs: records.length, failed, shards: dirs.length };
}
