// The policy seams: the interfaces the world calls. src/policies implements them;
// src/runner wires a scenario's choices into a world. Everything crosses as plain
// numbers (entity indices, task slots) so the hot path never allocates.
import type { Stream } from "../rng/index.js";
import type { Kind } from "./kinds.js";

/** Read-only view of the open tasks a coordination policy chooses from. */
export interface TaskBoardView {
  /** Number of open (arrived, not completed, not expired) tasks. */
  readonly openCount: number;
  /** Task slot of the i-th open task, 0 <= i < openCount. Order is deterministic but arbitrary. */
  openAt(i: number): number;
  /** Agents currently executing the task in this slot (known to the world; policies decide whether agents may see it). */
  inFlight(task: number): number;
  /** The task's global number (arrival order): unlike the slot, never reused. */
  serial(task: number): number;
}

/** Read-only view of the models a routing policy chooses from. */
export interface ModelsView {
  readonly count: number;
  /** Models serving `domain`: candidate(domain, i) for 0 <= i < candidateCount(domain). */
  candidateCount(domain: number): number;
  candidate(domain: number, i: number): number;
  /** Requests in service plus waiting at model m. */
  load(m: number): number;
  /** Concurrent requests model m serves. */
  capacity(m: number): number;
  /** Model m's reputation in [0, 1] under the scenario's trust policy. */
  reputation(m: number): number;
}

/** Decides which open task an idle agent pursues (docs/design.md, Policy seams: coordination). */
export interface CoordinationPolicy {
  /** Return the task slot agent `agent` will execute, or -1 to stay idle until its next scan. */
  chooseTask(agent: number, board: TaskBoardView, now: number): number;
  /** Optional: the agent started executing the task (e.g. post a claim). */
  onStart?(agent: number, task: number, board: TaskBoardView, now: number): void;
  /** Optional: the agent submitted its result for the task (accepted or not). */
  onFinish?(agent: number, task: number, board: TaskBoardView, now: number): void;
  /**
   * Optional, for policies that spread claims between agents (rumor): called once
   * when the world is installed, with the number of agents and the tally through
   * which the policy reports each claim's spread. Runs whose coordination policy
   * has it get the claim-spread metric columns; other runs' files are unchanged.
   */
  attachSpread?(env: ClaimSpreadEnv): void;
}

/** What the world gives a claim-spreading coordination policy. */
export interface ClaimSpreadEnv {
  readonly agents: number;
  readonly tally: ClaimSpreadTally;
}

/** The world's counters for claim spreading (bumped in O(1), read by the metric catalogue). */
export interface ClaimSpreadTally {
  /** A claim ended (its last claimant submitted): the share of agents that never heard it, and the messages its spreading sent. */
  claimEnded(residue: number, messages: number): void;
  /** An agent started a task while a valid claim on it existed that it had not heard (duplicated work caused by not hearing). */
  unheardStart(): void;
}

/** Decides which model serves an agent's inference call (docs/design.md, Policy seams: routing). */
export interface RoutingPolicy {
  /** Return the model (one of `models.candidate(domain, i)`) that serves the agent's call for a task of `domain`. */
  chooseModel(agent: number, domain: number, models: ModelsView): number;
}

/** Indices into the share vector a rewards policy fills. */
export const Share = { data: 0, model: 1, agent: 2, validators: 3, treasury: 4 } as const;
export const SHARE_NAMES = ["data", "model", "agent", "validators", "treasury"] as const;
export type ShareName = (typeof SHARE_NAMES)[number];

/** What a rewards policy may know about the call whose fee it splits. */
export interface FeeCall {
  readonly model: number;
  readonly agent: number;
  /** The serving model's reputation under the trust policy, in [0, 1]. */
  modelReputation(): number;
  /** Sum of the validators' current stakes, micro-units (0 without validators). */
  totalStake(): number;
}

/** Decides how each inference fee is split between recipients (docs/design.md, Policy seams: rewards). */
export interface RewardsPolicy {
  /**
   * Write the non-negative integer micro-unit amounts for each recipient class
   * into `out` (indexed by `Share`), summing exactly to `fee`.
   */
  splitFee(fee: number, out: Float64Array, call: FeeCall): void;
}

/** Entity kinds, as the trust policy and the outputs number them. */
export { Kind, KIND_NAMES } from "./kinds.js";
export type EntityKind = (typeof Kind)[keyof typeof Kind];

/**
 * One model version's training set as a cooperative game: players are
 * contributions; v(S) = Σ over units u covered by S of weight(u) × the highest
 * quality among S's contributions covering u (a quality-scaled weighted coverage game).
 */
export interface AttributionGame {
  readonly players: number;
  /** Contribution id of player i (ids grow with submission time). */
  contribution(i: number): number;
  provider(i: number): number;
  quality(i: number): number;
  /** Player i's units are pool[unitsStart(i) .. unitsEnd(i)), sorted ascending (global unit ids). */
  unitsStart(i: number): number;
  unitsEnd(i: number): number;
  readonly pool: Int32Array;
  /** Importance weight of a global unit. */
  weight(unit: number): number;
}

/** The serving model's training contributions that cover one call's knowledge unit. */
export interface RetrievalCandidates {
  readonly count: number;
  /** Contribution id of candidate i (lower = earlier). */
  contribution(i: number): number;
  quality(i: number): number;
}

/** Credits a model version's value to its training contributions (docs/design.md, Policy seams: attribution). */
export interface AttributionPolicy {
  /** Write a non-negative credit per player into out[0..players); the world pays accrued fees in proportion. */
  credit(game: AttributionGame, out: Float64Array): void;
  /**
   * Optional, for retrieval-style attribution: pay each call's data share at once
   * to the candidates retrieved for it, in proportion to the weights written into
   * out[0..count) (0 = not retrieved). Without it, data shares accrue per model
   * and settle by `credit` at each epoch.
   */
  creditCall?(candidates: RetrievalCandidates, out: Float64Array): void;
  /**
   * Axioms the policy's credits satisfy on every version, checked at each
   * retrain: `efficiency` (credits sum to the version's value v(N)) and
   * `symmetry` (contributions with the same units and quality get equal credit).
   */
  readonly axioms?: readonly AttributionAxiom[];
  /**
   * How settlement reads the credits. `relative` (the default): the whole
   * escrow is split in proportion to them. `absolute`: they are absolute
   * shares of the version's value v(N) (Σ credits <= v(N), checked at each
   * retrain), so contribution i is paid escrow × credit_i / v(N) and the rest,
   * escrow × (1 − Σ credits / v(N)), goes to the treasury as
   * `attribution-withheld` (one exact largest-remainder split of the escrow).
   * For rules that must not be balanced, e.g. replication-robust Shapley.
   */
  readonly credits?: "relative" | "absolute";
}

/** Whether an attribution policy's credits are absolute shares of v(N), so settlement withholds what they leave. */
export function withholdsAttribution(policy: Pick<AttributionPolicy, "credits">): boolean {
  return policy.credits === "absolute";
}

export type AttributionAxiom = "efficiency" | "symmetry";

/** Turns verification reports into reputations (docs/design.md, Policy seams: trust). */
export interface TrustPolicy {
  /** A validator judged an agent's result (made with `model`'s output) correct (true) or wrong (false). */
  report(validator: number, agent: number, model: number, correct: boolean, now: number): void;
  /**
   * Optional: a report whose verdict on the model's output differs from the one on
   * the agent's result (an EigenTrust spy: honest about the work, approving the
   * collective's model). Without it the policy receives `report` with the agent's verdict.
   */
  reportSplit?(validator: number, agent: number, model: number, agentCorrect: boolean, modelCorrect: boolean, now: number): void;
  /** Reputation of an entity in [0, 1]. */
  reputation(kind: EntityKind, id: number): number;
  /** Forget an entity's history (it re-entered under a new identity). */
  reset(kind: EntityKind, id: number): void;
  /** Optional: called at every epoch settlement, before rewards are paid, e.g. to slash validators. */
  onEpoch?(now: number, validators: ValidatorsView): void;
  /**
   * Optional (Yuma): the policy shares each epoch's emission between models
   * (Bittensor's miners), validators and the owner (the treasury). Read by the
   * settlement right after `onEpoch`.
   */
  readonly emission?: EmissionShares;
}

/** How a trust policy shares one epoch's emission; the settlement pays it exactly through the ledger. */
export interface EmissionShares {
  /** Fractions of the emission to miners (models), validators and the owner; they sum to 1. */
  readonly split: { readonly miners: number; readonly validators: number; readonly owner: number };
  /** Model m's weight in the miners' part this epoch (Yuma: its incentive); all zero: the part stays with the owner. */
  minerWeight(m: number): number;
  /** Validator v's weight in the validators' part this epoch (Yuma: its dividend); all zero: the part stays with the owner. */
  validatorWeight(v: number): number;
  /** The consensus weight of model m published at the last epoch (weight-copying validators copy it); 0 before the first. */
  consensus(m: number): number;
}

/** What a trust policy may see and do to validators at an epoch. */
export interface ValidatorsView {
  readonly count: number;
  /** Validator v's current stake, micro-units. */
  stake(v: number): number;
  /** Move `fraction` of validator v's stake to the slashed account; returns the amount slashed. */
  slash(v: number, fraction: number): number;
  /** Number of models validators set weights on (Bittensor's miners). */
  readonly models: number;
  /**
   * Validator v's weight vector over the models this epoch, written into
   * out[0..models): non-negative, not normalised (all zero: it set no weights).
   * Honest validators weigh each model by the share of its results they found
   * correct; colluding ones put their weight on adversarial models (the cabal's
   * miners); lazy ones weigh every model equally; weight-copiers copy the
   * consensus the trust policy published at the last epoch.
   */
  weights(v: number, out: Float64Array): void;
}

/** A population whose members may switch behaviour (providers or agents). */
export interface AdaptivePopulation {
  readonly count: number;
  /** Number of behaviour labels of the kind: behaviours are 0..labels-1. */
  readonly labels: number;
  behavior(i: number): number;
  /** Realised profit (reward − cost) since the previous adaptation step. */
  profit(i: number): number;
  /** Whether members may switch to / away from this behaviour (e.g. sybil clusters cannot). */
  adoptable(behavior: number): boolean;
}

/** Decides how strategic entities switch behaviour (docs/design.md, Policy seams: adaptation). */
export interface AdaptationPolicy {
  /** Hours between adaptation steps; Infinity disables adaptation. */
  readonly every: number;
  /** Write into next[i] the behaviour member i adopts (or its current one); `rng(i)` is member i's own stream. */
  adapt(population: AdaptivePopulation, rng: (i: number) => Stream, next: Uint8Array): void;
}

/** One policy per family: what the world calls through its seams. */
export interface EconomyPolicies {
  attribution: AttributionPolicy;
  rewards: RewardsPolicy;
  trust: TrustPolicy;
  coordination: CoordinationPolicy;
  routing: RoutingPolicy;
  adaptation: AdaptationPolicy;
}
