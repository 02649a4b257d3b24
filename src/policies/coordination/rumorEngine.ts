// Rumour mongering (Demers et al., PODC 1987, §1.4): the engine behind the
// `rumor` coordination policy, usable on its own (the validation pack drives it
// directly). A pool of rumours over one contact network; every rumour's state is
// per agent in typed arrays, so a round allocates nothing.
import type { Stream } from "../../sim/rng/index.js";
import { growF64, growI32, growU8 } from "../../sim/growable.js";
import type { ContactNetwork } from "./contactNetwork.js";

export interface RumorRules {
  /** Partners each agent calls per round. */
  readonly fanout: number;
  /** push: infectives call and send; push-pull: every agent calls, infective callers push and infective callees answer (pull). */
  readonly exchange: "push" | "push-pull";
  /** feedback: a sender loses interest only on an unnecessary message (the recipient already knew); blind: on any message. */
  readonly removal: "feedback" | "blind";
  /** counter: removed after k such messages; coin: removed with probability 1/k at each. */
  readonly interest: "counter" | "coin";
  readonly k: number;
  /**
   * synchronous: a message is necessary if its recipient had not heard at the
   * start of the round (the paper's simulated cycles); sequential: if it had not
   * heard at the moment of the call (the continuous-time model behind the
   * paper's equation s = e^{−(k+1)(1−s)}).
   */
  readonly rounds: "synchronous" | "sequential";
}

const SUSCEPTIBLE = 0;
const INFECTIVE = 1;
const REMOVED = 2;
/** Heard this round: knows the rumour, spreads from the next round. */
const FRESH = 3;

/**
 * A pool of rumours over one network, each in synchronous rounds (the paper's
 * cycles). Per rumour: each agent's state (susceptible, infective, removed) and
 * its count of messages that cost it interest, the list of infectives, the
 * messages sent, and its round clock. Records are reused after `release`.
 */
export class RumorEngine {
  readonly agents: number;
  private capacity = 0;
  private state: Uint8Array = new Uint8Array(0);
  private misses: Uint8Array = new Uint8Array(0);
  /** Infectives (and, during a round, fresh hearers after them) of record r at r·agents... */
  private list: Int32Array = new Int32Array(0);
  private infectives: Int32Array = new Int32Array(0);
  private heardCount: Int32Array = new Int32Array(0);
  private sent: Float64Array = new Float64Array(0);
  private nextAt: Float64Array = new Float64Array(0);
  private endAt: Float64Array = new Float64Array(0);
  private freeList: Int32Array = new Int32Array(0);
  private freeCount = 0;
  /** Records in use, in opening order of their slot in this list (swap-removed on release). */
  private live: Int32Array = new Int32Array(0);
  private liveAt: Int32Array = new Int32Array(0);
  private liveCount = 0;
  private readonly pCoin: number;
  private readonly feedback: boolean;
  private readonly synchronous: boolean;

  constructor(
    private readonly network: ContactNetwork,
    private readonly rules: RumorRules,
    private readonly rng: Stream,
    /** Hours between rounds. */
    private readonly round: number,
  ) {
    this.agents = network.agents;
    this.pCoin = 1 / rules.k;
    this.feedback = rules.removal === "feedback";
    this.synchronous = rules.rounds === "synchronous";
  }

  private grow(): void {
    const n = this.agents;
    const cap = Math.max(4, this.capacity * 2);
    this.state = growU8(this.state, cap * n);
    this.misses = growU8(this.misses, cap * n);
    this.list = growI32(this.list, cap * n);
    this.infectives = growI32(this.infectives, cap);
    this.heardCount = growI32(this.heardCount, cap);
    this.sent = growF64(this.sent, cap);
    this.nextAt = growF64(this.nextAt, cap);
    this.endAt = growF64(this.endAt, cap);
    this.freeList = growI32(this.freeList, cap);
    this.live = growI32(this.live, cap);
    this.liveAt = growI32(this.liveAt, cap);
    for (let r = cap - 1; r >= this.capacity; r--) this.freeList[this.freeCount++] = r;
    this.capacity = cap;
  }

  /** Start a rumour planted at `origin` at time `now`; its rounds run at now + round, now + 2·round, ... before `until`. */
  open(origin: number, now: number, until: number): number {
    if (this.freeCount === 0) this.grow();
    const r = this.freeList[--this.freeCount]!;
    const base = r * this.agents;
    this.state.fill(SUSCEPTIBLE, base, base + this.agents);
    this.misses.fill(0, base, base + this.agents);
    this.infectives[r] = 0;
    this.heardCount[r] = 0;
    this.sent[r] = 0;
    this.nextAt[r] = now + this.round;
    this.endAt[r] = until;
    this.liveAt[r] = this.liveCount;
    this.live[this.liveCount++] = r;
    this.hear(r, origin);
    return r;
  }

  /** Agent a learns of rumour r outside the rumour (e.g. it starts the task itself): a susceptible becomes infective now. */
  hear(r: number, a: number): void {
    const i = r * this.agents + a;
    if (this.state[i] !== SUSCEPTIBLE) return;
    this.state[i] = INFECTIVE;
    this.heardCount[r]!++;
    this.list[r * this.agents + this.infectives[r]!++] = a;
  }

  heard(r: number, a: number): boolean {
    return this.state[r * this.agents + a] !== SUSCEPTIBLE;
  }

  /** Share of agents that have not heard rumour r (the paper's residue s once it has died out). */
  residue(r: number): number {
    return 1 - this.heardCount[r]! / this.agents;
  }

  /** Messages sent for rumour r so far (each transmission of the rumour to one partner). */
  messages(r: number): number {
    return this.sent[r]!;
  }

  /** Whether rumour r still has infectives. */
  active(r: number): boolean {
    return this.infectives[r]! > 0;
  }

  release(r: number): void {
    const at = this.liveAt[r]!;
    const last = this.live[--this.liveCount]!;
    this.live[at] = last;
    this.liveAt[last] = at;
    this.freeList[this.freeCount++] = r;
  }

  /** Run every live rumour's rounds due at or before `now` (and before its end). Work per round: O(infectives × fanout) for push, O(agents × fanout) for push-pull. */
  advance(now: number): void {
    for (let i = 0; i < this.liveCount; i++) {
      const r = this.live[i]!;
      while (this.infectives[r]! > 0 && this.nextAt[r]! <= now && this.nextAt[r]! < this.endAt[r]!) {
        this.step(r);
        this.nextAt[r]! += this.round;
      }
    }
  }

  /** Run rumour r's rounds until it dies out (no infectives); returns the number of rounds. */
  runToEnd(r: number): number {
    let rounds = 0;
    while (this.infectives[r]! > 0) {
      this.step(r);
      rounds++;
    }
    return rounds;
  }

  /** One synchronous round of rumour r. */
  step(r: number): void {
    const n = this.agents;
    const base = r * n;
    const m = this.infectives[r]!;
    let fresh = m; // fresh hearers are appended after the round's infectives
    const { fanout } = this.rules;
    const { network, rng } = this;
    const transmit = (from: number, to: number): void => {
      this.sent[r]!++;
      const t = base + to;
      const was = this.state[t]!;
      if (was === SUSCEPTIBLE) {
        this.state[t] = FRESH;
        this.heardCount[r]!++;
        this.list[base + fresh++] = to;
      }
      const f = base + from;
      if (this.feedback && (was === SUSCEPTIBLE || (was === FRESH && this.synchronous))) {
        // A necessary message: feedback keeps the sender's interest, and a counter counts only consecutive unnecessary ones.
        this.misses[f] = 0;
        return;
      }
      if (this.rules.interest === "counter" ? ++this.misses[f]! >= this.rules.k : rng.uniform() < this.pCoin) this.state[f] = REMOVED;
    };
    if (this.rules.exchange === "push") {
      for (let i = 0; i < m; i++) {
        const a = this.list[base + i]!;
        for (let c = 0; c < fanout && this.state[base + a] === INFECTIVE; c++) {
          const b = network.partner(a, rng);
          if (b >= 0) transmit(a, b);
        }
      }
    } else {
      for (let a = 0; a < n; a++) {
        for (let c = 0; c < fanout; c++) {
          const b = network.partner(a, rng);
          if (b < 0) break;
          if (this.state[base + a] === INFECTIVE) transmit(a, b);
          if (this.state[base + b] === INFECTIVE) transmit(b, a);
        }
      }
    }
    // Keep the infectives still interested, then the fresh hearers (who spread from the next round).
    let w = 0;
    for (let i = 0; i < m; i++) {
      const a = this.list[base + i]!;
      if (this.state[base + a] === INFECTIVE) this.list[base + w++] = a;
    }
    for (let i = m; i < fresh; i++) {
      const a = this.list[base + i]!;
      this.state[base + a] = INFECTIVE;
      this.list[base + w++] = a;
    }
    this.infectives[r] = w;
  }
}
