// Agents as a struct of arrays: one typed array per attribute, indexed by agent id.
import { Population } from "./population.js";

export const NO_TASK = -1;

export class Agents extends Population {
  /** Task slot being executed, or NO_TASK. */
  readonly task: Int32Array;
  /** Model serving the current execution. */
  readonly model: Int32Array;
  /** 1 if the current execution's result is correct (ground truth). */
  readonly correct: Uint8Array;
  /** Fee paid for the current execution (counted as waste if the result earns nothing). */
  readonly feePaid: Float64Array;
  readonly executions: Int32Array;
  readonly wins: Int32Array;
  /** Identities used so far (1 + times whitewashed). */
  readonly identities: Int32Array;
  /** 1 once the current identity has been paid (a whitewash "succeeds" when the new identity gets paid). */
  readonly paidSinceIdentity: Uint8Array;
  /** 1 once the agent could no longer afford an execution; it stops scanning. */
  readonly broke: Uint8Array;
  /** Intrusive FIFO link for model queues (an agent waits in at most one queue). */
  readonly nextInQueue: Int32Array;
  readonly queuedAt: Float64Array;

  constructor(count: number, firstAccount: number) {
    super(count, firstAccount);
    this.task = new Int32Array(count).fill(NO_TASK);
    this.model = new Int32Array(count).fill(-1);
    this.correct = new Uint8Array(count);
    this.feePaid = new Float64Array(count);
    this.executions = new Int32Array(count);
    this.wins = new Int32Array(count);
    this.identities = new Int32Array(count).fill(1);
    this.paidSinceIdentity = new Uint8Array(count);
    this.broke = new Uint8Array(count);
    this.nextInQueue = new Int32Array(count).fill(-1);
    this.queuedAt = new Float64Array(count);
  }
}
