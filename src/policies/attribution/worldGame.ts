// The world's AttributionGame seam (global unit ids, accessor functions) as a
// CoverageGame the policies can evaluate, and the reverse for tests and tools.
import type { AttributionGame } from "../../sim/economy/seams.js";
import { CoverageGame, type CoverageSpec } from "./coverage.js";

/**
 * The world's game for one model version as a CoverageGame: global unit ids are
 * mapped to dense indices (an offset when they span a narrow range, as a domain's
 * units do; a sorted compaction otherwise). O(total units).
 */
export function fromAttributionGame(g: AttributionGame): CoverageGame {
  const n = g.players;
  const pool = g.pool;
  const start = new Int32Array(n + 1);
  const from = new Int32Array(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const a = (from[i] = g.unitsStart(i));
    const b = g.unitsEnd(i);
    start[i + 1] = start[i]! + (b - a);
    if (b > a) {
      if (pool[a]! < lo) lo = pool[a]!;
      if (pool[b - 1]! > hi) hi = pool[b - 1]!;
    }
  }
  const total = start[n]!;
  const units = new Int32Array(total);
  const dense = total > 0 && hi - lo < 4 * total + 1024;
  const shift = dense ? lo : 0;
  for (let i = 0, k = 0; i < n; i++) for (let a = from[i]!, end = a + (start[i + 1]! - start[i]!); a < end; a++) units[k++] = pool[a]! - shift;
  let globalIds: Int32Array;
  if (total === 0) globalIds = new Int32Array(0);
  else if (dense) {
    globalIds = new Int32Array(hi - lo + 1);
    for (let u = 0; u < globalIds.length; u++) globalIds[u] = lo + u;
  } else {
    const sorted = units.slice().sort();
    let m = 0;
    for (let k = 0; k < total; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[m++] = sorted[k]!;
    globalIds = sorted.slice(0, m);
    for (let k = 0; k < total; k++) units[k] = lowerBound(globalIds, units[k]!);
  }
  const weight = new Float64Array(globalIds.length).fill(NaN);
  for (let k = 0; k < total; k++) {
    const u = units[k]!;
    if (Number.isNaN(weight[u]!)) weight[u] = g.weight(globalIds[u]!);
  }
  for (let u = 0; u < weight.length; u++) if (Number.isNaN(weight[u]!)) weight[u] = 0; // ids no player covers
  const quality = new Float64Array(n);
  const id = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    quality[i] = g.quality(i);
    id[i] = g.contribution(i);
  }
  return new CoverageGame(start, units, weight, quality, id);
}

function lowerBound(sorted: Int32Array, x: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (sorted[mid]! < x) a = mid + 1;
    else b = mid;
  }
  return a;
}

/** An AttributionGame (the world's seam) built from a plain spec with global unit ids, for tests and tools. */
export function attributionGameOf(spec: CoverageSpec & { providers?: ArrayLike<number> }): AttributionGame {
  const lists = spec.units.map((list) => [...new Set(list)].sort((a, b) => a - b));
  const offsets = [0];
  for (const list of lists) offsets.push(offsets[offsets.length - 1]! + list.length);
  const pool = Int32Array.from(lists.flat());
  return {
    players: lists.length,
    contribution: (i) => (spec.ids ? spec.ids[i]! : i),
    provider: (i) => (spec.providers ? spec.providers[i]! : i),
    quality: (i) => (spec.quality ? spec.quality[i]! : 1),
    unitsStart: (i) => offsets[i]!,
    unitsEnd: (i) => offsets[i + 1]!,
    pool,
    weight: (u) => spec.weights[u]!,
  };
}
