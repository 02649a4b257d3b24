// Tasks and agents: arrivals (Poisson, optionally bursty), agents scanning the
// market and picking tasks (coordination policy), inference calls queued at
// models (routing policy, prepaid fee split by the rewards policy), work, and
// submission, where the first accepted result is paid and later ones are waste.
import type { Engine } from "../engine/index.js";
import { Apportioner, OUTSIDE, TREASURY, VALIDATOR_POOL } from "../ledger/index.js";
import { NO_TASK } from "./agents.js";
import { A, isAdversarialAgent, isAdversarialModel, M } from "./behaviors.js";
import { C } from "./counters.js";
import type { ModelVersion } from "./models.js";
import { Kind, Share, type RetrievalCandidates } from "./seams.js";
import { verify } from "./validation.js";
import { valueSampler } from "./valueSampler.js";
import type { Economy } from "./world.js";
import { feeSplitProblem } from "./feeSplit.js";
import { InvariantViolation } from "../invariant.js";

/** Same-time ordering: expiries fire after everything else at that instant, so results submitted exactly at a deadline still count. */
const PRIORITY_EXPIRY = 1;

export function installTaskFlow(w: Economy, engine: Engine): void {
  const { config, agents, models, tasks, counters, ledger, books, policies, knowledge } = w;
  const arrivalRng = w.streams.stream("tasks.arrival");
  const taskRng = w.streams.stream("tasks.draw");
  const scanRng = w.streams.family("agent.scan");
  const workRng = w.streams.family("agent.work");
  const serviceRng = w.streams.family("model.service");
  const outputRng = w.streams.family("model.output");
  const auditRng = w.streams.family("agent.audit");
  const drawValue = valueSampler(config.tasks.value);
  const shares = new Float64Array(5);
  // One reusable call view: the rewards policy reads it synchronously, so nothing is allocated per fee.
  const feeCall = {
    model: 0,
    agent: 0,
    modelReputation: () => models.reputation(feeCall.model),
    totalStake: () => {
      let total = 0;
      for (let v = 0; v < w.validators.count; v++) total += ledger.balance(w.validators.stakeAccount(v));
      return total;
    },
  };
  const hasValidators = w.validators.count > 0;
  policies.coordination.attachSpread?.({
    agents: agents.count,
    tally: {
      claimEnded(residue, messages) {
        counters[C.claims_spread]!++;
        counters[C.claim_residue_sum]! += residue;
        counters[C.claim_messages]! += messages;
      },
      unheardStart() {
        counters[C.unheard_claim_starts]!++;
      },
    },
  });

  const arrivalExponential = arrivalRng.exponential.bind(arrivalRng);
  const nextArrivalDelay = (now: number): number => arrivalDelay(now, config.tasks.rate, config.tasks.burst, arrivalExponential);
  const scanRate = 1 / config.agents.scanInterval;
  const scanDelay = (a: number) => scanRng.get(a).exponential(scanRate);

  const kinds = {
    arrival: engine.defineKind("task.arrival", () => {
      const domain = taskRng.int(knowledge.domains);
      const unit = knowledge.sampleUnit(domain, taskRng);
      const slot = tasks.add(engine.now, drawValue(taskRng), domain, unit);
      counters[C.tasks_arrived]!++;
      engine.schedule(config.tasks.deadline, kinds.expire, slot, 0, PRIORITY_EXPIRY);
      engine.schedule(nextArrivalDelay(engine.now), kinds.arrival, -1);
    }),
    scan: engine.defineKind("agent.scan", (agent) => onScan(agent)),
    modelDone: engine.defineKind("model.done", (m, agent) => onModelDone(m, agent)),
    submit: engine.defineKind("agent.submit", (agent) => onSubmit(agent)),
    expire: engine.defineKind("task.expire", (slot) => {
      tasks.expired[slot] = 1;
      if (Number.isNaN(tasks.completedAt[slot]!)) {
        tasks.close(slot);
        counters[C.tasks_expired]!++;
      }
      tasks.releaseIfDone(slot);
    }),
  };

  function onScan(agent: number): void {
    counters[C.scans]!++;
    const task = policies.coordination.chooseTask(agent, tasks, engine.now);
    if (task < 0) {
      counters[C.idle_scans]!++;
      engine.schedule(scanDelay(agent), kinds.scan, agent);
      return;
    }
    const fee = config.models.feePerCall;
    if (!ledger.canPay(agents.account(agent), fee + config.agents.computeCost)) {
      agents.broke[agent] = 1; // cannot afford to work: leaves the market
      counters[C.agents_broke]!++;
      return;
    }
    const domain = tasks.domain[task]!;
    const m = policies.routing.chooseModel(agent, domain, models);
    if (!(Number.isInteger(m) && m >= 0 && m < models.count && models.domain[m] === domain)) {
      throw new Error(`routing policy returned model ${m} for a task of domain ${domain}; expected one of that domain's models`);
    }
    payFee(agent, m, fee, task);
    agents.task[agent] = task;
    agents.model[agent] = m;
    tasks.inFlightCount[task]!++;
    policies.coordination.onStart?.(agent, task, tasks, engine.now);
    counters[C.inference_calls]!++;
    if (isAdversarialModel(models.behavior[m]!)) counters[C.adversarial_model_calls]!++;
    if (models.busy[m]! < models.cap[m]!) {
      models.busy[m]!++;
      startService(m, agent);
    } else {
      models.enqueue(m, agent, agents, engine.now);
    }
  }

  /** Split one prepaid inference fee: data share to the model's escrow (settled per attribution at the epoch), validators' share to their pool. */
  function payFee(agent: number, m: number, fee: number, task: number): void {
    const from = agents.account(agent);
    feeCall.model = m;
    feeCall.agent = agent;
    policies.rewards.splitFee(fee, shares, feeCall);
    const problem = feeSplitProblem(fee, shares);
    if (problem !== undefined) throw new InvariantViolation("fee-split-efficiency", `rewards policy ${problem}`);
    books.pay(from, models.account(m), shares[Share.model]!, "inference-fee");
    if (policies.attribution.creditCall !== undefined) payRetrieved(agent, m, task, shares[Share.data]!);
    else books.pay(from, models.escrowAccount(m), shares[Share.data]!, "inference-fee");
    books.pay(from, hasValidators ? VALIDATOR_POOL : TREASURY, shares[Share.validators]!, "inference-fee");
    books.pay(from, TREASURY, shares[Share.treasury]!, "inference-fee");
    // The agent's own rebate never leaves its account, so it is neither paid nor a cost; the fee charged is counted whole.
    agents.feePaid[agent] = fee;
    counters[C.fees_paid_micro]! += fee;
  }

  /**
   * Retrieval-style attribution: the data share of this call goes at once to the
   * serving version's contributions covering the task's unit, weighted by the
   * policy; with nothing retrieved it goes to the treasury.
   */
  const retrieved = { version: undefined as ModelVersion | undefined, from: 0, count: 0 };
  const candidates: RetrievalCandidates = {
    get count() {
      return retrieved.count;
    },
    contribution: (i) => retrieved.version!.training[retrieved.version!.unitIndex!.members[retrieved.from + i]!]!,
    quality: (i) => w.contributions.quality[candidates.contribution(i)]!,
  };
  let weights = new Float64Array(16);
  let parts = new Float64Array(16);
  const splitter = new Apportioner();
  function payRetrieved(agent: number, m: number, task: number, amount: number): void {
    const from = agents.account(agent);
    const version = models.versions[m];
    const index = version?.unitIndex;
    const local = tasks.unit[task]! - models.domain[m]! * knowledge.unitsPerDomain;
    retrieved.version = version;
    retrieved.from = index === undefined ? 0 : index.start[local]!;
    retrieved.count = index === undefined ? 0 : index.start[local + 1]! - index.start[local]!;
    if (amount === 0) return;
    let total = 0;
    if (retrieved.count > 0) {
      if (weights.length < retrieved.count) {
        weights = new Float64Array(retrieved.count * 2);
        parts = new Float64Array(retrieved.count * 2);
      }
      weights.fill(0, 0, retrieved.count);
      policies.attribution.creditCall!(candidates, weights);
      for (let i = 0; i < retrieved.count; i++) {
        const x = weights[i]!;
        if (!(x >= 0 && x < Infinity)) throw new Error(`attribution policy gave retrieval weight ${x}; expected a finite number >= 0`);
        total += x;
      }
    }
    if (!(total > 0)) {
      books.pay(from, TREASURY, amount, "unclaimed");
      return;
    }
    splitter.split(amount, weights.subarray(0, retrieved.count), parts);
    for (let i = 0; i < retrieved.count; i++) {
      const share = parts[i]!;
      if (share === 0) continue;
      w.payContribution(from, candidates.contribution(i), share);
    }
  }

  function startService(m: number, agent: number): void {
    counters[C.service_starts]!++; // a call done waiting (or that never waited): mean_queue_wait_h's denominator
    engine.schedule(serviceRng.get(m).exponential(1 / config.models.serviceTime), kinds.modelDone, m, agent);
  }

  /** The model answers: its output is right with a chance set by its training data's coverage of the task's unit. */
  function onModelDone(m: number, agent: number): void {
    models.callsServed[m]!++;
    const next = models.dequeue(m, agents);
    if (next >= 0) {
      counters[C.queue_wait_sum_h]! += engine.now - agents.queuedAt[next]!;
      startService(m, next);
    } else {
      models.busy[m]!--;
    }
    const task = agents.task[agent]!;
    const unit = tasks.unit[task]!;
    const version = models.versions[m];
    const covered = version === undefined ? 0 : version.unitQuality[unit - models.domain[m]! * knowledge.unitsPerDomain]!;
    let pRight = Math.max(config.models.baseQuality, covered);
    const mb = models.behavior[m]!;
    if (mb === M.degraded) pRight *= config.models.degradedFactor;
    else if (mb === M.malicious) pRight *= 1 - config.models.maliciousErrorRate;
    const modelRight = outputRng.get(m).uniform() < pRight;
    counters[C.model_outputs]!++;
    if (!modelRight && isAdversarialModel(mb)) counters[C.adversarial_wrong_outputs]!++;
    const wr = workRng.get(agent);
    const ab = agents.behavior[agent]!;
    let right = modelRight;
    if (isAdversarialAgent(ab)) right = false;
    else if (ab === A.lazy && wr.uniform() >= config.agents.lazyEffort) right = false;
    agents.correct[agent] = right ? 1 : 0;
    engine.schedule(wr.exponential(1 / config.agents.workTime), kinds.submit, agent);
  }

  function onSubmit(agent: number): void {
    const task = agents.task[agent]!;
    const cost = config.agents.computeCost;
    books.pay(agents.account(agent), OUTSIDE, cost, "compute-cost");
    agents.executions[agent]!++;
    tasks.executions[task]!++;
    counters[C.executions]!++;
    // Work that earned nothing: its compute and its fee were wasted.
    const waste = cost + agents.feePaid[agent]!;
    if (!Number.isNaN(tasks.completedAt[task]!)) {
      counters[C.duplicate_executions]!++;
      counters[C.wasted_compute_micro]! += waste;
    } else if (tasks.expired[task] === 1) {
      counters[C.late_executions]!++;
      counters[C.wasted_compute_micro]! += waste;
    } else if (!verify(w, auditRng, agent, agents.model[agent]!, agents.correct[agent] === 1, engine.now)) {
      counters[C.rejected_results]!++; // caught: not paid, the task stays open
      counters[C.wasted_compute_micro]! += waste;
      maybeWhitewash(agent);
    } else {
      const value = tasks.value[task]!;
      tasks.completedAt[task] = engine.now;
      tasks.close(task);
      books.pay(OUTSIDE, agents.account(agent), value, "task-value");
      agents.wins[agent]!++;
      if (agents.paidSinceIdentity[agent] === 0) {
        agents.paidSinceIdentity[agent] = 1;
        if (agents.identities[agent]! > 1) counters[C.whitewash_successes]!++;
      }
      counters[C.tasks_completed]!++;
      counters[C.latency_sum_h]! += engine.now - tasks.arrival[task]!;
      if (agents.correct[agent] === 0) {
        counters[C.wrong_results_paid]!++;
        counters[C.value_paid_wrong_micro]! += value;
      }
      if (isAdversarialAgent(agents.behavior[agent]!)) counters[C.adversarial_results_paid]!++;
    }
    policies.coordination.onFinish?.(agent, task, tasks, engine.now);
    tasks.inFlightCount[task]!--;
    tasks.releaseIfDone(task);
    agents.task[agent] = NO_TASK;
    engine.schedule(scanDelay(agent), kinds.scan, agent);
  }

  /** A whitewasher whose reputation fell below the threshold comes back as a fresh identity. */
  function maybeWhitewash(agent: number): void {
    if (agents.behavior[agent] !== A.whitewasher) return;
    if (policies.trust.reputation(Kind.agent, agent) >= config.agents.whitewashThreshold) return;
    policies.trust.reset(Kind.agent, agent);
    agents.identities[agent]!++;
    agents.paidSinceIdentity[agent] = 0;
    counters[C.whitewashes]!++;
  }

  for (let a = 0; a < agents.count; a++) engine.schedule(scanDelay(a), kinds.scan, a);
  engine.schedule(nextArrivalDelay(0), kinds.arrival, -1);
}

/**
 * Time to the next arrival of a Poisson process whose rate is multiplied by
 * `burst.factor` during [k·every, k·every + duration). Exact: an exponential
 * draw that would cross a rate change is discarded and redrawn from the change
 * (memorylessness), so the process is the true piecewise-constant-rate one.
 */
export function arrivalDelay(
  now: number,
  rate: number,
  burst: { every: number; duration: number; factor: number } | undefined,
  exponential: (rate: number) => number,
): number {
  if (burst === undefined || burst.factor === 1) return exponential(rate);
  let t = now;
  for (;;) {
    const phase = t - Math.floor(t / burst.every) * burst.every;
    const inBurst = phase < burst.duration;
    const change = inBurst ? t - phase + burst.duration : t - phase + burst.every;
    const candidate = t + exponential(inBurst ? rate * burst.factor : rate);
    if (candidate < change) return candidate - now;
    t = change;
  }
}
