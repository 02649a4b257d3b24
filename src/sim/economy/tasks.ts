// Task table (struct of arrays) with slot reuse, plus the open-task board.
// A slot is recycled once its task is closed (completed or expired), its expiry
// event has fired and no agent still works on it, so memory stays bounded by the
// number of live tasks rather than growing with the run length.
import type { TaskBoardView } from "./seams.js";
import { growF64, growI32 } from "../growable.js";

export class Tasks implements TaskBoardView {
  capacity: number;
  /** Global task number (arrival order), stable across slot reuse. */
  serials: Float64Array;
  arrival: Float64Array;
  value: Float64Array;
  domain: Int32Array;
  /** The knowledge unit (global id) the task needs. */
  unit: Int32Array;
  /** Completion time, or NaN while not completed. */
  completedAt: Float64Array;
  /** 1 once the task's deadline has passed. */
  expired: Int32Array;
  inFlightCount: Int32Array;
  executions: Int32Array;
  /** Position in the open list, or -1 when not open. */
  openPos: Int32Array;
  private openList: Int32Array;
  private freeList: Int32Array;
  private freeCount = 0;
  private used = 0;
  openCount = 0;
  arrivedCount = 0;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.capacity = n;
    this.serials = new Float64Array(n);
    this.arrival = new Float64Array(n);
    this.value = new Float64Array(n);
    this.domain = new Int32Array(n);
    this.unit = new Int32Array(n);
    this.completedAt = new Float64Array(n);
    this.expired = new Int32Array(n);
    this.inFlightCount = new Int32Array(n);
    this.executions = new Int32Array(n);
    this.openPos = new Int32Array(n).fill(-1);
    this.openList = new Int32Array(n);
    this.freeList = new Int32Array(n);
  }

  openAt(i: number): number {
    return this.openList[i]!;
  }

  inFlight(task: number): number {
    return this.inFlightCount[task]!;
  }

  serial(task: number): number {
    return this.serials[task]!;
  }

  /** Number of slots in use (live tasks). */
  get live(): number {
    return this.used - this.freeCount;
  }

  /** Create an open task and return its slot. */
  add(now: number, value: number, domain: number, unit: number): number {
    const slot = this.freeCount > 0 ? this.freeList[--this.freeCount]! : this.used++;
    if (slot >= this.capacity) this.grow();
    this.serials[slot] = this.arrivedCount++;
    this.arrival[slot] = now;
    this.value[slot] = value;
    this.domain[slot] = domain;
    this.unit[slot] = unit;
    this.completedAt[slot] = NaN;
    this.expired[slot] = 0;
    this.inFlightCount[slot] = 0;
    this.executions[slot] = 0;
    this.openPos[slot] = this.openCount;
    this.openList[this.openCount++] = slot;
    return slot;
  }

  /** Take a task off the board (swap-remove: O(1), deterministic). */
  close(slot: number): void {
    const pos = this.openPos[slot]!;
    if (pos < 0) return;
    const last = this.openList[--this.openCount]!;
    this.openList[pos] = last;
    this.openPos[last] = pos;
    this.openPos[slot] = -1;
  }

  /** Recycle the slot if nothing refers to it any more. */
  releaseIfDone(slot: number): void {
    if (this.expired[slot] === 1 && this.inFlightCount[slot] === 0) this.freeList[this.freeCount++] = slot;
  }

  private grow(): void {
    const n = this.capacity * 2;
    this.serials = growF64(this.serials, n);
    this.arrival = growF64(this.arrival, n);
    this.value = growF64(this.value, n);
    this.domain = growI32(this.domain, n);
    this.unit = growI32(this.unit, n);
    this.completedAt = growF64(this.completedAt, n);
    this.expired = growI32(this.expired, n);
    this.inFlightCount = growI32(this.inFlightCount, n);
    this.executions = growI32(this.executions, n);
    this.openPos = growI32(this.openPos, n, -1);
    this.openList = growI32(this.openList, n);
    this.freeList = growI32(this.freeList, n);
    this.capacity = n;
  }
}
