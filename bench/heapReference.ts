/**
 * Baseline for the engine benchmark: the leanest reasonable event heap, a
 * binary min-heap over a Float64Array of times plus an Int32Array payload,
 * with no priority, no sequence numbers and no dispatch. The engine is judged
 * by how close it gets to this (target: >= 0.7x its events/s).
 */
import { exponentialStream, type HoldWorkload } from "./prng.js";

export class ReferenceHeap {
  times: Float64Array;
  payload: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
    this.payload = new Int32Array(capacity);
  }

  /** Insert (time, value); capacity is fixed (the hold model never grows). */
  push(time: number, value: number): void {
    const times = this.times;
    const payload = this.payload;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] <= time) break;
      times[i] = times[p];
      payload[i] = payload[p];
      i = p;
    }
    times[i] = time;
    payload[i] = value;
  }

  /** Remove the minimum; its time is returned and its payload left in `topPayload`. */
  topPayload = 0;
  pop(): number {
    const times = this.times;
    const payload = this.payload;
    const top = times[0];
    this.topPayload = payload[0];
    const n = --this.size;
    const t = times[n];
    const v = payload[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && times[c + 1] < times[c]) c++;
      if (t <= times[c]) break;
      times[i] = times[c];
      payload[i] = payload[c];
      i = c;
    }
    times[i] = t;
    payload[i] = v;
    return top;
  }
}

/** Run the hold model on the reference heap; return wall seconds and the final clock as checksum. */
export function referenceHold(w: HoldWorkload, clock: () => number): { seconds: number; checksum: number } {
  const next = exponentialStream(w.seed);
  const heap = new ReferenceHeap(w.pending + 1);
  for (let i = 0; i < w.pending; i++) heap.push(next(), i);
  const start = clock();
  let now = 0;
  for (let i = 0; i < w.holds; i++) {
    now = heap.pop();
    heap.push(now + next(), heap.topPayload);
  }
  const seconds = (clock() - start) / 1000;
  // The checksum ties both loops to the same workload and keeps the work observable.
  return { seconds, checksum: now };
}
