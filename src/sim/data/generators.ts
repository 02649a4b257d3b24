// Dataset generators for the data-provider behaviours of DESIGN §1. Each writes sorted,
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
 * Scratch membership marks over one domain's local ids, shared by the generators of
 * this module (one per thread). Invariant: all zero between calls — each generator
 * clears exactly the marks it set before returning, and sets none before its argument
 * checks pass — so it carries no information from one call, or run, to the next.
 */
let marks = new Uint8Array(0);

function marksFor(k: number): Uint8Array {
  if (marks.length < k) marks = new Uint8Array(k);
  return marks;
}

/** Sort out[0..n) ascending and clear the marks of its units (local id = unit - base). */
function finish(out: Int32Array, n: number, base: number, mark: Uint8Array): number {
  out.subarray(0, n).sort();
  for (let i = 0; i < n; i++) mark[out[i]! - base] = 0;
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
  const mark = marksFor(range);
  let n = 0;
  for (let j = range - m; j < range; j++) {
    let t = stream.int(j + 1);
    if (mark[t] === 1) t = j; // t already taken: take j, which no earlier step could draw
    mark[t] = 1;
    out[n++] = base + t;
  }
  return finish(out, n, base, mark);
}

/** Return the free local id nearest to the marked x on the circle 0..k-1 (some id is free); ties go left when `preferLeft`. */
function nearestFree(mark: Uint8Array, x: number, k: number, preferLeft: boolean): number {
  let r = x;
  let dr = 0;
  do {
    r = r + 1 === k ? 0 : r + 1;
    dr++;
  } while (mark[r] === 1);
  let l = x;
  let dl = 0;
  do {
    l = l === 0 ? k - 1 : l - 1;
    dl++;
  } while (mark[l] === 1);
  return dl < dr || (dl === dr && preferLeft) ? l : r;
}

/**
 * An honest provider's original data: min(size, K) distinct units of `domain` around
 * local unit `center`. Each unit is drawn as local = (center + round(N(0, spread))) mod K;
 * a draw that hits an already chosen unit takes the nearest free local id instead
 * (ties alternate left/right), so the length is always exactly min(size, K) and the
 * stream gives exactly that many normal draws. With spread ≳ size the set looks like a
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
  const mark = marksFor(k);
  for (let n = 0; n < m; n++) {
    let x = (center + Math.round(stream.normal(0, spread))) % k;
    if (x < 0) x += k;
    if (mark[x] === 1) x = nearestFree(mark, x, k, (n & 1) === 1);
    mark[x] = 1;
    out[n] = lo + x;
  }
  return finish(out, m, lo, mark);
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
  const mark = marksFor(k);
  let n = 0;
  for (let i = s; i < e; i++) {
    if (stream.uniform() < noise) continue;
    const u = pool[i]!;
    mark[u - lo] = 1;
    out[n++] = u;
  }
  // n < len <= k while refilling, so a free unit always exists.
  while (n < len) {
    const x = stream.int(k);
    if (mark[x] === 1) continue;
    mark[x] = 1;
    out[n++] = lo + x;
  }
  return finish(out, len, lo, mark);
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
