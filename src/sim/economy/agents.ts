// Agents as a struct of arrays: one typed array per attribute, indexed by agent id.

export const NO_TASK = -1;

export class Agents {
  readonly count: number;
  /** Index into the scenario's behaviour labels (ground truth; policies never see it). */
  readonly behavior: Uint8Array;
  /** Ledger account of agent 0; agent i uses firstAccount + i. */
  readonly firstAccount: number;
  /** Task slot being executed, or NO_TASK. */
  readonly task: Int32Array;
  /** Fee paid for the current execution (counted as waste if the result earns nothing). */
  readonly feePaid: Float64Array;
  readonly earned: Float64Array;
  readonly spent: Float64Array;
  readonly executions: Int32Array;
  readonly wins: Int32Array;
  /** 1 once the agent could no longer afford an execution; it stops scanning. */
  readonly broke: Uint8Array;
  /** Intrusive FIFO link for model queues (an agent waits in at most one queue). */
  readonly nextInQueue: Int32Array;
  readonly queuedAt: Float64Array;

  constructor(count: number, firstAccount: number) {
    this.count = count;
    this.firstAccount = firstAccount;
    this.behavior = new Uint8Array(count);
    this.task = new Int32Array(count).fill(NO_TASK);
    this.feePaid = new Float64Array(count);
    this.earned = new Float64Array(count);
    this.spent = new Float64Array(count);
    this.executions = new Int32Array(count);
    this.wins = new Int32Array(count);
    this.broke = new Uint8Array(count);
    this.nextInQueue = new Int32Array(count).fill(-1);
    this.queuedAt = new Float64Array(count);
  }
}
