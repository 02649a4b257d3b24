// The first economy (DESIGN §1, growing in later issues): a Poisson task source,
// agents that independently pick tasks (so work gets duplicated), models that
// serve inference for a fee with finite capacity, and a ledger that pays agents
// and models. Handlers take plain numbers and touch only typed arrays.
import type { Engine } from "../engine/index.js";
import { Ledger, OUTSIDE, TREASURY } from "../ledger/index.js";
import type { RngStreams, Stream, StreamFamily } from "../rng/index.js";
import { Agents, NO_TASK } from "./agents.js";
import type { EconomyConfig } from "./config.js";
import { C, createCounters } from "./counters.js";
import { Models } from "./models.js";
import { Share, type CoordinationPolicy, type RewardsPolicy, type RoutingPolicy } from "./seams.js";
import { Tasks } from "./tasks.js";
import { valueSampler } from "./valueSampler.js";

export interface EconomyPolicies {
  rewards: RewardsPolicy;
  coordination: CoordinationPolicy;
  routing: RoutingPolicy;
}

/** Same-time ordering: expiries fire after everything else at that instant, so results submitted exactly at a deadline still count. */
const PRIORITY_EXPIRY = 1;

export class Economy {
  readonly ledger = new Ledger();
  readonly counters = createCounters();
  readonly agents: Agents;
  readonly models: Models;
  readonly tasks = new Tasks();
  readonly agentBehaviors: readonly string[];

  private readonly shares = new Float64Array(5);
  private readonly arrivalRng: Stream;
  private readonly valueRng: Stream;
  private readonly scanRng: StreamFamily;
  private readonly workRng: StreamFamily;
  private readonly serviceRng: StreamFamily;
  private readonly drawValue: (rng: Stream) => number;
  private kinds = { arrival: -1, scan: -1, modelDone: -1, submit: -1, expire: -1 };

  constructor(
    private readonly config: EconomyConfig,
    private readonly policies: EconomyPolicies,
    streams: RngStreams,
  ) {
    const agentAccounts = this.ledger.openAccounts("agent", config.agents.count);
    const modelAccounts = this.ledger.openAccounts("model", config.models.count);
    this.agents = new Agents(config.agents.count, agentAccounts);
    this.models = new Models(config.models.count, config.models.capacity, modelAccounts);
    // Exogenous draws come from streams no policy touches (common random numbers).
    this.arrivalRng = streams.stream("tasks.arrival");
    this.valueRng = streams.stream("tasks.value");
    this.scanRng = streams.family("agent.scan");
    this.workRng = streams.family("agent.work");
    this.serviceRng = streams.family("model.service");
    this.drawValue = valueSampler(config.tasks.value);
    this.agentBehaviors = assignBehaviors(this.agents, config.agents.mix, streams);
  }

  /** Register the event kinds and schedule the initial events. */
  install(engine: Engine): void {
    this.kinds = {
      arrival: engine.defineKind("task.arrival", () => this.onArrival(engine)),
      scan: engine.defineKind("agent.scan", (agent) => this.onScan(engine, agent)),
      modelDone: engine.defineKind("model.done", (model, agent) => this.onModelDone(engine, model, agent)),
      submit: engine.defineKind("agent.submit", (agent) => this.onSubmit(engine, agent)),
      expire: engine.defineKind("task.expire", (slot) => this.onExpire(slot)),
    };
    const { agents, ledger } = this;
    for (let a = 0; a < agents.count; a++) {
      ledger.transfer(OUTSIDE, agents.firstAccount + a, this.config.agents.initialBalance);
      engine.schedule(this.scanDelay(a), this.kinds.scan, a);
    }
    engine.schedule(this.arrivalRng.exponential(this.config.tasks.rate), this.kinds.arrival, -1);
  }

  private scanDelay(agent: number): number {
    return this.scanRng.get(agent).exponential(1 / this.config.agents.scanInterval);
  }

  private onArrival(engine: Engine): void {
    const now = engine.now;
    const slot = this.tasks.add(now, this.drawValue(this.valueRng));
    this.counters[C.tasks_arrived]!++;
    engine.schedule(this.config.tasks.deadline, this.kinds.expire, slot, 0, PRIORITY_EXPIRY);
    engine.schedule(this.arrivalRng.exponential(this.config.tasks.rate), this.kinds.arrival, -1);
  }

  private onScan(engine: Engine, agent: number): void {
    const { agents, tasks, counters, config } = this;
    counters[C.scans]!++;
    const task = this.policies.coordination.chooseTask(agent, tasks, engine.now);
    if (task < 0) {
      counters[C.idle_scans]!++;
      engine.schedule(this.scanDelay(agent), this.kinds.scan, agent);
      return;
    }
    const account = agents.firstAccount + agent;
    const fee = config.models.feePerCall;
    if (!this.ledger.canPay(account, fee + config.agents.computeCost)) {
      agents.broke[agent] = 1; // cannot afford to work: leaves the market
      counters[C.agents_broke]!++;
      return;
    }
    const m = this.policies.routing.chooseModel(agent, task, this.models);
    if (!(Number.isInteger(m) && m >= 0 && m < this.models.count)) {
      throw new Error(`routing policy returned model ${m}; expected an integer in [0, ${this.models.count})`);
    }
    this.payFee(agent, m, fee);
    agents.task[agent] = task;
    tasks.inFlightCount[task]!++;
    counters[C.inference_calls]!++;
    const models = this.models;
    if (models.busy[m]! < models.cap[m]!) {
      models.busy[m]!++;
      this.startService(engine, m, agent);
    } else {
      models.enqueue(m, agent, agents, engine.now);
    }
  }

  /** Split one inference fee (prepaid); shares with no recipient yet (data, validators) go to the treasury. */
  private payFee(agent: number, model: number, fee: number): void {
    const { agents, models, ledger, shares } = this;
    const from = agents.firstAccount + agent;
    this.policies.rewards.splitFee(fee, shares);
    let total = 0;
    for (let i = 0; i < shares.length; i++) {
      const s = shares[i]!;
      if (!(Number.isSafeInteger(s) && s >= 0)) throw new Error(`rewards policy returned share ${s}; expected non-negative integers`);
      total += s;
    }
    if (total !== fee) throw new Error(`rewards policy split fee ${fee} into shares summing to ${total}`);
    const toModel = shares[Share.model]!;
    ledger.transfer(from, models.firstAccount + model, toModel);
    models.earned[model]! += toModel;
    // The agent's own rebate never leaves its account.
    ledger.transfer(from, TREASURY, shares[Share.data]! + shares[Share.validators]! + shares[Share.treasury]!);
    agents.spent[agent]! += fee - shares[Share.agent]!;
    agents.feePaid[agent] = fee;
    this.counters[C.fees_paid_micro]! += fee;
  }

  private startService(engine: Engine, m: number, agent: number): void {
    const delay = this.serviceRng.get(m).exponential(1 / this.config.models.serviceTime);
    engine.schedule(delay, this.kinds.modelDone, m, agent);
  }

  private onModelDone(engine: Engine, m: number, agent: number): void {
    const { models, agents } = this;
    models.callsServed[m]!++;
    const next = models.dequeue(m, agents);
    if (next >= 0) {
      this.counters[C.queue_wait_sum_h]! += engine.now - agents.queuedAt[next]!;
      this.startService(engine, m, next);
    } else {
      models.busy[m]!--;
    }
    engine.schedule(this.workRng.get(agent).exponential(1 / this.config.agents.workTime), this.kinds.submit, agent);
  }

  private onSubmit(engine: Engine, agent: number): void {
    const { agents, tasks, counters, ledger, config } = this;
    const task = agents.task[agent]!;
    const account = agents.firstAccount + agent;
    const cost = config.agents.computeCost;
    ledger.transfer(account, OUTSIDE, cost);
    agents.spent[agent]! += cost;
    agents.executions[agent]!++;
    tasks.executions[task]!++;
    counters[C.executions]!++;
    if (!Number.isNaN(tasks.completedAt[task]!)) {
      counters[C.duplicate_executions]!++;
      counters[C.wasted_compute_micro]! += cost + agents.feePaid[agent]!;
    } else if (tasks.expired[task] === 1) {
      counters[C.late_executions]!++;
      counters[C.wasted_compute_micro]! += cost + agents.feePaid[agent]!;
    } else {
      const value = tasks.value[task]!;
      tasks.completedAt[task] = engine.now;
      tasks.close(task);
      ledger.transfer(OUTSIDE, account, value);
      agents.earned[agent]! += value;
      agents.wins[agent]!++;
      counters[C.tasks_completed]!++;
      counters[C.value_created_micro]! += value;
      counters[C.latency_sum_h]! += engine.now - tasks.arrival[task]!;
    }
    tasks.inFlightCount[task]!--;
    tasks.releaseIfDone(task);
    agents.task[agent] = NO_TASK;
    engine.schedule(this.scanDelay(agent), this.kinds.scan, agent);
  }

  private onExpire(slot: number): void {
    const { tasks } = this;
    tasks.expired[slot] = 1;
    if (Number.isNaN(tasks.completedAt[slot]!)) {
      tasks.close(slot);
      this.counters[C.tasks_expired]!++;
    }
    tasks.releaseIfDone(slot);
  }
}

/**
 * Give each agent a behaviour label from its own uniform draw u and the mix's
 * cumulative fractions (labels in sorted order). Each agent's u is its own
 * stream's first draw, so adding agents never relabels the others, and raising
 * one fraction in a sweep moves only the agents whose u falls in the shifted band.
 */
function assignBehaviors(agents: Agents, mix: Partial<Record<string, number>>, streams: RngStreams): string[] {
  const labels = Object.keys(mix).filter((k) => (mix[k] ?? 0) > 0).sort();
  const cumulative = new Float64Array(labels.length);
  let sum = 0;
  labels.forEach((l, i) => (cumulative[i] = sum += mix[l] ?? 0));
  for (let a = 0; a < agents.count; a++) {
    const u = streams.draw("agent.behavior", a) * sum;
    let li = 0;
    while (li < labels.length - 1 && u >= cumulative[li]!) li++;
    agents.behavior[a] = li;
  }
  return labels;
}
