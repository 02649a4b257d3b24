// Models as a struct of arrays, each with `capacity` servers and a FIFO queue
// threaded through the agents' `nextInQueue` links (no per-request objects).
import type { Agents } from "./agents.js";
import type { ModelsView } from "./seams.js";

export class Models implements ModelsView {
  readonly count: number;
  readonly firstAccount: number;
  readonly cap: Int32Array;
  readonly busy: Int32Array;
  readonly queued: Int32Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly earned: Float64Array;
  readonly callsServed: Int32Array;

  constructor(count: number, capacity: number, firstAccount: number) {
    this.count = count;
    this.firstAccount = firstAccount;
    this.cap = new Int32Array(count).fill(capacity);
    this.busy = new Int32Array(count);
    this.queued = new Int32Array(count);
    this.head = new Int32Array(count).fill(-1);
    this.tail = new Int32Array(count).fill(-1);
    this.earned = new Float64Array(count);
    this.callsServed = new Int32Array(count);
  }

  load(m: number): number {
    return this.busy[m]! + this.queued[m]!;
  }

  capacity(m: number): number {
    return this.cap[m]!;
  }

  enqueue(m: number, agent: number, agents: Agents, now: number): void {
    agents.nextInQueue[agent] = -1;
    agents.queuedAt[agent] = now;
    if (this.tail[m]! < 0) this.head[m] = agent;
    else agents.nextInQueue[this.tail[m]!] = agent;
    this.tail[m] = agent;
    this.queued[m]!++;
  }

  /** Pop the longest-waiting agent, or -1. */
  dequeue(m: number, agents: Agents): number {
    const a = this.head[m]!;
    if (a < 0) return -1;
    this.head[m] = agents.nextInQueue[a]!;
    if (this.head[m]! < 0) this.tail[m] = -1;
    agents.nextInQueue[a] = -1;
    this.queued[m]!--;
    return a;
  }
}
