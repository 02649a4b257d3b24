// The policy seams: the interfaces the world calls. src/policies implements them;
// src/runner wires a scenario's choices into a world. Everything crosses as plain
// numbers (entity indices, task slots) so the hot path never allocates.

/** Read-only view of the open tasks a coordination policy chooses from. */
export interface TaskBoardView {
  /** Number of open (arrived, not completed, not expired) tasks. */
  readonly openCount: number;
  /** Task slot of the i-th open task, 0 <= i < openCount. Order is deterministic but arbitrary. */
  openAt(i: number): number;
  /** Agents currently executing the task in this slot (known to the world; policies decide whether agents may see it). */
  inFlight(task: number): number;
}

/** Read-only view of the models a routing policy chooses from. */
export interface ModelsView {
  readonly count: number;
  /** Requests in service plus waiting at model m. */
  load(m: number): number;
  /** Concurrent requests model m serves. */
  capacity(m: number): number;
}

/** Decides which open task an idle agent pursues (DESIGN §2 coordination). */
export interface CoordinationPolicy {
  /** Return the task slot agent `agent` will execute, or -1 to stay idle until its next scan. */
  chooseTask(agent: number, board: TaskBoardView, now: number): number;
}

/** Decides which model serves an agent's inference call (DESIGN §2 routing). */
export interface RoutingPolicy {
  /** Return the model index, 0 <= m < models.count. */
  chooseModel(agent: number, task: number, models: ModelsView): number;
}

/** Indices into the share vector a rewards policy fills. */
export const Share = { data: 0, model: 1, agent: 2, validators: 3, treasury: 4 } as const;
export const SHARE_NAMES = ["data", "model", "agent", "validators", "treasury"] as const;
export type ShareName = (typeof SHARE_NAMES)[number];

/** Decides how each inference fee is split between recipients (DESIGN §2 rewards). */
export interface RewardsPolicy {
  /**
   * Write the non-negative integer micro-unit amounts for each recipient class
   * into `out` (indexed by `Share`), summing exactly to `fee`.
   */
  splitFee(fee: number, out: Float64Array): void;
}
