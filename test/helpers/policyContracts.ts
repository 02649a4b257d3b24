// Inputs, fakes and drivers for the registry-driven policy contract tests
// (test/policies.contract.test.ts): one fast-check arbitrary per seam, small
// world-shaped fakes of the views the world hands policies, and drivers that
// replay a generated script against a policy and return what it decided.
import fc from "fast-check";
import { attributionGameOf } from "../../src/policies/attribution/worldGame.js";
import type { PolicyContext, PolicyFamily, PolicyInterfaces } from "../../src/policies/types.js";
import { FAMILIES, type OutputCheck } from "../../src/sim/economy/families.js";
import type {
  AdaptivePopulation,
  AttributionGame,
  CoordinationPolicy,
  EntityKind,
  FeeCall,
  ModelsView,
  RetrievalCandidates,
  TaskBoardView,
  TrustPolicy,
  ValidatorsView,
} from "../../src/sim/economy/seams.js";
import { RngStreams } from "../../src/sim/rng/index.js";

/** The context src/runner/policies.ts builds: streams namespaced per family and policy, from one run seed. */
export function policyCtx(family: PolicyFamily, name: string, seed: number): PolicyContext {
  const streams = new RngStreams(seed);
  return { stream: (stream) => streams.stream(`policy.${family}.${name}.${stream}`) };
}

/**
 * The policy with every method that has an output check in FAMILIES (the checks
 * the world applies to plugins) checked on every call: built-ins are held to them too.
 */
export function withFamilyChecks<F extends PolicyFamily>(family: F, policy: PolicyInterfaces[F]): PolicyInterfaces[F] {
  const checks: Readonly<Record<string, OutputCheck>> = FAMILIES[family].checks;
  return new Proxy(policy, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== "string" || typeof value !== "function" || !Object.hasOwn(checks, key)) return value;
      const check = checks[key]!;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        const problem = check(args, result);
        if (problem !== undefined) throw new Error(`${family} ${key}() ${problem}`);
        return result;
      };
    },
  });
}

/** Expect two traces to be identical number by number (Object.is: -0 !== 0, NaN === NaN). */
export function sameBits(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

// ---------------------------------------------------------------- attribution

/** Qualities as the world has them: in [0, 1], with the edges common. */
const quality = fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }));

/** A world-shaped attribution game (global unit ids in one domain's block, increasing contribution ids) plus pairs of interchangeable players. */
export interface GameCase {
  game: AttributionGame;
  /** Pairs [i, j] of players with the same units and quality (j is a later clone of i). */
  twins: [number, number][];
}

/** At most 8 players plus at most 2 clones, so exact enumeration (shapley-exact, <= 20 players) stays cheap. */
export const gameCase: fc.Arbitrary<GameCase> = fc
  .record({ units: fc.integer({ min: 1, max: 12 }), domain: fc.integer({ min: 0, max: 3 }) })
  .chain(({ units, domain }) =>
    fc.record({
      domain: fc.constant(domain),
      players: fc.array(fc.record({ units: fc.uniqueArray(fc.integer({ min: 0, max: units - 1 }), { maxLength: 6 }), quality, gap: fc.integer({ min: 1, max: 5 }) }), { maxLength: 8 }),
      weights: fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: units, maxLength: units }),
      clones: fc.array(fc.nat(), { maxLength: 2 }),
    }),
  )
  .map(({ domain, players, weights, clones }) => {
    const list = [...players];
    const twins: [number, number][] = [];
    if (list.length > 0) {
      for (const c of clones) {
        const i = c % players.length;
        twins.push([i, list.length]);
        list.push({ ...players[i]!, gap: 1 + (c % 3) });
      }
    }
    const toGlobal = (u: number) => 5000 * domain + u;
    const global: number[] = [];
    weights.forEach((w, u) => (global[toGlobal(u)] = w));
    const ids: number[] = [];
    list.reduce((id, p) => (ids.push(id + p.gap), id + p.gap), 0);
    const game = attributionGameOf({ units: list.map((p) => p.units.map(toGlobal)), weights: global, quality: list.map((p) => p.quality), ids });
    return { game, twins };
  });

/** v(N) of the world's game, straight from the seam: Σ over covered units of weight × the best coverer's quality. */
export function grandCoverageValue(game: AttributionGame): number {
  const best = new Map<number, number>();
  for (let i = 0; i < game.players; i++) {
    const q = game.quality(i);
    for (let k = game.unitsStart(i); k < game.unitsEnd(i); k++) {
      const u = game.pool[k]!;
      best.set(u, Math.max(best.get(u) ?? 0, q));
    }
  }
  let v = 0;
  for (const [u, q] of best) v += game.weight(u) * q;
  return v;
}

/** The contributions retrieved for one call: earlier contributions have lower ids (count >= 1, as the world calls it). */
export const retrievalCandidates: fc.Arbitrary<RetrievalCandidates> = fc
  .array(fc.record({ quality, gap: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 8 })
  .map((list) => {
    const ids: number[] = [];
    list.reduce((id, c) => (ids.push(id + c.gap), id + c.gap), 0);
    return { count: list.length, contribution: (i: number) => ids[i]!, quality: (i: number) => list[i]!.quality };
  });

// -------------------------------------------------------------------- rewards

export const fee = fc.oneof(fc.constantFrom(0, 1, 2, 7, 1_000_000_000), fc.integer({ min: 0, max: 1_000_000_000 }));

export const feeCall: fc.Arbitrary<FeeCall> = fc
  .record({
    model: fc.nat(20),
    agent: fc.nat(50),
    reputation: fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    stake: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100_000_000_000 })),
  })
  .map(({ model, agent, reputation, stake }) => ({ model, agent, modelReputation: () => reputation, totalStake: () => stake }));

// ---------------------------------------------------------------------- trust

/** Ids the trust scripts use per kind: 0..TRUST_IDS-1. */
export const TRUST_IDS = 8;
const MODELS = 3;

export type TrustOp =
  | { op: "report"; validator: number; agent: number; model: number; correct: boolean; dt: number }
  /** `repeat` rounds in which every validator judges each of `agents` (agent a uses model a % 3); validator v lies iff bit v of `liars`. */
  | { op: "round"; agents: number[]; truth: number; liars: number; repeat: number; dt: number }
  | { op: "epoch"; dt: number }
  | { op: "reset"; kind: number; id: number };

export interface TrustScript {
  /** Validator stakes (micro-units), one per validator; reports only name these validators. */
  stakes: number[];
  ops: TrustOp[];
}

const dt = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 24, noNaN: true }));
const trustOp: fc.Arbitrary<TrustOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("report" as const), validator: fc.nat(4), agent: fc.nat(TRUST_IDS - 1), model: fc.nat(MODELS - 1), correct: fc.boolean(), dt }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("round" as const),
      agents: fc.uniqueArray(fc.nat(TRUST_IDS - 1), { minLength: 1, maxLength: TRUST_IDS }),
      truth: fc.nat(255),
      // Mostly honest, or one liar among honest validators (what stake-slash punishes), else any set.
      liars: fc.oneof(fc.constant(0), fc.constantFrom(1, 2, 4, 8, 16), fc.nat(31)),
      repeat: fc.integer({ min: 1, max: 10 }),
      dt,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("epoch" as const), dt }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("reset" as const), kind: fc.nat(3), id: fc.nat(TRUST_IDS - 1) }) },
);

export const trustScript: fc.Arbitrary<TrustScript> = fc.record({
  stakes: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1_000_000 })), { minLength: 1, maxLength: 5 }),
  ops: fc.array(trustOp, { minLength: 3, maxLength: 30, size: "max" }),
});

/**
 * Validators with the given stakes, as the world's view: slash(v, f) moves
 * floor(stake × f) out and returns it. Records every call and complains about a
 * fraction outside [0, 1], an unknown validator, or a stake driven below 0.
 */
export function validatorsView(initial: readonly number[]): ValidatorsView & { stakes: number[]; slashes: number[]; problems: string[] } {
  const stakes = [...initial];
  const slashes: number[] = [];
  const problems: string[] = [];
  return {
    stakes,
    slashes,
    problems,
    count: stakes.length,
    stake: (v) => stakes[v]!,
    models: MODELS,
    // A fixed pattern with zeros, ties and an all-zero row (validator 3 sets no weights).
    weights(v, out) {
      if (!(Number.isInteger(v) && v >= 0 && v < stakes.length)) problems.push(`read weights of unknown validator ${v}`);
      for (let j = 0; j < MODELS; j++) out[j] = v === 3 ? 0 : (v * 7 + j * 3) % 4;
    },
    slash(v, fraction) {
      if (!(Number.isInteger(v) && v >= 0 && v < stakes.length)) problems.push(`slashed unknown validator ${v}`);
      if (!(fraction >= 0 && fraction <= 1)) problems.push(`slashed validator ${v} by fraction ${fraction}`);
      const before = stakes[v] ?? 0;
      const amount = Math.floor(before * fraction);
      if (!(amount >= 0 && amount <= before)) problems.push(`slashed ${amount} of validator ${v}'s stake ${before}`);
      stakes[v] = before - amount;
      slashes.push(v, fraction, amount);
      return amount;
    },
  };
}

/** Reputations of every kind 0..3 at ids 0..TRUST_IDS-1 and one never-seen id. */
export const UNSEEN_ID = 1000;
function snapshot(trust: TrustPolicy, into: number[]): void {
  for (let kind = 0; kind < 4; kind++) {
    for (let id = 0; id < TRUST_IDS; id++) into.push(trust.reputation(kind as EntityKind, id));
    into.push(trust.reputation(kind as EntityKind, UNSEEN_ID));
  }
}

export interface TrustRun {
  /** Every reputation read: after each epoch and at the end, per kind 0..3, ids 0..TRUST_IDS-1 then UNSEEN_ID. */
  reputations: number[];
  /** Every slash as (validator, fraction, amount), and the stakes at the end. */
  slashes: number[];
  stakes: number[];
  /** What the validators view objected to. */
  problems: string[];
}

/** Replay the script against the policy, as the world would call it. */
export function runTrust(trust: TrustPolicy, script: TrustScript): TrustRun {
  const view = validatorsView(script.stakes);
  const validators = script.stakes.length;
  const reputations: number[] = [];
  let now = 0;
  for (const op of script.ops) {
    switch (op.op) {
      case "report":
        now += op.dt;
        trust.report(op.validator % validators, op.agent, op.model, op.correct, now);
        break;
      case "round":
        now += op.dt;
        for (let r = 0; r < op.repeat; r++) {
          for (const a of op.agents) {
            const truth = ((op.truth >> a) & 1) === 1;
            for (let v = 0; v < validators; v++) trust.report(v, a, a % MODELS, truth !== (((op.liars >> v) & 1) === 1), now);
          }
        }
        break;
      case "epoch":
        now += op.dt;
        trust.onEpoch?.(now, view);
        snapshot(trust, reputations);
        break;
      case "reset":
        trust.reset(op.kind as EntityKind, op.id);
        break;
    }
  }
  snapshot(trust, reputations);
  return { reputations, slashes: view.slashes, stakes: view.stakes, problems: view.problems };
}

// --------------------------------------------------------------- coordination

/**
 * The world's task board in miniature: tasks arrive into slots (freed slots are
 * reused, with a new serial), close when a result is accepted, and free their
 * slot once expired with nobody executing them (as tasks.releaseIfDone does).
 */
export class FakeTaskBoard implements TaskBoardView {
  readonly open: number[] = [];
  private readonly serials: number[] = [];
  private readonly running: number[] = [];
  private readonly expired: boolean[] = [];
  private readonly free: number[] = [];
  private nextSerial = 0;

  get openCount(): number {
    return this.open.length;
  }
  openAt(i: number): number {
    return this.open[i]!;
  }
  inFlight(task: number): number {
    return this.running[task]!;
  }
  serial(task: number): number {
    return this.serials[task]!;
  }

  /** A task arrives at position `pos` (mod the list length + 1) of the open list. */
  arrive(pos: number): void {
    const slot = this.free.pop() ?? this.serials.length;
    this.serials[slot] = this.nextSerial++;
    this.running[slot] = 0;
    this.expired[slot] = false;
    this.open.splice(pos % (this.open.length + 1), 0, slot);
  }
  start(slot: number): void {
    this.running[slot]!++;
  }
  /** A result for the slot's task was accepted: the task closes (its slot stays until it expires). */
  accept(slot: number): void {
    this.close(slot);
  }
  /** An execution of the slot's task ended (after the policy's onFinish, as in the world). */
  end(slot: number): void {
    this.running[slot]!--;
    this.release(slot);
  }
  /** The `pick`-th task that has not expired yet (open or closed) expires. */
  expire(pick: number): void {
    const live = this.serials.map((_, slot) => slot).filter((slot) => !this.expired[slot] && !this.free.includes(slot));
    if (live.length === 0) return;
    const slot = live[pick % live.length]!;
    this.expired[slot] = true;
    this.close(slot);
    this.release(slot);
  }
  private close(slot: number): void {
    const i = this.open.indexOf(slot);
    if (i >= 0) this.open.splice(i, 1);
  }
  private release(slot: number): void {
    if (this.expired[slot] && this.running[slot] === 0 && !this.free.includes(slot)) this.free.push(slot);
  }
}

export type CoordinationOp =
  | { op: "arrive"; pos: number }
  | { op: "scan"; agent: number; dt: number }
  /** Every idle agent scans, in id order, at the same time. */
  | { op: "scanAll"; dt: number }
  | { op: "finish"; agent: number; accepted: boolean; dt: number }
  | { op: "expire"; pick: number; dt: number };

export const AGENTS = 6;
/**
 * Hours between events: often simultaneous, often exactly a default latency,
 * window, delay or lease (boundaries), else within or well past them.
 */
const hop = fc.oneof(fc.constant(0), fc.constantFrom(0.1, 0.25, 0.5, 1, 2, 4), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }));
export const coordinationScript: fc.Arbitrary<CoordinationOp[]> = fc.array(
  fc.oneof(
    { weight: 2, arbitrary: fc.record({ op: fc.constant("arrive" as const), pos: fc.nat(20) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant("scan" as const), agent: fc.nat(AGENTS - 1), dt: hop }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("scanAll" as const), dt: hop }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("finish" as const), agent: fc.nat(AGENTS - 1), accepted: fc.boolean(), dt: hop }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("expire" as const), pick: fc.nat(20), dt: hop }) },
  ),
  { minLength: 10, maxLength: 60, size: "max" },
);

/**
 * Replay the script as the world would (an idle agent scans; a chosen task is
 * started, its onStart called; a busy agent's finish calls onFinish). Returns every
 * choice, and the choices that were neither -1 nor an open task's slot.
 */
export function runCoordination(policy: CoordinationPolicy, script: readonly CoordinationOp[]): { choices: number[]; bad: string[] } {
  const board = new FakeTaskBoard();
  // As the world does at install, for policies that spread claims between agents.
  policy.attachSpread?.({ agents: AGENTS, tally: { claimEnded: () => {}, unheardStart: () => {} } });
  const busy = new Array<number>(AGENTS).fill(-1);
  const choices: number[] = [];
  const bad: string[] = [];
  let now = 0;
  const scan = (agent: number) => {
    if (busy[agent] !== -1) return;
    const open = [...board.open];
    const t = policy.chooseTask(agent, board, now);
    choices.push(t);
    if (t === -1) return;
    if (!open.includes(t)) {
      bad.push(`agent ${agent} at ${now} chose ${t}; open slots were [${open.join(", ")}]`);
      return;
    }
    board.start(t);
    busy[agent] = t;
    policy.onStart?.(agent, t, board, now);
  };
  for (const op of script) {
    if (op.op === "arrive") {
      board.arrive(op.pos);
      continue;
    }
    now += op.dt;
    if (op.op === "expire") board.expire(op.pick);
    else if (op.op === "scan") scan(op.agent);
    else if (op.op === "scanAll") for (let agent = 0; agent < AGENTS; agent++) scan(agent);
    else {
      const t = busy[op.agent]!;
      if (t === -1) continue;
      if (op.accepted) board.accept(t);
      policy.onFinish?.(op.agent, t, board, now);
      board.end(t);
      busy[op.agent] = -1;
    }
  }
  return { choices, bad };
}

// -------------------------------------------------------------------- routing

export interface RoutingCase {
  view: ModelsView;
  /** Each domain's candidates (the view's candidate(d, i)). */
  domains: number[][];
  calls: { agent: number; domain: number }[];
}

/** 1..6 models, 1..3 domains each served by a non-empty list of them (any order), ties in reputation and load common. */
export const routingCase: fc.Arbitrary<RoutingCase> = fc
  .record({ models: fc.integer({ min: 1, max: 6 }), domains: fc.integer({ min: 1, max: 3 }) })
  .chain(({ models, domains }) =>
    fc.record({
      models: fc.array(
        fc.record({
          reputation: fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
          load: fc.nat(20),
          capacity: fc.integer({ min: 1, max: 8 }),
        }),
        { minLength: models, maxLength: models },
      ),
      domains: fc.array(fc.uniqueArray(fc.nat(models - 1), { minLength: 1, maxLength: models }), { minLength: domains, maxLength: domains }),
      calls: fc.array(fc.record({ agent: fc.nat(9), domain: fc.nat(domains - 1) }), { minLength: 1, maxLength: 20 }),
    }),
  )
  .map(({ models, domains, calls }) => ({
    domains,
    calls,
    view: {
      count: models.length,
      candidateCount: (d: number) => domains[d]!.length,
      candidate: (d: number, i: number) => domains[d]![i]!,
      load: (m: number) => models[m]!.load,
      capacity: (m: number) => models[m]!.capacity,
      reputation: (m: number) => models[m]!.reputation,
    },
  }));

// ----------------------------------------------------------------- adaptation

export interface PopulationCase extends AdaptivePopulation {
  behaviors: number[];
  adoptableSet: number[];
}

/** 0..10 members with behaviours 0..4, any profits, and a random set of adoptable behaviours. */
export const population: fc.Arbitrary<PopulationCase> = fc
  .integer({ min: 0, max: 10 })
  .chain((n) =>
    fc.record({
      behaviors: fc.array(fc.nat(4), { minLength: n, maxLength: n }),
      profits: fc.array(fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.double({ min: -1e9, max: 1e9, noNaN: true })), { minLength: n, maxLength: n }),
      adoptable: fc.uniqueArray(fc.nat(4)),
    }),
  )
  .map(({ behaviors, profits, adoptable }) => ({
    behaviors,
    adoptableSet: adoptable,
    count: behaviors.length,
    labels: 5,
    behavior: (i: number) => behaviors[i]!,
    profit: (i: number) => profits[i]!,
    adoptable: (b: number) => adoptable.includes(b),
  }));
