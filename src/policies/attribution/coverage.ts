// Quality-scaled weighted coverage games, the world's ground truth (docs/design.md, World model):
// player i covers a set of units and has a quality q_i >= 0, and
// v(S) = Σ_u w_u · max{q_i : i ∈ S covers u}, a sum of one "max" game per unit.
// With every quality 1 this is the plain weighted coverage game of REFERENCE §2.
import type { Evaluator, Game } from "./game.js";

/** For each unit, the players covering it, ordered by (quality, player) ascending. */
export interface Coverers {
  /** Players covering unit u are players[start[u] .. start[u + 1]). */
  readonly start: Int32Array;
  readonly players: Int32Array;
}

/** Plain description of a coverage game, for tests and hand-made games. */
export interface CoverageSpec {
  /** Each player's units, as indices into `weights` (any order; duplicates are ignored). */
  units: readonly (readonly number[])[];
  weights: ArrayLike<number>;
  /** Quality per player (>= 0); default 1. */
  quality?: ArrayLike<number>;
  /** Submission order key per player (lower = earlier, e.g. contribution id); default the player index. */
  ids?: ArrayLike<number>;
}

/** A quality-scaled weighted coverage game in compressed-sparse-row form. */
export class CoverageGame implements Game {
  readonly n: number;
  readonly unitCount: number;
  private index: Coverers | undefined;

  /**
   * Player i covers units[start[i] .. start[i + 1]) (dense unit indices, unique per
   * player); weight[u] is unit u's weight; quality[i] and id[i] are per player.
   */
  constructor(
    readonly start: Int32Array,
    readonly units: Int32Array,
    readonly weight: Float64Array,
    readonly quality: Float64Array,
    readonly id: Float64Array,
  ) {
    this.n = quality.length;
    this.unitCount = weight.length;
    if (start.length !== this.n + 1 || id.length !== this.n) throw new RangeError(`CoverageGame: need n + 1 offsets and n ids for n = ${this.n} players`);
    for (let i = 0; i < this.n; i++) {
      if (!(quality[i]! >= 0) || !Number.isFinite(quality[i]!)) throw new RangeError(`CoverageGame: quality of player ${i} must be finite and >= 0, got ${quality[i]}`);
    }
  }

  /** Build from per-player unit lists (duplicates removed, units sorted). */
  static fromSpec(spec: CoverageSpec): CoverageGame {
    const n = spec.units.length;
    const start = new Int32Array(n + 1);
    const lists = spec.units.map((list) => [...new Set(list)].sort((a, b) => a - b));
    for (let i = 0; i < n; i++) start[i + 1] = start[i]! + lists[i]!.length;
    const units = Int32Array.from(lists.flat());
    for (const u of units) if (!(u >= 0 && u < spec.weights.length)) throw new RangeError(`CoverageGame: unit ${u} is not an index into ${spec.weights.length} weights`);
    const quality = spec.quality ? Float64Array.from(spec.quality) : new Float64Array(n).fill(1);
    const id = spec.ids ? Float64Array.from(spec.ids) : Float64Array.from({ length: n }, (_, i) => i);
    return new CoverageGame(start, units, Float64Array.from(spec.weights), quality, id);
  }

  /** Player i's number of units (its volume). */
  size(i: number): number {
    return this.start[i + 1]! - this.start[i]!;
  }

  evaluator(): Evaluator {
    return new CoverageEvaluator(this);
  }

  /** The players covering each unit, ordered by (quality, player) ascending; built once, O(total units + n log n). */
  coverers(): Coverers {
    if (this.index !== undefined) return this.index;
    const { n, start, units, quality, unitCount } = this;
    const byQuality = new Int32Array(n);
    for (let i = 0; i < n; i++) byQuality[i] = i;
    byQuality.sort((a, b) => quality[a]! - quality[b]! || a - b);
    const offsets = new Int32Array(unitCount + 1);
    for (let k = 0; k < units.length; k++) offsets[units[k]! + 1]!++;
    for (let u = 0; u < unitCount; u++) offsets[u + 1]! += offsets[u]!;
    const cursor = offsets.slice(0, unitCount);
    const players = new Int32Array(units.length);
    for (let r = 0; r < n; r++) {
      const i = byQuality[r]!;
      for (let k = start[i]!, end = start[i + 1]!; k < end; k++) players[cursor[units[k]!]!++] = i;
    }
    return (this.index = { start: offsets, players });
  }
}

/** Tracks the best quality per unit; every change is logged so checkpoints roll back in O(changes). */
class CoverageEvaluator implements Evaluator {
  value = 0;
  private readonly best: Float64Array;
  private logUnit = new Int32Array(64);
  private logOld = new Float64Array(64);
  private logLength = 0;
  private readonly marks: number[] = [];
  private readonly markValues: number[] = [];

  constructor(private readonly g: CoverageGame) {
    this.best = new Float64Array(g.unitCount);
  }

  reset(): void {
    if (this.logLength > this.best.length) this.best.fill(0);
    else this.undoTo(0);
    this.logLength = 0;
    this.value = 0;
    this.marks.length = 0;
    this.markValues.length = 0;
  }

  add(i: number): number {
    const { start, units, weight, quality } = this.g;
    const q = quality[i]!;
    const best = this.best;
    let gain = 0;
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const u = units[k]!;
      const b = best[u]!;
      if (q > b) {
        this.log(u, b);
        best[u] = q;
        gain += weight[u]! * (q - b);
      }
    }
    this.value += gain;
    return gain;
  }

  checkpoint(): void {
    this.marks.push(this.logLength);
    this.markValues.push(this.value);
  }

  rollback(): void {
    this.undoTo(this.marks.pop()!);
    this.value = this.markValues.pop()!;
  }

  private log(u: number, old: number): void {
    if (this.logLength === this.logUnit.length) {
      const unit = new Int32Array(this.logLength * 2);
      unit.set(this.logUnit);
      const oldQ = new Float64Array(this.logLength * 2);
      oldQ.set(this.logOld);
      this.logUnit = unit;
      this.logOld = oldQ;
    }
    this.logUnit[this.logLength] = u;
    this.logOld[this.logLength++] = old;
  }

  private undoTo(length: number): void {
    for (let k = this.logLength - 1; k >= length; k--) this.best[this.logUnit[k]!] = this.logOld[k]!;
    this.logLength = length;
  }
}
