/**
 * Min-priority queue of events ordered by (time, priority, insertion sequence).
 *
 * Everything lives in typed arrays, so push and pop never allocate (docs/design.md, Event engine).
 * The layout was chosen by measurement (bench/engineHold.ts, hold model;
 * each item below was kept only because it measured faster):
 *
 * - Binary heap. A 4-ary heap measured ~5-10% slower here, both with 10^4
 *   and 10^6 pending events.
 * - The heap arrays hold only `time` and a `slot` index. The event's payload
 *   (ord, kind, target, arg) is written once into slot-indexed arrays and
 *   read once at pop, so sifting moves two words per level, not five.
 *   (Interleaving the payload into one stride-4 array did not help.)
 * - Ties: priority and sequence are packed into one float `ord = priority *
 *   2^44 + seq` (both exact integers below 2^53), so the full order is two
 *   float comparisons; `ord` is looked up through the slot only on equal times.
 * - Hole-based sifting: the moving entry is held in locals and written once.
 * - Lazy root removal: `pop` leaves the popped root in place as a stale
 *   entry; if the next operation is a `push` (the common case: a handler
 *   schedules its follow-up), the new event takes the root's place with one
 *   sift-down instead of a sift-down plus a sift-up.
 *
 * Free slots: `free[i]` for count <= i < capacity lists the unused slots.
 */

/** Sequence numbers occupy the low 44 bits of `ord` (~1.7e13 pushes per queue). */
const SEQ_SPAN = 2 ** 44;
/** Highest accepted priority; 255 * 2^44 + (2^44 - 1) stays below 2^53. */
export const MAX_PRIORITY = 255;

export class EventQueue {
  /** Fields of the most recently popped event (valid after `pop()` returns true). */
  topTime = 0;
  topKind = 0;
  topTarget = 0;
  topArg = 0;
  /** Packed priority and sequence of the popped event; see `topPriority` and `topSeq`. */
  topOrd = 0;

  // Heap order, indexed by heap position.
  private times: Float64Array;
  private slots: Int32Array;
  // Payload, indexed by slot.
  private ords: Float64Array;
  private kinds: Int32Array;
  private targets: Int32Array;
  private args: Float64Array;
  private free: Int32Array;
  /** Heap entries, including the stale root when `stale` is 1. */
  private count = 0;
  private stale = 0;
  /** Owned by this instance so separate runs in one process never share order state (SimPy). */
  private seq = 0;

  /** Create an empty queue with room for `initialCapacity` events before the first growth. */
  constructor(initialCapacity = 1024) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1) {
      throw new Error(`EventQueue: initialCapacity must be a positive integer, got ${initialCapacity}`);
    }
    this.times = new Float64Array(initialCapacity);
    this.slots = new Int32Array(initialCapacity);
    this.ords = new Float64Array(initialCapacity);
    this.kinds = new Int32Array(initialCapacity);
    this.targets = new Int32Array(initialCapacity);
    this.args = new Float64Array(initialCapacity);
    this.free = new Int32Array(initialCapacity);
    for (let i = 0; i < initialCapacity; i++) this.free[i] = i;
  }

  /** Number of pending events. */
  get size(): number {
    return this.count - this.stale;
  }

  /** Current storage capacity (grows by doubling). */
  get capacity(): number {
    return this.times.length;
  }

  /** Priority of the most recently popped event. */
  get topPriority(): number {
    return Math.floor(this.topOrd / SEQ_SPAN);
  }

  /** Insertion sequence number of the most recently popped event (0-based, per queue). */
  get topSeq(): number {
    return this.topOrd % SEQ_SPAN;
  }

  /** Return the earliest pending time, or Infinity when empty. */
  peekTime(): number {
    if (this.stale === 1) this.dropStaleRoot();
    return this.count > 0 ? this.times[0] : Infinity;
  }

  /** Insert an event; `kind` and `target` are int32, `priority` an integer in 0..255 (lower fires first). */
  push(time: number, priority: number, kind: number, target: number, arg: number): void {
    // NaN would silently corrupt the heap order (every comparison is false).
    if (time !== time || (priority & 0xff) !== priority || (kind | 0) !== kind || (target | 0) !== target) {
      throw new Error(
        `EventQueue.push: need time not NaN, priority an integer in 0..${MAX_PRIORITY}, kind and target int32; ` +
          `got time ${time}, priority ${priority}, kind ${kind}, target ${target}`,
      );
    }
    this.insert(time, priority, kind, target, arg);
  }

  /**
   * Insert without argument checks, for callers that have already validated
   * them (Engine.scheduleAt does, with better messages). Checking twice
   * measured ~10% slower on the hold benchmark. Preconditions: time is not
   * NaN, priority is an integer in 0..255, kind and target are int32.
   */
  insert(time: number, priority: number, kind: number, target: number, arg: number): void {
    const seq = this.seq;
    if (seq >= SEQ_SPAN) throw new Error(`EventQueue.insert: sequence space exhausted after ${seq} pushes`);
    this.seq = seq + 1;
    const ord = priority * SEQ_SPAN + seq;

    if (this.stale === 1) {
      // Reuse the popped root's slot and position: one sift-down restores the heap.
      this.stale = 0;
      const slot = this.slots[0];
      this.store(slot, ord, kind, target, arg);
      this.siftDownFromRoot(time, slot, this.count);
      return;
    }
    if (this.count === this.times.length) this.grow();
    const times = this.times;
    const slots = this.slots;
    const ords = this.ords;
    let i = this.count++;
    const slot = this.free[i];
    this.store(slot, ord, kind, target, arg);
    // Sift the hole up: move each parent that must come after the new event down.
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p];
      if (pt < time || (pt === time && ords[slots[p]] < ord)) break;
      times[i] = pt;
      slots[i] = slots[p];
      i = p;
    }
    times[i] = time;
    slots[i] = slot;
  }

  /** Remove the earliest event into the `top*` fields; return false (fields untouched) when empty. */
  pop(): boolean {
    return this.popUntil(Infinity);
  }

  /** Like `pop`, but only if the earliest event's time is <= `limit` (the engine's hot-loop test). */
  popUntil(limit: number): boolean {
    if (this.stale === 1) this.dropStaleRoot();
    if (this.count === 0) return false;
    const time = this.times[0];
    if (time > limit) return false;
    const slot = this.slots[0];
    this.topTime = time;
    this.topOrd = this.ords[slot];
    this.topKind = this.kinds[slot];
    this.topTarget = this.targets[slot];
    this.topArg = this.args[slot];
    this.stale = 1;
    return true;
  }

  private store(slot: number, ord: number, kind: number, target: number, arg: number): void {
    this.ords[slot] = ord;
    this.kinds[slot] = kind;
    this.targets[slot] = target;
    this.args[slot] = arg;
  }

  /** Really remove the popped root: free its slot and re-seat the last entry. */
  private dropStaleRoot(): void {
    this.stale = 0;
    const last = --this.count;
    this.free[last] = this.slots[0];
    if (last > 0) this.siftDownFromRoot(this.times[last], this.slots[last], last);
  }

  /** Place (time, slot) at the root of a heap of `n` entries and sift the hole down. */
  private siftDownFromRoot(time: number, slot: number, n: number): void {
    const times = this.times;
    const slots = this.slots;
    const ords = this.ords;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      // Smaller child; ords only matter on equal times (rare with continuous times).
      let ct = times[c];
      const r = c + 1;
      if (r < n) {
        const rt = times[r];
        if (rt < ct || (rt === ct && ords[slots[r]] < ords[slots[c]])) {
          c = r;
          ct = rt;
        }
      }
      if (time < ct || (time === ct && ords[slot] < ords[slots[c]])) break;
      times[i] = ct;
      slots[i] = slots[c];
      i = c;
    }
    times[i] = time;
    slots[i] = slot;
  }

  private grow(): void {
    const oldCap = this.times.length;
    const cap = oldCap * 2;
    this.times = copyInto(new Float64Array(cap), this.times);
    this.slots = copyInto(new Int32Array(cap), this.slots);
    this.ords = copyInto(new Float64Array(cap), this.ords);
    this.kinds = copyInto(new Int32Array(cap), this.kinds);
    this.targets = copyInto(new Int32Array(cap), this.targets);
    this.args = copyInto(new Float64Array(cap), this.args);
    // Growth only happens when full, so every old slot is in use and the new ones are free.
    this.free = copyInto(new Int32Array(cap), this.free);
    for (let i = oldCap; i < cap; i++) this.free[i] = i;
  }
}

function copyInto<T extends Float64Array | Int32Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
