// `coordsim optimize --generation G --shard i/N` (issue 21): one generation's
// candidates split over cluster nodes. Generation G's candidates are fixed by
// optimize.json's CMA-ES state after generation G-1 (CMA-ES's fresh state for
// G = 0), so every node asks the same candidates; shard i runs the runs whose
// index ≡ i (mod N) of that generation's sweep into <out>/shards/gNNN/shard-i
// (a normal sweep shard folder). `--generation G` without --shard then joins
// the shards with `coordsim merge`'s code into <out>/generations/gNNN (the
// folder an unsharded generation writes, byte for byte), scores it, tells
// CMA-ES and stops. Nothing here writes optimize.json: only the step that
// tells does, so concurrent shard nodes never race on it.
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OutputDirError } from "../../output/outDir.js";
import { readSweepManifest } from "../../output/sweepManifest.js";
import { mergeShards } from "../sweep/merge.js";

/** Where shard i of the generation whose folder is `generationDir` runs: <out>/shards/gNNN/shard-i. */
export function shardDir(generationDir: string, shard: { index: number }): string {
  return join(shardsDir(generationDir), `shard-${shard.index}`);
}

function shardsDir(generationDir: string): string {
  return join(dirname(dirname(generationDir)), "shards", basename(generationDir));
}

/**
 * `--generation G` must name the generation the search is at: the one after
 * optimize.json's last completed generation (0 for a new search), and one the
 * budget allows and CMA-ES has not stopped before.
 */
export function checkNextGeneration(out: string, requested: number, next: number, generations: number, stopReason: string | undefined): void {
  if (stopReason !== undefined || next >= generations) {
    throw new OutputDirError(`--generation ${requested}: the search in ${out} is complete (${next} generation(s) done, ${stopReason !== undefined ? `CMA-ES stopped: ${stopReason}` : `the budget allows ${generations}`}); there is no generation left to run`);
  }
  if (requested !== next) {
    const state = join(out, "optimize.json");
    const where = next === 0 ? `${state} does not exist yet, so the next generation is 0` : `${state} has ${next} completed generation(s), so the next generation is ${next}`;
    throw new OutputDirError(`--generation ${requested}: ${where}; generation ${requested} ${requested < next ? "is already done" : "needs the generations before it told first (run --generation G without --shard after each generation's shards)"}`);
  }
}

/**
 * Before the step that tells runs generation G unsharded: if its folder does
 * not exist but <out>/shards/gNNN holds shard folders, merge them into it
 * (merge checks they are the N finished shards of this very generation's
 * sweep, else exit 2, and writes the folder atomically). A shard of another
 * search, or of this search's generation G computed from another state, has
 * another definition hash (it covers the candidates): refused before merging,
 * so the generation folder is never taken by runs this search did not ask for.
 */
export async function mergeGenerationShards(generationDir: string, generation: number, definitionHash: string): Promise<number> {
  const from = shardsDir(generationDir);
  if (existsSync(generationDir) || !existsSync(from) || !statSync(from).isDirectory()) return 0;
  const dirs = readdirSync(from)
    .filter((name) => /^shard-\d+$/.test(name))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
    .map((name) => join(from, name));
  if (dirs.length === 0) return 0;
  for (const dir of dirs) {
    if (!existsSync(join(dir, "sweep.json"))) throw new OutputDirError(`${dir}: no sweep.json (not a shard folder; rerun the shard with --resume)`);
    if (readSweepManifest(dir).definition_sha256 !== definitionHash) {
      throw new OutputDirError(`${dir}: is not a shard of this search's generation ${generation} (its scenario, --set, --seed or candidates differ from those optimize.json gives); move it away and rerun that shard with the same flags`);
    }
  }
  await mergeShards(dirs, generationDir);
  return dirs.length;
}
