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
  /** Only with plugins: SHA-256 of each plugin module file the runs use (part of definition_sha256). */
  plugin_sha256?: Record<string, string>;
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
  const wrong = malformedField(m);
  if (wrong !== undefined) throw new OutputDirError(`${path}: malformed sweep manifest: ${wrong}`);
  return m as SweepManifest;
}

const isCount = (x: unknown, min = 0): boolean => typeof x === "number" && Number.isSafeInteger(x) && x >= min;

/** The first field `resume` or `merge` relies on that has the wrong type, as text. */
function malformedField(m: Partial<SweepManifest>): string | undefined {
  const badAxis = (m.axes ?? []).findIndex((a: unknown) => typeof a !== "object" || a === null || typeof (a as GridAxis).path !== "string" || !Array.isArray((a as GridAxis).values) || (a as GridAxis).values.length === 0);
  if (badAxis >= 0) return `axes[${badAxis}] is not { path, values: [...] }`;
  if (!isCount(m.seed)) return "seed is not an integer >= 0";
  if (!isCount(m.replicates, 1)) return "replicates is not an integer >= 1";
  if (!isCount(m.runs_total)) return "runs_total is not an integer >= 0";
  if (!isCount(m.runs_in_folder)) return "runs_in_folder is not an integer >= 0";
  if (!isCount(m.failed)) return "failed is not an integer >= 0";
  if (m.shard !== null && typeof m.shard !== "string") return "shard is neither null nor \"i/N\"";
  if (m.status !== "running" && m.status !== "complete" && m.status !== "interrupted") return `status ${JSON.stringify(m.status)} is not running, complete or interrupted`;
  if (typeof m.wall_time_s !== "number" || !Number.isFinite(m.wall_time_s)) return "wall_time_s is not a number";
  return undefined;
}
