// Sparse accumulated local trust for EigenTrust: one edge per (rater validator,
// rated kind, rated id), found through an open-addressing hash of typed arrays.
// Edges are kept in insertion order, so iteration is deterministic.
import { growF64, growI32, growU8 } from "../../sim/growable.js";
import type { EntityKind } from "../../sim/economy/seams.js";

const EMPTY = -1;
const VALIDATOR_LIMIT = 2 ** 21;

/** Raw local trust s(v → kind:id), summed over every `add`. */
export class EdgeTable {
  count = 0;
  src: Int32Array = new Int32Array(64);
  kind: Uint8Array = new Uint8Array(64);
  dst: Int32Array = new Int32Array(64);
  value: Float64Array = new Float64Array(64);
  private keys = new Float64Array(128).fill(EMPTY);
  private slots: Int32Array = new Int32Array(128);

  /** Add `delta` to the edge validator → (kind, id), creating it if needed. */
  add(validator: number, kind: EntityKind, id: number, delta: number): void {
    if (!(validator >= 0 && validator < VALIDATOR_LIMIT)) throw new RangeError(`EdgeTable.add: validator must be in [0,2^21), got ${validator}`);
    const key = (id * 4 + kind) * VALIDATOR_LIMIT + validator;
    const mask = this.keys.length - 1;
    let h = hash(key) & mask;
    while (this.keys[h] !== EMPTY) {
      if (this.keys[h] === key) {
        this.value[this.slots[h]!]! += delta;
        return;
      }
      h = (h + 1) & mask;
    }
    const e = this.count++;
    if (e === this.src.length) {
      this.src = growI32(this.src, e * 2);
      this.kind = growU8(this.kind, e * 2);
      this.dst = growI32(this.dst, e * 2);
      this.value = growF64(this.value, e * 2);
    }
    this.src[e] = validator;
    this.kind[e] = kind;
    this.dst[e] = id;
    this.value[e] = delta;
    this.keys[h] = key;
    this.slots[h] = e;
    if (this.count * 2 > this.keys.length) this.rehash();
  }

  /** Multiply every edge by `factor` (forgetting). */
  scale(factor: number): void {
    if (factor !== 1) for (let e = 0; e < this.count; e++) this.value[e]! *= factor;
  }

  /** Zero every edge into (kind, id), and out of it too when it is a validator. */
  forget(kind: EntityKind, id: number, isValidator: boolean): void {
    for (let e = 0; e < this.count; e++) {
      if ((this.kind[e] === kind && this.dst[e] === id) || (isValidator && this.src[e] === id)) this.value[e] = 0;
    }
  }

  private rehash(): void {
    const size = this.keys.length * 2;
    this.keys = new Float64Array(size).fill(EMPTY);
    this.slots = new Int32Array(size);
    const mask = size - 1;
    for (let e = 0; e < this.count; e++) {
      const key = (this.dst[e]! * 4 + this.kind[e]!) * VALIDATOR_LIMIT + this.src[e]!;
      let h = hash(key) & mask;
      while (this.keys[h] !== EMPTY) h = (h + 1) & mask;
      this.keys[h] = key;
      this.slots[h] = e;
    }
  }
}

/** Mix the high and low 32 bits of a non-negative safe integer into a 32-bit hash (murmur3 finaliser). */
function hash(key: number): number {
  let h = (key >>> 0) ^ Math.imul(Math.floor(key / 4294967296), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
