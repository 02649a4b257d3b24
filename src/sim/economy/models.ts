// Models as a struct of arrays, each with `capacity` servers and a FIFO queue
// threaded through the agents' `nextInQueue` links (no per-request objects), a
// domain, and a current version: its training set, per-unit quality and the
// attribution credits computed at retrain.
import type { Agents } from "./agents.js";
import { Population } from "./population.js";
import { Kind, type ModelsView, type TrustPolicy } from "./seams.js";

export interface ModelVersion {
  /** Contribution ids of the training set, ascending. */
  training: Int32Array;
  /** Attribution credit per training contribution (same order). */
  credits: Float64Array;
  /** Highest training quality per local unit of the model's domain (0 if uncovered). */
  unitQuality: Float32Array;
  /** v(training set): weighted, quality-scaled coverage. */
  value: number;
  /** For per-call attribution: training indices covering local unit u are members[start[u] .. start[u + 1]). */
  unitIndex?: { start: Int32Array; members: Int32Array };
}

export class Models extends Population implements ModelsView {
  readonly domain: Int32Array;
  /** Escrow account per model where the data share of its fees accrues until the epoch settles. */
  readonly firstEscrowAccount: number;
  readonly cap: Int32Array;
  readonly busy: Int32Array;
  readonly queued: Int32Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly callsServed: Int32Array;
  readonly versionNumber: Int32Array;
  readonly versions: (ModelVersion | undefined)[];

  constructor(count: number, capacity: number, firstAccount: number, firstEscrowAccount: number, readonly domains: number) {
    super(count, firstAccount);
    this.firstEscrowAccount = firstEscrowAccount;
    this.domain = new Int32Array(count);
    for (let m = 0; m < count; m++) this.domain[m] = m % domains;
    this.cap = new Int32Array(count).fill(capacity);
    this.busy = new Int32Array(count);
    this.queued = new Int32Array(count);
    this.head = new Int32Array(count).fill(-1);
    this.tail = new Int32Array(count).fill(-1);
    this.callsServed = new Int32Array(count);
    this.versionNumber = new Int32Array(count);
    this.versions = new Array<ModelVersion | undefined>(count).fill(undefined);
  }

  candidateCount(domain: number): number {
    return Math.ceil((this.count - domain) / this.domains);
  }

  candidate(domain: number, i: number): number {
    return domain + i * this.domains;
  }

  escrowAccount(m: number): number {
    return this.firstEscrowAccount + m;
  }

  load(m: number): number {
    return this.busy[m]! + this.queued[m]!;
  }

  capacity(m: number): number {
    return this.cap[m]!;
  }

  /** Where `reputation` reads from; the world sets it to the scenario's trust policy. */
  trust: TrustPolicy | undefined;

  reputation(m: number): number {
    return this.trust === undefined ? 0.5 : this.trust.reputation(Kind.model, m);
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
