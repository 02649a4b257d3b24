// Every dataset ever submitted, in compressed-sparse-row form: one growable pool of
// unit ids plus struct-of-arrays per contribution. No per-contribution objects.
import type { Knowledge } from "./knowledge.js";
import { growF64, growI32, growU8 } from "../growable.js";

/** Contribution status codes (`ContributionStore.status`). */
export const ACCEPTED = 0;
/** Rejected: the same unit set was already accepted in the domain. */
export const REJECTED_EXACT = 1;
/** Rejected: overlaps an accepted contribution by at least the dedup threshold. */
export const REJECTED_OVERLAP = 2;
export type ContributionStatus = typeof ACCEPTED | typeof REJECTED_EXACT | typeof REJECTED_OVERLAP;

const MAX_POOL = 0x7fffffff;

/**
 * Append-only table of contributions. Ids are dense (0, 1, 2, ... in `add` order).
 * Contribution c covers the global units `pool[i]` for i in [start[c], end[c]),
 * sorted ascending and unique. The typed-array fields are replaced when the table
 * grows: read them through the store each time (`store.quality[c]`), do not cache
 * the arrays across `add` calls. Only indices below `count` are meaningful.
 *
 * When a `Datanets` registry fronts the store, add contributions through
 * `Datanets.submit` only, or the registry's indexes miss them.
 */
export class ContributionStore {
  /** Number of contributions; ids are 0..count-1. */
  count = 0;
  provider: Int32Array;
  domain: Int32Array;
  /** Quality in [0, 1]. */
  quality: Float64Array;
  /** Submission time. */
  time: Float64Array;
  /** Provenance: the id of the contribution this one copies, or -1 for original data. */
  copyOf: Int32Array;
  /** Offsets into `pool`: units of c are pool[start[c]] .. pool[end[c] - 1]. */
  start: Int32Array;
  end: Int32Array;
  /** ACCEPTED (0), REJECTED_EXACT (1) or REJECTED_OVERLAP (2). */
  status: Uint8Array;
  private units: Int32Array;
  private used = 0;
  private capacity: number;

  /** Create an empty store; capacities double on demand, so the hints only save copies. */
  constructor(initialContributions = 1024, initialUnits = 16384) {
    const n = Math.max(16, Math.floor(initialContributions));
    this.capacity = n;
    this.provider = new Int32Array(n);
    this.domain = new Int32Array(n);
    this.quality = new Float64Array(n);
    this.time = new Float64Array(n);
    this.copyOf = new Int32Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.status = new Uint8Array(n);
    this.units = new Int32Array(Math.max(64, Math.floor(initialUnits)));
  }

  /** The unit pool as it is now (replaced on growth, so re-read it after any `add`). */
  get pool(): Int32Array {
    return this.units;
  }

  /** Total number of unit ids stored, over all contributions. */
  get poolSize(): number {
    return this.used;
  }

  /**
   * Append a contribution covering units[0..length) and return its id. The units must
   * be strictly increasing (sorted, unique) — this is checked while copying, one
   * comparison per unit, and a violation throws without storing anything; nothing is
   * sorted for the caller. Domain membership is the registry's business (`Datanets`).
   */
  add(
    provider: number,
    domain: number,
    units: Int32Array,
    length: number,
    quality: number,
    time: number,
    copyOf: number,
    status: ContributionStatus,
  ): number {
    const id = this.count;
    if (!(length >= 0 && length <= units.length) || !Number.isInteger(length)) {
      throw new Error(`ContributionStore.add: length must be an integer in [0, ${units.length}], got ${length}`);
    }
    if (!(quality >= 0 && quality <= 1)) throw new Error(`ContributionStore.add: quality must be in [0, 1], got ${quality}`);
    if (!Number.isFinite(time)) throw new Error(`ContributionStore.add: time must be finite, got ${time}`);
    if (!(copyOf >= -1 && copyOf < id) || !Number.isInteger(copyOf)) {
      throw new Error(`ContributionStore.add: copyOf must be -1 or an existing id in [0, ${id}), got ${copyOf}`);
    }
    if (!(provider >= 0) || !Number.isInteger(provider) || provider > 0x7fffffff) {
      throw new Error(`ContributionStore.add: provider must be an int32 >= 0, got ${provider}`);
    }
    if (!(domain >= 0) || !Number.isInteger(domain) || domain > 0x7fffffff) {
      throw new Error(`ContributionStore.add: domain must be an int32 >= 0, got ${domain}`);
    }
    if (status !== ACCEPTED && status !== REJECTED_EXACT && status !== REJECTED_OVERLAP) {
      throw new Error(`ContributionStore.add: status must be 0, 1 or 2, got ${String(status)}`);
    }
    const from = this.used;
    if (length > MAX_POOL - from) throw new Error(`ContributionStore.add: unit pool would exceed 2^31-1 entries (${from} + ${length})`);
    if (from + length > this.units.length) {
      this.units = growI32(this.units, Math.min(MAX_POOL, Math.max(from + length, 2 * this.units.length)));
    }
    const pool = this.units;
    let prev = -1;
    for (let i = 0; i < length; i++) {
      const u = units[i]!;
      if (!(u > prev)) {
        throw new Error(`ContributionStore.add: units must be strictly increasing non-negative ints, got ${u} at index ${i} after ${prev}`);
      }
      pool[from + i] = u;
      prev = u;
    }
    if (id >= this.capacity) this.grow();
    this.provider[id] = provider;
    this.domain[id] = domain;
    this.quality[id] = quality;
    this.time[id] = time;
    this.copyOf[id] = copyOf;
    this.start[id] = from;
    this.end[id] = from + length;
    this.status[id] = status;
    this.used = from + length;
    this.count = id + 1;
    return id;
  }

  /** Return the number of units of contribution c. */
  size(c: number): number {
    return this.end[c]! - this.start[c]!;
  }

  /** Return the pool offset of c's first unit. */
  unitsStart(c: number): number {
    return this.start[c]!;
  }

  /** Return the pool offset just past c's last unit. */
  unitsEnd(c: number): number {
    return this.end[c]!;
  }

  /** Return quality × Σ weights of c's units (summed in ascending unit order), its value alone in the coverage game (docs/design.md, World model). */
  value(c: number, knowledge: Knowledge): number {
    const pool = this.units;
    const w = knowledge.localWeights;
    const k = knowledge.unitsPerDomain;
    let sum = 0;
    for (let i = this.start[c]!, e = this.end[c]!; i < e; i++) sum += w[pool[i]! % k]!;
    return sum * this.quality[c]!;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.provider = growI32(this.provider, n);
    this.domain = growI32(this.domain, n);
    this.quality = growF64(this.quality, n);
    this.time = growF64(this.time, n);
    this.copyOf = growI32(this.copyOf, n);
    this.start = growI32(this.start, n);
    this.end = growI32(this.end, n);
    this.status = growU8(this.status, n);
    this.capacity = n;
  }
}
