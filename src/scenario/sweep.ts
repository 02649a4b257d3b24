// A sweep's run list: every grid point × every replicate, in a stable order
// that depends only on the scenario (never on workers, shards or timing).
import { createHash } from "node:crypto";
import { parseOverride } from "./overrides.js";

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
  /** One value per grid axis. */
  values: unknown[];
}

export interface SweepPlan {
  axes: GridAxis[];
  replicates: number;
  points: number;
  runs: SweepRun[];
}

/**
 * Seed of replicate `r`: derived from the base seed and the replicate only, so
 * every grid point's replicate r shares it (common random numbers). `lane`
 * separates independent seed sets (compare --unpaired gives each variant its own).
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

export interface PlanOptions {
  baseSeed: number;
  replicates: number;
  /** Per point, the lane its seeds come from (default: one shared lane, i.e. paired). */
  laneOf?: (point: number) => string;
}

/** Expand axes × replicates into the run list (point-major, replicate-minor). */
export function planSweep(axes: readonly GridAxis[], opts: PlanOptions): SweepPlan {
  const points = gridPoints(axes);
  const runs: SweepRun[] = [];
  const seeds = new Map<string, number>();
  points.forEach((indices, point) => {
    const lane = opts.laneOf?.(point) ?? "";
    for (let r = 0; r < opts.replicates; r++) {
      const key = `${lane}\u0000${r}`;
      if (!seeds.has(key)) seeds.set(key, replicateSeed(opts.baseSeed, r, lane));
      runs.push({
        index: runs.length,
        id: `p${pad(point, points.length)}-r${pad(r, opts.replicates)}`,
        point,
        replicate: r,
        seed: seeds.get(key)!,
        values: indices.map((v, a) => axes[a]!.values[v]),
      });
    }
  });
  return { axes: [...axes], replicates: opts.replicates, points: points.length, runs };
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
