// A sweep's run list: every grid or design point × every replicate, in a
// stable order that depends only on the scenario (never on workers, shards or
// timing).
import { createHash } from "node:crypto";
import { parseOverride } from "./overrides.js";
import { designFactors, designPoints, type DesignPoint, type DesignSpec } from "./designs/design.js";
import { factorValue, toFactor, type Factor, type FactorSpec } from "./designs/factors.js";

/** One swept field and its values, in the order the scenario lists them. */
export interface GridAxis {
  path: string;
  values: unknown[];
}

/** One run of a sweep. `index` is its position in the full run list. */
export interface SweepRun {
  index: number;
  /** Folder name and runs.csv key, e.g. `p003-r07`. */
  id: string;
  point: number;
  replicate: number;
  seed: number;
  /** One value per grid axis or design factor. */
  values: unknown[];
}

/** A runs.csv parameter column: a grid axis or a design factor. */
export interface SweepParameter {
  path: string;
}

/**
 * Each runs.csv parameter column with the values the plan gives it: a grid's
 * axes as listed, a design factor's value at every point (long tables type a
 * parameter column from its values).
 */
export function parameterValues(plan: Pick<SweepPlan, "axes" | "parameters" | "runs" | "replicates">): GridAxis[] {
  if (plan.axes.length > 0) return plan.axes;
  return plan.parameters.map((p, i) => ({ path: p.path, values: plan.runs.filter((r) => r.replicate === 0).map((r) => r.values[i]) }));
}

export interface SweepPlan {
  /** The grid's axes; empty for a design. */
  axes: GridAxis[];
  /** The design, its seed resolved (as sweep.json records it); absent for a grid. */
  design?: DesignSpec;
  /** Explicit points (an optimisation generation's candidates), as sweep.json records them; absent otherwise. */
  explicitPoints?: PointsSpec;
  /** runs.csv's parameter columns, in order: the axes, or the design's factors. */
  parameters: SweepParameter[];
  /** Per point: its row of design.csv (unit coordinates, block, base, factor). */
  designPoints: DesignPoint[];
  replicates: number;
  /** Each point draws its replicate seeds from its own lane (`--unpaired`), instead of common random numbers. */
  unpaired: boolean;
  points: number;
  runs: SweepRun[];
}

/**
 * Seed of replicate `r`: derived from the base seed and the replicate only, so
 * every grid point's replicate r shares it (common random numbers). `lane`
 * separates independent seed sets (`--unpaired` gives each point its own).
 */
export function replicateSeed(baseSeed: number, replicate: number, lane = ""): number {
  const digest = createHash("sha256").update(`coordsim-replicate:v1:${baseSeed}:${lane.length}:${lane}:${replicate}`).digest();
  return digest.readUInt32BE(0);
}

/** Every combination of the axes' value indices, the last axis varying fastest. */
export function gridPoints(axes: readonly GridAxis[]): number[][] {
  let points: number[][] = [[]];
  for (const axis of axes) {
    const next: number[][] = [];
    for (const p of points) for (let v = 0; v < axis.values.length; v++) next.push([...p, v]);
    points = next;
  }
  return points;
}

function pad(n: number, total: number): string {
  return String(n).padStart(Math.max(1, String(total - 1).length), "0");
}

/** `--unpaired` (sweep, compare): point p's seeds come from its own lane, so no two points share a seed. */
export const unpairedLane = (point: number): string => `point-${point}`;

export interface PlanOptions {
  baseSeed: number;
  replicates: number;
  /** Each point its own seed lane (default: one shared lane, i.e. common random numbers). */
  unpaired?: boolean;
}

/** Each point's values × replicates as the run list (point-major, replicate-minor). */
function planRuns(pointValues: readonly unknown[][], opts: PlanOptions): SweepRun[] {
  const runs: SweepRun[] = [];
  const seeds = new Map<string, number>();
  pointValues.forEach((values, point) => {
    const lane = opts.unpaired === true ? unpairedLane(point) : "";
    for (let r = 0; r < opts.replicates; r++) {
      const key = `${lane}\u0000${r}`;
      if (!seeds.has(key)) seeds.set(key, replicateSeed(opts.baseSeed, r, lane));
      runs.push({ index: runs.length, id: `p${pad(point, pointValues.length)}-r${pad(r, opts.replicates)}`, point, replicate: r, seed: seeds.get(key)!, values: [...values] });
    }
  });
  return runs;
}

/** Expand axes × replicates into the run list (point-major, replicate-minor). */
export function planSweep(axes: readonly GridAxis[], opts: PlanOptions): SweepPlan {
  const points = gridPoints(axes);
  const runs = planRuns(points.map((indices) => indices.map((v, a) => axes[a]!.values[v])), opts);
  // design.csv's unit coordinate of value v of m is its interval's midpoint (v + 1/2)/m, as for a categorical factor.
  const rows = points.map((indices, point): DesignPoint => ({ block: "G", base: point, factor: null, u: indices.map((v, a) => (v + 0.5) / axes[a]!.values.length) }));
  return { axes: [...axes], parameters: axes.map((a) => ({ path: a.path })), designPoints: rows, replicates: opts.replicates, unpaired: opts.unpaired === true, points: points.length, runs };
}

/** The design's seed when the scenario gives none: derived from the base seed only. */
export function designSeed(baseSeed: number): number {
  return createHash("sha256").update(`coordsim-design:v1:${baseSeed}`).digest().readUInt32BE(0);
}

/** A design with its seed filled in (the scenario's, or one derived from the base seed). */
export function seededDesign(design: DesignSpec, baseSeed: number): DesignSpec & { seed: number } {
  return { ...design, seed: design.seed ?? designSeed(baseSeed) };
}

/** Expand a design × replicates into the run list (point-major, replicate-minor), each point's values mapped from its unit coordinates. */
export function planDesignSweep(design: DesignSpec & { seed: number }, opts: PlanOptions): SweepPlan {
  const factors: Factor[] = designFactors(design);
  const rows = designPoints(design, design.seed);
  const runs = planRuns(rows.map((row) => row.u.map((u, i) => factorValue(factors[i]!, u))), opts);
  return { axes: [], design, parameters: factors.map((f) => ({ path: f.path })), designPoints: rows, replicates: opts.replicates, unpaired: opts.unpaired === true, points: rows.length, runs };
}

/**
 * Explicit points: factors as in a design, and each point's unit coordinates
 * (`coordsim optimize` runs a generation's candidates as such a sweep).
 */
export interface PointsSpec {
  factors: Record<string, FactorSpec>;
  u: number[][];
}

/** The points' factors in the order listed. */
export function pointsFactors(points: PointsSpec): Factor[] {
  return Object.entries(points.factors).map(([path, spec]) => toFactor(path, spec));
}

/** Expand explicit points × replicates into the run list (point-major, replicate-minor), each point's values mapped from its unit coordinates. */
export function planPointsSweep(points: PointsSpec, opts: PlanOptions): SweepPlan {
  const factors = pointsFactors(points);
  const rows = points.u.map((u, point): DesignPoint => ({ block: "P", base: point, factor: null, u: [...u] }));
  const runs = planRuns(rows.map((row) => row.u.map((u, i) => factorValue(factors[i]!, u))), opts);
  return { axes: [], explicitPoints: { factors: points.factors, u: rows.map((r) => r.u) }, parameters: factors.map((f) => ({ path: f.path })), designPoints: rows, replicates: opts.replicates, unpaired: opts.unpaired === true, points: rows.length, runs };
}

/** Re-plan a sweep from what sweep.json records (merge, notebooks): its design if it has one, else its axes. */
export function replanSweep(recorded: { axes: readonly GridAxis[]; design?: DesignSpec | undefined; points?: PointsSpec | undefined; seed: number; replicates: number; unpaired?: boolean | undefined }): SweepPlan {
  const opts = { baseSeed: recorded.seed, replicates: recorded.replicates, unpaired: recorded.unpaired === true };
  if (recorded.points !== undefined) return planPointsSweep(recorded.points, opts);
  return recorded.design === undefined ? planSweep(recorded.axes, opts) : planDesignSweep(seededDesign(recorded.design, recorded.seed), opts);
}

/**
 * `path=value` as a user would type it after `--set`: strings bare when they
 * read back unchanged, everything else as JSON (YAML flow syntax).
 */
export function formatOverride(path: string, value: unknown): string {
  if (typeof value === "string") {
    const parsed = parseOverride(`${path}=${value}`);
    if (parsed.ok && parsed.override.value === value) return `${path}=${value}`;
  }
  return `${path}=${JSON.stringify(value)}`;
}

/** A swept value as a runs.csv cell: strings and numbers as-is, anything else as canonical JSON. */
export function formatGridValue(value: unknown): string | number | boolean | null {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/** Shard `i/N`: every run whose index ≡ i (mod N), so each shard gets a mix of grid points. */
export function shardRuns(runs: readonly SweepRun[], shard: { index: number; count: number }): SweepRun[] {
  return runs.filter((r) => r.index % shard.count === shard.index);
}

/** Parse `i/N` (0 <= i < N). */
export function parseShard(text: string): { index: number; count: number } | string {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return `--shard expects i/N with 0 <= i < N, e.g. 0/4, got "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) return `--shard expects i/N with 0 <= i < N, e.g. 0/4, got "${text}"`;
  return { index, count };
}
