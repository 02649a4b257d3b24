// Per-domain datanet registries with optional deduplication at submission (docs/design.md, World model),
// incremental coverage accounting and value-proportional sampling of accepted data.
import type { Stream } from "../rng/stream.js";
import { ACCEPTED, type ContributionStatus, type ContributionStore, REJECTED_EXACT, REJECTED_OVERLAP } from "./contributions.js";
import type { Knowledge } from "./knowledge.js";
import { growF64, growI32 } from "../growable.js";

export type DedupMode = "none" | "exact" | "overlap";

/** Dedup rule of every datanet: `threshold` is used only by "overlap" and must then lie in (0, 1]. */
export interface DedupConstraints {
  mode: DedupMode;
  threshold: number;
  /** Keep the overlap index in every mode and set `lastOverlapped` at each submission (data review needs it); threshold must then lie in (0, 1]. */
  indexOverlaps?: boolean;
}

const EMPTY = -1;
const POSTING_BLOCK_MIN = 4;
const POSTING_BLOCK_MAX = 1024;

/** MurmurHash3 (x86_32) of a domain and a run of unit ids; identical sets always collide, others rarely. */
function hashUnits(domain: number, pool: Int32Array, s: number, e: number): number {
  let h = domain ^ 0x9747b28c;
  for (let i = s; i < e; i++) {
    let k = Math.imul(pool[i]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= e - s;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * One datanet per domain over a shared `ContributionStore` (which must be empty at
 * construction and then written only through `submit`).
 *
 * Dedup (checked against the *accepted* contributions of the same domain only):
 * - "none": everything is accepted.
 * - "exact": a unit set identical to an accepted one is rejected (status 1). A 32-bit
 *   hash in an open-addressing typed table finds candidates; equality is then checked
 *   unit by unit, so hash collisions never cause false rejections.
 * - "overlap": identical sets are rejected as in "exact" (status 1); otherwise A is
 *   rejected (status 2) when some accepted B has |A∩B| / |A| >= threshold. An inverted
 *   index (unit → accepted contributions, in per-unit chains of typed-array blocks) and a
 *   scratch counter with a touched list make the cost proportional to the postings
 *   scanned, at most Σ_{u∈A} coverCount[u]; the scan stops at the first B that reaches
 *   the threshold or once no B can reach it (so novel data stops after about the first
 *   (1 - threshold)·|A| units).
 *
 * Rejected submissions stay in the store (status 1 or 2) so duplicate uploads can be
 * counted; they never enter coverage, indexes or sampling.
 */
export class Datanets {
  readonly knowledge: Knowledge;
  readonly store: ContributionStore;
  readonly mode: DedupMode;
  readonly threshold: number;
  /**
   * With `indexOverlaps`: whether the last submission, before it was accepted,
   * shared at least `threshold` of its units with one accepted contribution
   * (false when rejected or not indexed). Read right after `submit`.
   */
  lastOverlapped = false;
  /**
   * Units of the last submission that an earlier accepted contribution of its
   * datanet already covered (0 when rejected). Read right after `submit`; the
   * redundancy metric sums it, an integer count, so its share stays exact.
   */
  lastAlreadyCovered = 0;
  private readonly indexed: boolean;
  /** Per global unit: number of accepted contributions covering it. Read-only for callers. */
  readonly coverCount: Int32Array;
  /** Per global unit: best quality among accepted contributions covering it (0 if none). Read-only for callers. */
  readonly bestQuality: Float32Array;
  private readonly covered: Float64Array;
  private readonly redundant: Float64Array;
  private readonly nAccepted: Int32Array;
  /** Per domain: accepted contribution ids in acceptance order. */
  private readonly accepted: Int32Array[] = [];
  /** Per domain: value of the i-th accepted contribution. */
  private readonly values: Float64Array[] = [];
  /** Per domain: Fenwick tree over `values`, 1-based (index 0 unused). */
  private readonly tree: Float64Array[] = [];
  private submitted = 0;
  // Exact-match table (modes "exact" and "overlap"): contribution id per slot (-1 empty) and its hash.
  private slotId: Int32Array;
  private slotHash: Int32Array;
  private slotsUsed = 0;
  // Inverted index (mode "overlap"): per unit, a chain of posting blocks in one slab.
  // Block at offset b: slab[b] = previous (older, full) block or -1, slab[b+1] = capacity,
  // slab[b+2] = fill, then `capacity` contribution ids. Capacities double per unit from
  // POSTING_BLOCK_MIN to POSTING_BLOCK_MAX, so a unit's postings sit in a few contiguous runs
  // (a walk is mostly sequential reads) and at most about half the slab is slack.
  private readonly postHead: Int32Array;
  private slab: Int32Array;
  private slabUsed = 0;
  private counter: Int32Array;
  private touched: Int32Array;

  /** Create one empty datanet per domain of `knowledge`, registering into the empty `store`. */
  constructor(knowledge: Knowledge, store: ContributionStore, dedup: DedupConstraints) {
    const { mode, threshold } = dedup;
    if (mode !== "none" && mode !== "exact" && mode !== "overlap") {
      throw new Error(`Datanets: dedup.mode must be "none", "exact" or "overlap", got ${JSON.stringify(mode)}`);
    }
    const indexed = mode === "overlap" || dedup.indexOverlaps === true;
    if (indexed && !(threshold > 0 && threshold <= 1)) {
      throw new Error(`Datanets: dedup.threshold must be in (0, 1] for mode "overlap" or an overlap index, got ${threshold}`);
    }
    if (store.count !== 0) throw new Error(`Datanets: the store must be empty, got ${store.count} contributions`);
    this.knowledge = knowledge;
    this.store = store;
    this.mode = mode;
    this.threshold = threshold;
    const d = knowledge.domains;
    this.coverCount = new Int32Array(knowledge.totalUnits);
    this.bestQuality = new Float32Array(knowledge.totalUnits);
    this.covered = new Float64Array(d);
    this.redundant = new Float64Array(d);
    this.nAccepted = new Int32Array(d);
    for (let i = 0; i < d; i++) {
      this.accepted.push(new Int32Array(0));
      this.values.push(new Float64Array(0));
      this.tree.push(new Float64Array(1));
    }
    const hashing = mode !== "none";
    this.slotId = new Int32Array(hashing ? 1024 : 0).fill(EMPTY);
    this.slotHash = new Int32Array(hashing ? 1024 : 0);
    this.indexed = indexed;
    this.postHead = new Int32Array(indexed ? knowledge.totalUnits : 0).fill(EMPTY);
    this.slab = new Int32Array(indexed ? 4096 : 0);
    this.counter = new Int32Array(indexed ? 1024 : 0);
    this.touched = new Int32Array(indexed ? 1024 : 0);
  }

  /**
   * Store a submission and decide it; return its contribution id (read the verdict from
   * `store.status[id]`). `units[0..length)` must be strictly increasing global ids of
   * `domain`, at least one. Accepted data updates coverage, the dedup indexes and the
   * popularity tree in O(|A|) (+ O(log n) for the tree).
   */
  submit(provider: number, domain: number, units: Int32Array, length: number, quality: number, time: number, copyOf: number): number {
    const k = this.knowledge;
    if (!(domain >= 0 && domain < k.domains) || !Number.isInteger(domain)) {
      throw new Error(`Datanets.submit: domain must be an integer in [0, ${k.domains}), got ${domain}`);
    }
    if (!(length >= 1 && length <= units.length) || !Number.isInteger(length)) {
      throw new Error(`Datanets.submit: length must be an integer in [1, ${units.length}] (a contribution covers at least one unit), got ${length}`);
    }
    const lo = domain * k.unitsPerDomain;
    if (units[0]! < lo || units[length - 1]! >= lo + k.unitsPerDomain) {
      throw new Error(`Datanets.submit: units must lie in domain ${domain}'s range [${lo}, ${lo + k.unitsPerDomain}), got ${units[0]}..${units[length - 1]}`);
    }
    const store = this.store;
    if (store.count !== this.submitted) {
      throw new Error(`Datanets.submit: the store holds ${store.count} contributions but only ${this.submitted} came through submit`);
    }
    const id = store.add(provider, domain, units, length, quality, time, copyOf, ACCEPTED);
    this.submitted++;
    this.lastAlreadyCovered = 0;
    let status: ContributionStatus = ACCEPTED;
    if (this.mode !== "none") {
      const h = hashUnits(domain, store.pool, store.start[id]!, store.end[id]!);
      if (this.findExact(id, h) !== EMPTY) status = REJECTED_EXACT;
      else if (this.mode === "overlap" && this.overlapsAccepted(id)) status = REJECTED_OVERLAP;
      else this.insertExact(id, h);
    }
    // Data review's redundancy test in the datanet's own terms, before the index holds id itself.
    this.lastOverlapped = status === ACCEPTED && this.indexed && this.mode !== "overlap" && this.overlapsAccepted(id);
    if (status === ACCEPTED) this.accept(id, domain);
    else store.status[id] = status;
    return id;
  }

  /** Return the number of accepted contributions of `domain`. */
  acceptedCount(domain: number): number {
    return this.nAccepted[domain]!;
  }

  /** Return the id of the i-th accepted contribution of `domain` (acceptance order), i < acceptedCount(domain). */
  acceptedAt(domain: number, i: number): number {
    return this.accepted[domain]![i]!;
  }

  /**
   * The accepted contribution ids of `domain` so far, in acceptance (= id)
   * order, as a view that later acceptances never change (they append past its
   * end, or into a new buffer when it grows). Versions keep it without copying.
   */
  acceptedIds(domain: number): Int32Array {
    return this.accepted[domain]!.subarray(0, this.nAccepted[domain]!);
  }

  /** Return the value (quality × Σ weights) of the i-th accepted contribution of `domain`. */
  acceptedValue(domain: number, i: number): number {
    return this.values[domain]![i]!;
  }

  /** Return the total weight of `domain`'s units covered by at least one accepted contribution. */
  coveredWeight(domain: number): number {
    return this.covered[domain]!;
  }

  /** Return the total weight of `domain`'s units covered by at least two accepted contributions. */
  redundantWeight(domain: number): number {
    return this.redundant[domain]!;
  }

  /**
   * Return an accepted contribution of `domain` drawn with probability proportional to
   * its value, or -1 when no accepted contribution has positive value. O(log n) by
   * descending a Fenwick tree; consumes exactly one uniform unless it returns -1 (none).
   */
  samplePopular(domain: number, stream: Stream): number {
    const n = this.nAccepted[domain]!;
    const tree = this.tree[domain]!;
    let total = 0;
    for (let j = n; j > 0; j -= j & -j) total += tree[j]!;
    if (!(total > 0)) return -1;
    let rem = stream.uniform() * total;
    let pos = 0;
    for (let step = 1 << (31 - Math.clz32(n)); step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= n && tree[next]! <= rem) {
        pos = next;
        rem -= tree[next]!;
      }
    }
    // pos items have cumulative value <= u, so item pos (0-based) is the one drawn. Rounding
    // can push pos onto n or a zero-value item; step back to the nearest positive one.
    const values = this.values[domain]!;
    if (pos >= n) pos = n - 1;
    let i = pos;
    while (i >= 0 && !(values[i]! > 0)) i--;
    if (i < 0) for (i = pos + 1; !(values[i]! > 0); i++);
    return this.accepted[domain]![i]!;
  }

  private accept(id: number, domain: number): void {
    const store = this.store;
    const pool = store.pool;
    const s = store.start[id]!;
    const e = store.end[id]!;
    const w = this.knowledge.localWeights;
    const lo = domain * this.knowledge.unitsPerDomain;
    const cover = this.coverCount;
    const best = this.bestQuality;
    const q = store.quality[id]!;
    let cov = this.covered[domain]!;
    let red = this.redundant[domain]!;
    let already = 0;
    let sum = 0;
    for (let i = s; i < e; i++) {
      const u = pool[i]!;
      const wu = w[u - lo]!;
      sum += wu;
      const c = cover[u]! + 1;
      cover[u] = c;
      if (c === 1) cov += wu;
      else {
        already++;
        if (c === 2) red += wu;
      }
      if (q > best[u]!) best[u] = q;
    }
    this.covered[domain] = cov;
    this.redundant[domain] = red;
    this.lastAlreadyCovered = already;
    if (this.indexed) this.post(id, pool, s, e);
    this.append(domain, id, sum * store.quality[id]!);
  }

  /** Append to the domain's accepted list, value list and Fenwick tree. */
  private append(domain: number, id: number, value: number): void {
    const n = this.nAccepted[domain]!;
    let ids = this.accepted[domain]!;
    if (n >= ids.length) {
      const cap = Math.max(16, 2 * ids.length);
      ids = this.accepted[domain] = growI32(ids, cap);
      this.values[domain] = growF64(this.values[domain]!, cap);
      this.tree[domain] = growF64(this.tree[domain]!, cap + 1);
    }
    ids[n] = id;
    this.values[domain]![n] = value;
    // Node i = n + 1 covers items (i - lowbit(i), i]: the new value plus its children i-1, i-2, i-4, ...
    const tree = this.tree[domain]!;
    const i = n + 1;
    const lowbit = i & -i;
    let t = value;
    for (let step = 1; step < lowbit; step <<= 1) t += tree[i - step]!;
    tree[i] = t;
    this.nAccepted[domain] = n + 1;
  }

  /** Return an accepted contribution with exactly id's unit set (same hash `h`), or -1. */
  private findExact(id: number, h: number): number {
    const slotId = this.slotId;
    const slotHash = this.slotHash;
    const mask = slotId.length - 1;
    const store = this.store;
    const pool = store.pool;
    const s = store.start[id]!;
    const len = store.end[id]! - s;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const b = slotId[i]!;
      if (b === EMPTY) return EMPTY;
      if (slotHash[i] !== h) continue;
      const sb = store.start[b]!;
      if (store.end[b]! - sb !== len) continue;
      let j = 0;
      while (j < len && pool[s + j] === pool[sb + j]) j++;
      if (j === len) return b;
    }
  }

  private insertExact(id: number, h: number): void {
    if (2 * (this.slotsUsed + 1) > this.slotId.length) this.rehash();
    const slotId = this.slotId;
    const mask = slotId.length - 1;
    let i = h & mask;
    while (slotId[i] !== EMPTY) i = (i + 1) & mask;
    slotId[i] = id;
    this.slotHash[i] = h;
    this.slotsUsed++;
  }

  /** Double the exact-match table, reinserting in slot order (deterministic). */
  private rehash(): void {
    const oldId = this.slotId;
    const oldHash = this.slotHash;
    const slotId = new Int32Array(2 * oldId.length).fill(EMPTY);
    const slotHash = new Int32Array(2 * oldId.length);
    const mask = slotId.length - 1;
    for (let j = 0; j < oldId.length; j++) {
      const b = oldId[j]!;
      if (b === EMPTY) continue;
      const h = oldHash[j]!;
      let i = h & mask;
      while (slotId[i] !== EMPTY) i = (i + 1) & mask;
      slotId[i] = b;
      slotHash[i] = h;
    }
    this.slotId = slotId;
    this.slotHash = slotHash;
  }

  /**
   * Return whether some accepted B of the domain has |A∩B| / |A| >= threshold (A = id),
   * by counting shared units over A's postings. Stops at the first B reaching the
   * threshold, and as soon as no B can reach it any more: with r units of A left to
   * scan, every B's count is at most (largest count so far) + r.
   */
  private overlapsAccepted(id: number): boolean {
    const store = this.store;
    if (this.counter.length < store.count) {
      const cap = Math.max(store.count, 2 * this.counter.length);
      this.counter = growI32(this.counter, cap);
      this.touched = new Int32Array(cap);
    }
    const counter = this.counter;
    const touched = this.touched;
    const head = this.postHead;
    const slab = this.slab;
    const pool = store.pool;
    const s = store.start[id]!;
    const e = store.end[id]!;
    const need = this.minShared(e - s);
    let nt = 0;
    let best = 0;
    scan: for (let i = s; i < e && best + (e - i) >= need; i++) {
      for (let b = head[pool[i]!]!; b !== EMPTY; b = slab[b]!) {
        for (let j = b + 3, end = j + slab[b + 2]!; j < end; j++) {
          const c = slab[j]!;
          const n = counter[c]! + 1;
          if (n === 1) touched[nt++] = c;
          counter[c] = n;
          if (n > best) {
            best = n;
            if (n >= need) break scan;
          }
        }
      }
    }
    for (let t = 0; t < nt; t++) counter[touched[t]!] = 0;
    return best >= need;
  }

  /** Return the least shared-unit count n with n / len >= threshold (the float test itself, so both agree), or len + 1. */
  private minShared(len: number): number {
    const t = this.threshold;
    let n = Math.max(1, Math.min(len + 1, Math.ceil(t * len)));
    while (n > 1 && (n - 1) / len >= t) n--;
    while (n <= len && !(n / len >= t)) n++;
    return n;
  }

  /** Add id to the posting chains of its units. */
  private post(id: number, pool: Int32Array, s: number, e: number): void {
    const head = this.postHead;
    for (let i = s; i < e; i++) {
      const u = pool[i]!;
      let b = head[u]!;
      if (b === EMPTY || this.slab[b + 2] === this.slab[b + 1]) {
        const cap = b === EMPTY ? POSTING_BLOCK_MIN : Math.min(POSTING_BLOCK_MAX, 2 * this.slab[b + 1]!);
        const at = this.slabUsed;
        if (at + 3 + cap > this.slab.length) this.slab = growI32(this.slab, Math.max(at + 3 + cap, 2 * this.slab.length));
        const slab = this.slab;
        slab[at] = b;
        slab[at + 1] = cap;
        slab[at + 2] = 0;
        this.slabUsed = at + 3 + cap;
        head[u] = b = at;
      }
      const slab = this.slab;
      const fill = slab[b + 2]!;
      slab[b + 3 + fill] = id;
      slab[b + 2] = fill + 1;
    }
  }
}
