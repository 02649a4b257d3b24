// sweep.json: what a sweep folder holds. Written when the sweep starts (so a
// resume can check it continues the same sweep) and again when it ends.
import { join } from "node:path";
import { writeFileAtomic } from "./atomic.js";
import type { FileDigest } from "./atomic.js";
import { OutputDirError } from "./outDir.js";
import { readTextFile } from "../inputFile.js";
import type { Invocation } from "./manifest.js";
import { MAX_SWEEP_RUNS } from "../scenario/schema.js";
import { pointsFactors, type GridAxis, type PointsSpec, type SweepParameter } from "../scenario/sweep.js";
import { designFactors, designPointCount, type DesignSpec } from "../scenario/designs/design.js";
import { designSchema, factorSchema } from "../scenario/designSchema.js";

export interface SweepManifest extends Partial<Invocation> {
  coordsim_version: string;
  /** The git commit coordsim was built from, or "unknown" (src/buildInfo.ts). With `command_line` and `cwd` (the command that wrote the folder: the sweep, its last --resume, or the merge), absent in folders older coordsim wrote. */
  coordsim_commit?: string;
  scenario_file: string;
  name: string;
  /** Base seed the replicate seeds derive from. */
  seed: number;
  /** Hash of the run list and of every run's resolved scenario. */
  definition_sha256: string;
  /** The grid's axes (empty for a design). */
  axes: GridAxis[];
  /** Only for a design sweep: `sweep.design` as the scenario gives it, with its seed filled in (merge and the notebooks re-plan it). */
  design?: DesignSpec;
  /** Only for explicit points (a `coordsim optimize` generation): the factors and each point's unit coordinates. */
  points?: PointsSpec;
  /** Only with plugins: SHA-256 of each plugin module file the runs use (part of definition_sha256). */
  plugin_sha256?: Record<string, string>;
  replicates: number;
  /** Only with `--unpaired`: true, each point drew its own replicate seeds (merge and the notebooks re-plan them so). */
  unpaired?: true;
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
  /** Once complete: the long tables in tables/ (file name -> size and SHA-256). */
  tables?: Record<string, FileDigest>;
}

export function writeSweepManifest(dir: string, manifest: SweepManifest): void {
  writeFileAtomic(join(dir, "sweep.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** runs.csv's parameter columns for this manifest: the design's factors, or the grid's axes. */
export function manifestParameters(m: Pick<SweepManifest, "axes" | "design" | "points">): SweepParameter[] {
  if (m.points !== undefined) return pointsFactors(m.points).map((f) => ({ path: f.path }));
  return m.design === undefined ? m.axes : designFactors(m.design).map((f) => ({ path: f.path }));
}

/** sweep.json's own size cap: a real one is a few kB (its axes list grid values). */
const MAX_SWEEP_MANIFEST_BYTES = 64 * 2 ** 20;

/** Read and check sweep.json: every field `resume`, `merge` and the notebooks rely on, and a grid that adds up. */
export function readSweepManifest(dir: string): SweepManifest {
  const path = join(dir, "sweep.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readTextFile(path, "the sweep manifest", MAX_SWEEP_MANIFEST_BYTES));
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

function shown(value: unknown): string {
  return JSON.stringify(value)?.slice(0, 60) ?? String(value);
}

/** The first field `resume`, `merge` or the notebooks rely on that is wrong, as "field: expected ..., got ...". */
function malformedField(m: Partial<SweepManifest>): string | undefined {
  const bad = (field: string, expected: string, value: unknown) => `${field}: expected ${expected}, got ${shown(value)}`;
  let runs = isCount(m.replicates, 1) ? m.replicates! : 1;
  for (const [i, axis] of (m.axes ?? []).entries()) {
    const a = axis as Partial<GridAxis> | null;
    if (typeof a !== "object" || a === null || typeof a.path !== "string" || a.path === "") return bad(`axes[${i}].path`, "a field path", a?.path);
    if (!Array.isArray(a.values) || a.values.length === 0) return bad(`axes[${i}].values`, "a non-empty list", a.values);
    runs *= a.values.length;
  }
  if (m.design !== undefined) {
    const problem = malformedDesign(m);
    if (problem !== undefined) return problem;
    runs = designPointCount(m.design) * runs;
  }
  if (m.points !== undefined) {
    const problem = malformedPoints(m);
    if (problem !== undefined) return problem;
    runs = m.points.u.length * runs;
  }
  if (typeof m.name !== "string") return bad("name", "a string", m.name);
  if (!isCount(m.seed)) return bad("seed", "an integer >= 0", m.seed);
  if (!isCount(m.replicates, 1)) return bad("replicates", "an integer >= 1", m.replicates);
  if (m.unpaired !== undefined && m.unpaired !== true) return bad("unpaired", "true or absent", m.unpaired);
  if (!(runs <= MAX_SWEEP_RUNS) || runs !== m.runs_total) return bad("runs_total", `the ${m.design === undefined ? "grid" : "design"}'s size × replicates (${runs}), at most ${MAX_SWEEP_RUNS}`, m.runs_total);
  if (!isCount(m.runs_in_folder)) return bad("runs_in_folder", "an integer >= 0", m.runs_in_folder);
  if (!isCount(m.failed)) return bad("failed", "an integer >= 0", m.failed);
  if (m.shard !== null && typeof m.shard !== "string") return bad("shard", 'null or "i/N"', m.shard);
  if (m.status !== "running" && m.status !== "complete" && m.status !== "interrupted") return bad("status", "running, complete or interrupted", m.status);
  if (typeof m.wall_time_s !== "number" || !Number.isFinite(m.wall_time_s)) return bad("wall_time_s", "a number", m.wall_time_s);
  return undefined;
}

/** Recorded explicit points: valid factors, one unit coordinate in [0, 1] per factor at every point, no grid or design beside them. */
function malformedPoints(m: Partial<SweepManifest>): string | undefined {
  const p = m.points as Partial<PointsSpec> | null;
  if (typeof p !== "object" || p === null || typeof p.factors !== "object" || p.factors === null || !Array.isArray(p.u) || p.u.length === 0) return `points: expected { factors, u: [[...], ...] }, got ${shown(p)}`;
  const k = Object.keys(p.factors).length;
  for (const [path, spec] of Object.entries(p.factors)) if (!factorSchema.safeParse(spec).success) return `points.factors.${path}: expected a design factor, got ${shown(spec)}`;
  for (const [i, u] of p.u.entries()) {
    if (!Array.isArray(u) || u.length !== k || !u.every((x) => typeof x === "number" && x >= 0 && x <= 1)) return `points.u[${i}]: expected ${k} unit coordinates in [0, 1], got ${shown(u)}`;
  }
  if ((m.axes ?? []).length > 0 || m.design !== undefined) return "points: expected no grid axes or design beside explicit points";
  return undefined;
}

/** The recorded design must be one the scenario schema accepts, with its seed filled in and no grid axes beside it. */
function malformedDesign(m: Partial<SweepManifest>): string | undefined {
  const parsed = designSchema.safeParse(m.design);
  if (!parsed.success) return `design: expected sweep.design as the scenario gives it: ${parsed.error.issues[0]?.message ?? "invalid"}`;
  if (parsed.data.seed === undefined) return "design.seed: expected the design's seed, got none";
  if ((m.axes ?? []).length > 0) return `axes: expected none beside a design, got ${shown(m.axes)}`;
  return undefined;
}
