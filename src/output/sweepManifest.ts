// sweep.json: what a sweep folder holds. Written when the sweep starts (so a
// resume can check it continues the same sweep) and again when it ends.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.js";
import { OutputDirError } from "./outDir.js";
import type { GridAxis } from "../scenario/sweep.js";

export interface SweepManifest {
  coordsim_version: string;
  scenario_file: string;
  name: string;
  /** Base seed the replicate seeds derive from. */
  seed: number;
  /** Hash of the run list and of every run's resolved scenario. */
  definition_sha256: string;
  axes: GridAxis[];
  replicates: number;
  runs_total: number;
  /** "i/N" for a shard, null for a whole sweep. */
  shard: string | null;
  runs_in_folder: number;
  /** "interrupted": stopped by SIGINT after its running runs finished; runs.csv holds the runs done. */
  status: "running" | "complete" | "interrupted";
  failed: number;
  /** Wall-clock fields: the only non-deterministic part of a sweep folder (with each run's manifest). */
  started_at: string;
  wall_time_s: number;
}

export function writeSweepManifest(dir: string, manifest: SweepManifest): void {
  writeFileAtomic(join(dir, "sweep.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function readSweepManifest(dir: string): SweepManifest {
  const path = join(dir, "sweep.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new OutputDirError(`${path}: cannot read the sweep manifest: ${error instanceof Error ? error.message : String(error)}`);
  }
  const m = parsed as Partial<SweepManifest>;
  if (typeof m !== "object" || m === null || typeof m.definition_sha256 !== "string" || !Array.isArray(m.axes) || typeof m.runs_total !== "number") {
    throw new OutputDirError(`${path}: not a coordsim sweep manifest (missing definition_sha256, axes or runs_total)`);
  }
  return m as SweepManifest;
}
