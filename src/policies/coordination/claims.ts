// Claims on tasks, shared by the claim-based coordination policies: who started
// a task and when, keyed by task slot but checked against the task's serial, so
// a recycled slot never inherits an old claim. Typed arrays, grown on demand.
import type { TaskBoardView } from "../../sim/economy/seams.js";
import type { Stream } from "../../sim/rng/index.js";
import { growF64, growI32 } from "../../sim/growable.js";

export class ClaimTable {
  private serial: Float64Array = new Float64Array(64).fill(-1);
  private time: Float64Array = new Float64Array(64);
  private active: Int32Array = new Int32Array(64);

  private ensure(slot: number): void {
    if (slot < this.serial.length) return;
    const n = Math.max(slot + 1, this.serial.length * 2);
    this.serial = growF64(this.serial, n, -1);
    this.time = growF64(this.time, n);
    this.active = growI32(this.active, n);
  }

  /** Record that an agent started the task; the first claim's time is kept. */
  start(task: number, board: TaskBoardView, now: number): void {
    this.ensure(task);
    const serial = board.serial(task);
    if (this.serial[task] !== serial || this.active[task] === 0) {
      this.serial[task] = serial;
      this.time[task] = now;
      this.active[task] = 0;
    }
    this.active[task]!++;
  }

  finish(task: number, board: TaskBoardView): void {
    if (task < this.serial.length && this.serial[task] === board.serial(task) && this.active[task]! > 0) this.active[task]!--;
  }

  /** Time the live claim on the task was posted, or NaN if none. */
  claimedAt(task: number, board: TaskBoardView): number {
    if (task >= this.serial.length || this.serial[task] !== board.serial(task) || this.active[task] === 0) return NaN;
    return this.time[task]!;
  }
}

/**
 * Pick uniformly among open tasks the agent does not see as claimed: a few
 * random probes first (cheap when most tasks are free), then one pass from a
 * random offset, so the cost stays bounded when most tasks are claimed.
 */
export function pickUnclaimed(board: TaskBoardView, rng: Stream, seesClaim: (task: number) => boolean, probes = 16): number {
  const n = board.openCount;
  if (n === 0) return -1;
  for (let k = 0; k < probes; k++) {
    const t = board.openAt(rng.int(n));
    if (!seesClaim(t)) return t;
  }
  const start = rng.int(n);
  for (let k = 0; k < n; k++) {
    const t = board.openAt((start + k) % n);
    if (!seesClaim(t)) return t;
  }
  return -1;
}

/**
 * A fixed uniform in [0,1) per (salt, agent, task serial), from a 32-bit integer
 * mix: per-pair randomness (who hears a claim, an agent's cost for a task) that
 * stores nothing and is the same however often it is asked.
 */
export function pairUniform(salt: number, agent: number, serial: number): number {
  let h = Math.imul(salt ^ agent, 0x9e3779b1) ^ Math.imul(serial | 0, 0x85ebca6b) ^ Math.imul(Math.floor(serial / 4294967296), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
