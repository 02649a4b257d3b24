// What a plugin's methods hand back is checked before the simulation uses it,
// so a NaN, a negative or fractional share, or an out-of-range choice fails
// the run naming the plugin and the call (exit 2), never reaching the ledger.
import type { PolicyFamily } from "../policies/types.js";
import { firstInvalidCredit } from "../sim/economy/dataFlow.js";
import { feeSplitProblem } from "../sim/economy/feeSplit.js";

/** Returns a description of what is wrong with a call's output, or undefined when it is fine. */
type OutputCheck = (args: readonly unknown[], result: unknown) => string | undefined;

function show(x: unknown): string {
  return typeof x === "number" ? String(x) : JSON.stringify(x) ?? String(x);
}

/** `out` (the method's output array) over its first `n` slots: finite and >= 0. */
function finiteNonNegative(out: unknown, n: number, what: string): string | undefined {
  if (!(out instanceof Float64Array)) return undefined;
  const i = firstInvalidCredit(out, n);
  return i < 0 ? undefined : `gave ${what} ${i} the value ${show(out[i])} (expected a finite number >= 0)`;
}

const integerChoice = (what: string): OutputCheck => (_args, result) =>
  Number.isInteger(result) ? undefined : `returned ${what} ${show(result)} (expected an integer)`;

const CHECKS: { [F in PolicyFamily]?: Record<string, OutputCheck> } = {
  attribution: {
    credit: (args) => {
      const game = args[0] as { players?: unknown };
      return finiteNonNegative(args[1], typeof game?.players === "number" ? game.players : 0, "contribution");
    },
  },
  rewards: {
    splitFee: (args) => (args[1] instanceof Float64Array ? feeSplitProblem(args[0] as number, args[1]) : undefined),
  },
  trust: {
    reputation: (_args, r) => (typeof r === "number" && r >= 0 && r <= 1 ? undefined : `returned reputation ${show(r)} (expected a number in [0, 1])`),
  },
  coordination: { chooseTask: integerChoice("task") },
  routing: { chooseModel: integerChoice("model") },
};

/**
 * The named invariant (see `coordsim check`) a bad output of this method breaks,
 * if any: a fee split that is not exact is a conservation failure (exit 1), not
 * just bad input, whoever wrote the policy.
 */
export function outputInvariant(family: PolicyFamily, method: string): string | undefined {
  return family === "rewards" && method === "splitFee" ? "fee-split-efficiency" : undefined;
}

/** The check for `family`'s method `method`, if its output has one. */
export function outputCheck(family: PolicyFamily, method: string): OutputCheck | undefined {
  return CHECKS[family]?.[method];
}

interface GameLike {
  players: number;
  pool: Int32Array;
  unitsStart(i: number): number;
  unitsEnd(i: number): number;
}

/** A fingerprint of the training units a game exposes (FNV-1a over every player's unit ids). */
function unitsFingerprint(game: GameLike): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < game.players; i++) {
    for (let k = game.unitsStart(i); k < game.unitsEnd(i); k++) h = Math.imul(h ^ game.pool[k]!, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Shared state a plugin call could write to, watched across the call: the
 * attribution game's unit pool is the simulation's own contribution store (a
 * typed array cannot be made read-only), so a plugin that writes to it would
 * silently change every later run step. Returns a checker to call afterwards.
 */
export function sharedStateWatch(family: PolicyFamily, method: string, args: readonly unknown[]): (() => string | undefined) | undefined {
  if (family !== "attribution" || method !== "credit") return undefined;
  const game = args[0] as GameLike | undefined;
  if (game === undefined || !(game.pool instanceof Int32Array)) return undefined;
  const before = unitsFingerprint(game);
  return () => (unitsFingerprint(game) === before ? undefined : "wrote to the game's unit pool (shared simulation state; policies must treat the views they are given as read-only)");
}
