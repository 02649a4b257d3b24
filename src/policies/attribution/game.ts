// The cooperative game the attribution policies value: players 0..n-1 and a
// characteristic function v with v(∅) = 0, read through an incremental
// evaluator (start empty, add players one at a time), so a permutation costs one
// pass and enumeration walks the subset tree with checkpoints instead of
// re-evaluating every coalition from scratch.
import { BadInputError } from "../../errors.js";

/** Evaluates v along a growing coalition S, starting from S = ∅. */
export interface Evaluator {
  /** v(S) of the current coalition. */
  readonly value: number;
  /** Empty the coalition (S := ∅, value 0). Drops every checkpoint. */
  reset(): void;
  /** Add player i (not already in S) and return its marginal contribution v(S ∪ {i}) − v(S). */
  add(i: number): number;
  /** Remember the current coalition (a stack: checkpoints nest). */
  checkpoint(): void;
  /** Return to the coalition of the latest checkpoint and pop it. */
  rollback(): void;
}

/** A cooperative game on players 0..n-1. */
export interface Game {
  readonly n: number;
  /** A fresh evaluator at S = ∅. */
  evaluator(): Evaluator;
}

/** Thrown for input the policies cannot value (too many players, wrong kind of game): bad input. */
export class AttributionInputError extends BadInputError {
  constructor(message: string) {
    super(message);
    this.name = "AttributionInputError";
  }
}

/** v(S) for S given as a list of distinct players. */
export function coalitionValue(game: Game, members: ArrayLike<number>, ev: Evaluator = game.evaluator()): number {
  ev.reset();
  for (let k = 0; k < members.length; k++) ev.add(members[k]!);
  return ev.value;
}

/** v(N), the value of the grand coalition. */
export function grandValue(game: Game): number {
  const ev = game.evaluator();
  for (let i = 0; i < game.n; i++) ev.add(i);
  return ev.value;
}

/** Largest n for which a game is stored as an explicit table of all 2^n values. */
export const MAX_TABLE_PLAYERS = 20;

/** A game given by its characteristic function as a table indexed by bitmask (bit i = player i). */
export class TableGame implements Game {
  constructor(
    readonly n: number,
    /** v(coalition with bitmask m) at index m; length 2^n, entry 0 must be 0. */
    readonly table: Float64Array,
  ) {
    if (!Number.isInteger(n) || n < 0 || n > MAX_TABLE_PLAYERS) throw new RangeError(`TableGame: n must be an integer in [0, ${MAX_TABLE_PLAYERS}], got ${n}`);
    if (table.length !== 2 ** n) throw new RangeError(`TableGame: table must have 2^${n} = ${2 ** n} entries, got ${table.length}`);
    if (table[0] !== 0) throw new RangeError(`TableGame: v(empty set) must be 0, got ${table[0]}`);
  }

  evaluator(): Evaluator {
    const table = this.table;
    let mask = 0;
    const saved: number[] = [];
    return {
      get value() {
        return table[mask]!;
      },
      reset() {
        mask = 0;
        saved.length = 0;
      },
      add(i) {
        const before = table[mask]!;
        mask |= 1 << i;
        return table[mask]! - before;
      },
      checkpoint() {
        saved.push(mask);
      },
      rollback() {
        mask = saved.pop()!;
      },
    };
  }
}

/**
 * v of every coalition, indexed by bitmask: a depth-first walk of the subset
 * tree with one `add` per subset (2^n − 1 in all), so a coverage game costs
 * O(2^n × units per player) rather than O(2^n × n × units per player).
 */
export function valueTable(game: Game): Float64Array {
  const n = game.n;
  if (n > MAX_TABLE_PLAYERS) throw new AttributionInputError(`cannot tabulate a game with n = ${n} players (the bound is ${MAX_TABLE_PLAYERS})`);
  if (game instanceof TableGame) return game.table;
  const table = new Float64Array(2 ** n);
  const ev = game.evaluator();
  const walk = (from: number, mask: number): void => {
    table[mask] = ev.value;
    for (let j = from; j < n; j++) {
      ev.checkpoint();
      ev.add(j);
      walk(j + 1, mask | (1 << j));
      ev.rollback();
    }
  };
  walk(0, 0);
  return table;
}
