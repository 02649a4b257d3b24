// Beta-reputation evidence per entity (Jøsang & Ismail 2002): positive and
// negative counts with a forgetting factor, read as the expectation (r+1)/(r+s+2).
import type { EntityKind } from "../../sim/economy/seams.js";
import { KindColumns } from "./kindColumns.js";
import { betaExpectation, forget } from "./math/reputation.js";

/** Evidence counts r (positive) and s (negative) of every entity, by kind. */
export class BetaTable {
  private readonly r = new KindColumns(0);
  private readonly s = new KindColumns(0);

  /** Record evidence for (kind, id): r ← λr + positive, s ← λs + negative. */
  observe(kind: EntityKind, id: number, positive: number, negative: number, lambda: number): void {
    const r = this.r.column(kind, id);
    const s = this.s.column(kind, id);
    r[id] = forget(r[id]!, lambda, positive);
    s[id] = forget(s[id]!, lambda, negative);
  }

  /** Return E = (r + 1) / (r + s + 2); 1/2 for an entity with no evidence. */
  expectation(kind: EntityKind, id: number): number {
    return betaExpectation(this.r.get(kind, id), this.s.get(kind, id));
  }

  /** Forget all evidence about (kind, id). */
  reset(kind: EntityKind, id: number): void {
    this.r.set(kind, id, 0);
    this.s.set(kind, id, 0);
  }
}
