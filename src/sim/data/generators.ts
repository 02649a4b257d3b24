// Dataset generators for the data-provider behaviours of the world model (docs/design.md). Each writes sorted,
// unique global unit ids into a caller-provided scratch array and returns how many it
// wrote; all randomness comes from the passed stream, and the number of draws depends
// only on the arguments and the stream (never on other entities), for common random numbers.
import type { Stream } from "../rng/stream.js";
import type { ContributionStore } from "./contributions.js";
import type { Knowledge } from "./knowledge.js";

function checkDomain(where: string, knowledge: Knowledge, domain: number): void {
  if (!(domain >= 0 && domain < knowledge.domains) || !Number.isInteger(domain)) {
    throw new Error(`${where}: domain must be an integer in [0, ${knowledge.domains}), got ${domain}`);
  }
}

/** Return min(size, cap) after checking size and that `out` can hold it. */
function checkSize(where: string, size: number, cap: number, out: Int32Array): number {
  if (!(size >= 0) || !Number.isInteger(size)) throw new Error(`${where}: size must be an integer >= 0, got ${size}`);
  const m = Math.min(size, cap);
  if (out.length < m) throw new Error(`${where}: out has room for ${out.length} units, need ${m}`);
  return m;
}

/**
 * Scratch over one domain's local ids, shared by the generators of this module (one per
 * thread): 0 = free, nonzero = chosen. Invariant: all zero between calls — each
 * generator clears exactly the cells it set before returning, and sets none before its
 * argument checks pass — so it carries nothing from one call, or run, to the next.
 * `nicheDataset` also keeps a union-find over runs of chosen ids in it (see `chooseNear`).
 */
let scratch = new Int32Array(0);

function scratchFor(k: number): Int32Array {
  if (scratch.length < k) scratch = new Int32Array(k);
  return scratch;
}

/** Sort out[0..n) ascending and clear the scratch cells of its units (local id = unit - base). */
function finish(out: Int32Array, n: number, base: number, cell: Int32Array): number {
  out.subarray(0, n).sort();
  for (let i = 0; i < n; i++) cell[out[i]! - base] = 0;
  return n;
}

/** Write base, base+1, ..., base+count-1 into out. */
function fillRange(out: Int32Array, base: number, count: number): number {
  for (let i = 0; i < count; i++) out[i] = base + i;
  return count;
}

/**
 * Write a uniformly random m-subset of [base, base + range) into out, sorted, with
 * exactly m `int` draws (Floyd's algorithm; Bentley & Floyd, CACM 30(9), 1987).
 */
function floydSample(out: Int32Array, base: number, range: number, m: number, stream: Stream): number {
  if (m >= range) return fillRange(out, base, range);
  const cell = scratchFor(range);
  let n = 0;
  for (let j = range - m; j < range; j++) {
    let t = stream.int(j + 1);
    if (cell[t] !== 0) t = j; // t already taken: take j, which no earlier step could draw
    cell[t] = 1;
    out[n++] = base + t;
  }
  return finish(out, n, base, cell);
}

// Runs of chosen ids on the circle 0..k-1 as a union-find in the scratch (chooseNear):
// cell[x] = 0: x free; cell[x] = p + 1 > 0: x chosen, parent p in its run's tree;
// cell[x] = -(hi + 1) < 0: x is the root, which is always the run's first id, and hi is
// its last (hi < x when the run wraps past k - 1). Path halving keeps finds near O(1).

/** Return the root (first id) of the run holding the chosen id x. */
function runRoot(cell: Int32Array, x: number): number {
  for (let v = cell[x]!; v > 0; v = cell[x]!) {
    const p = v - 1;
    const pv = cell[p]!;
    if (pv < 0) return p;
    cell[x] = pv; // point x at its grandparent
    x = pv - 1;
  }
  return x;
}

/** Mark the free id x chosen, extending and merging the neighbouring runs (fewer than k ids are chosen after it). */
function choose(cell: Int32Array, x: number, k: number): void {
  const left = x === 0 ? k - 1 : x - 1;
  const right = x === k - 1 ? 0 : x + 1;
  let root: number;
  if (cell[left] !== 0) {
    root = runRoot(cell, left); // its run ends at `left`: extend it by x
    cell[x] = root + 1;
  } else root = x;
  if (cell[right] !== 0) {
    const r = runRoot(cell, right); // its run starts at `right`: absorb it
    cell[root] = cell[r]!;
    cell[r] = root + 1;
  } else cell[root] = -(x + 1);
}

/**
 * Choose x if free, else the free id nearest to it on the circle (one past either end of
 * x's run; ties go left when `preferLeft`); return the id chosen.
 */
function chooseNear(cell: Int32Array, x: number, k: number, preferLeft: boolean): number {
  if (cell[x] !== 0) {
    const lo = runRoot(cell, x);
    const hi = -cell[lo]! - 1;
    const dl = (x - lo + k) % k;
    const dr = (hi - x + k) % k;
    x = dl < dr || (dl === dr && preferLeft) ? (lo === 0 ? k - 1 : lo - 1) : hi === k - 1 ? 0 : hi + 1;
  }
  choose(cell, x, k);
  return x;
}

/**
 * An honest provider's original data: min(size, K) distinct units of `domain` around
 * local unit `center`. Each unit is drawn as local = (center + round(N(0, spread))) mod K;
 * a draw that hits an already chosen unit takes the nearest free local id instead
 * (ties alternate left/right), so the length is always exactly min(size, K) and the
 * stream gives exactly that many normal draws. Cost O(size log size): a union-find over
 * runs of chosen ids finds the nearest free id without walking the run. With spread ≳ size the set looks like a
 * Gaussian sample; with spread ≪ size it becomes a contiguous window around `center`.
 * Providers with distant centers therefore mostly cover different units.
 */
export function nicheDataset(
  knowledge: Knowledge,
  domain: number,
  center: number,
  size: number,
  spread: number,
  stream: Stream,
  out: Int32Array,
): number {
  const where = "nicheDataset";
  checkDomain(where, knowledge, domain);
  const k = knowledge.unitsPerDomain;
  if (!(center >= 0 && center < k) || !Number.isInteger(center)) throw new Error(`${where}: center must be a local unit in [0, ${k}), got ${center}`);
  if (!(spread >= 0) || spread === Infinity) throw new Error(`${where}: spread must be finite and >= 0, got ${spread}`);
  const m = checkSize(where, size, k, out);
  const lo = domain * k;
  if (m === k) return fillRange(out, lo, k);
  const cell = scratchFor(k);
  for (let n = 0; n < m; n++) {
    let x = (center + Math.round(stream.normal(0, spread))) % k;
    if (x < 0) x += k;
    out[n] = lo + chooseNear(cell, x, k, (n & 1) === 1);
  }
  return finish(out, m, lo, cell);
}

/**
 * A duplicator's copy of contribution `source` (same domain, same length). With
 * noise = 0 it is an exact copy and draws nothing. Otherwise each source unit is
 * dropped with probability `noise` (one uniform per unit, always), and each dropped
 * unit is replaced by a uniformly random unit of the domain not yet in the copy — a
 * near-copy whose expected overlap with the source is about 1 - noise.
 */
export function copyDataset(store: ContributionStore, source: number, noise: number, knowledge: Knowledge, stream: Stream, out: Int32Array): number {
  const where = "copyDataset";
  if (!(source >= 0 && source < store.count) || !Number.isInteger(source)) {
    throw new Error(`${where}: source must be a contribution id in [0, ${store.count}), got ${source}`);
  }
  if (!(noise >= 0 && noise <= 1)) throw new Error(`${where}: noise must be in [0, 1], got ${noise}`);
  const pool = store.pool;
  const s = store.start[source]!;
  const e = store.end[source]!;
  const len = e - s;
  if (out.length < len) throw new Error(`${where}: out has room for ${out.length} units, need ${len}`);
  if (noise === 0) {
    for (let i = 0; i < len; i++) out[i] = pool[s + i]!;
    return len;
  }
  const k = knowledge.unitsPerDomain;
  const lo = store.domain[source]! * k;
  const cell = scratchFor(k);
  let n = 0;
  for (let i = s; i < e; i++) {
    if (stream.uniform() < noise) continue;
    const u = pool[i]!;
    cell[u - lo] = 1;
    out[n++] = u;
  }
  // n < len <= k while refilling, so a free unit always exists.
  while (n < len) {
    const x = stream.int(k);
    if (cell[x] !== 0) continue;
    cell[x] = 1;
    out[n++] = lo + x;
  }
  return finish(out, len, lo, cell);
}

/** A spammer's data: min(size, K) distinct units drawn uniformly from the domain (exactly that many `int` draws). */
export function spamDataset(knowledge: Knowledge, domain: number, size: number, stream: Stream, out: Int32Array): number {
  checkDomain("spamDataset", knowledge, domain);
  const k = knowledge.unitsPerDomain;
  const m = checkSize("spamDataset", size, k, out);
  return floydSample(out, domain * k, k, m, stream);
}

/**
 * A free-rider's filler: min(size, K) distinct units drawn uniformly from the least
 * important tail of the domain, the last max(ceil(tailFraction · K), size) local ids
 * (the tail widens when it cannot hold `size` units, so the length is always min(size, K)).
 */
export function lowValueDataset(knowledge: Knowledge, domain: number, size: number, stream: Stream, out: Int32Array, tailFraction = 0.1): number {
  checkDomain("lowValueDataset", knowledge, domain);
  if (!(tailFraction > 0 && tailFraction <= 1)) throw new Error(`lowValueDataset: tailFraction must be in (0, 1], got ${tailFraction}`);
  const k = knowledge.unitsPerDomain;
  const m = checkSize("lowValueDataset", size, k, out);
  const tail = Math.min(k, Math.max(m, Math.ceil(tailFraction * k)));
  return floydSample(out, domain * k + (k - tail), tail, m, stream);
}

/**
 * Split units[0..length) into `parts` pieces round-robin by position (piece p gets
 * positions p, p + parts, ...), so piece sizes differ by at most one and each piece
 * stays sorted. Piece p is written to out[offsets[p] .. offsets[p + 1]); `offsets`
 * needs parts + 1 entries. Pieces are empty when parts > length. Returns `length`.
 * `out` must not overlap `units`.
 */
export function splitDataset(units: Int32Array, length: number, parts: number, out: Int32Array, offsets: Int32Array): number {
  const where = "splitDataset";
  if (!(length >= 0 && length <= units.length) || !Number.isInteger(length)) {
    throw new Error(`${where}: length must be an integer in [0, ${units.length}], got ${length}`);
  }
  if (!(parts >= 1) || !Number.isInteger(parts)) throw new Error(`${where}: parts must be an integer >= 1, got ${parts}`);
  if (offsets.length < parts + 1) throw new Error(`${where}: offsets needs ${parts + 1} entries, has ${offsets.length}`);
  if (out.length < length) throw new Error(`${where}: out has room for ${out.length} units, need ${length}`);
  let w = 0;
  for (let p = 0; p < parts; p++) {
    offsets[p] = w;
    for (let i = p; i < length; i += parts) out[w++] = units[i]!;
  }
  offsets[parts] = w;
  return length;
}
