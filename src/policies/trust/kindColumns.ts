// Per-kind growable columns of numbers indexed by dense entity id: the state
// tables of the trust policies. Reading an unseen id never allocates.
import { KIND_NAMES, type EntityKind } from "../../sim/economy/seams.js";

/** One Float64Array per entity kind; entries never written read as `fill`. */
export class KindColumns {
  private readonly columns: Float64Array[] = KIND_NAMES.map(() => new Float64Array(0));

  constructor(private readonly fill: number) {}

  /** Return the value of (kind, id). */
  get(kind: EntityKind, id: number): number {
    const c = this.columns[kind]!;
    return id < c.length ? c[id]! : this.fill;
  }

  /** Return kind's column, grown (doubling) so that `id` is a valid index. */
  column(kind: EntityKind, id: number): Float64Array {
    let c = this.columns[kind]!;
    if (id >= c.length) {
      const grown = new Float64Array(Math.max(id + 1, c.length * 2, 16));
      grown.set(c);
      if (this.fill !== 0) grown.fill(this.fill, c.length);
      this.columns[kind] = c = grown;
    }
    return c;
  }

  /** Set the value of (kind, id). */
  set(kind: EntityKind, id: number, x: number): void {
    this.column(kind, id)[id] = x;
  }

  /** Reset every entry of every kind to the fill value (capacity is kept). */
  clear(): void {
    for (const c of this.columns) c.fill(this.fill);
  }
}
