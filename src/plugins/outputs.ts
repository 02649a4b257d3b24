// Shared simulation state a plugin call could write to, watched across the
// call (the families' output checks, in src/sim/economy/families.ts, cover
// what a call hands back).
import type { PolicyFamily } from "../sim/economy/families.js";

interface GameLike {
  players: number;
  pool: Int32Array;
  unitsStart(i: number): number;
  unitsEnd(i: number): number;
}

/**
 * A fingerprint of the whole unit pool a game exposes (FNV-1a over every
 * entry): the pool holds every contribution's units, not only this game's
 * players', so a write anywhere in it is caught.
 */
function unitsFingerprint(game: GameLike): number {
  let h = 0x811c9dc5;
  const pool = game.pool;
  for (let k = 0; k < pool.length; k++) h = Math.imul(h ^ pool[k]!, 0x01000193);
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
