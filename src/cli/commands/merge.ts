// `coordsim merge <dirs...> --out DIR`: join shard folders into one sweep folder.
import { join } from "node:path";
import { mergeShards } from "../../runner/sweep/merge.js";
import type { Outcome } from "../exitCodes.js";
import { invocationOf, type Io } from "../io.js";

export interface MergeCommandOptions {
  out: string;
  quiet: boolean;
}

export async function mergeCommand(dirs: string[], options: MergeCommandOptions, io: Io): Promise<Outcome> {
  const result = await mergeShards(dirs, options.out, invocationOf(io));
  if (!options.quiet) io.stderr.write(`merged ${result.shards} shard(s): ${result.runs} runs, ${result.failed} failed -> ${join(options.out, "runs.csv")}\n`);
  return result.failed > 0 ? "failed" : "ok";
}
