// The world of docs/design.md ("World model"): knowledge units and datanets, providers, models,
// agents, validators, tasks and one ledger. This file builds the state; the
// event handlers live in the *Flow modules, each installing its own kinds.
import type { Engine } from "../engine/index.js";
import { Knowledge, ContributionStore, Datanets } from "../data/index.js";
import { Ledger, OUTSIDE, TREASURY } from "../ledger/index.js";
import { Books } from "./books.js";
import type { RngStreams } from "../rng/index.js";
import { Agents } from "./agents.js";
import { behaviorFromDraw, behaviorsByCount, isCountMix, P } from "./behaviors.js";
import { validatorStakes } from "./stakes.js";
import { ValidatorObservations } from "./validatorWeights.js";
import { ENTITY_KINDS } from "./kinds.js";
import type { EconomyConfig } from "./config.js";
import { createCounters } from "./counters.js";
import { Models } from "./models.js";
import type { Population } from "./population.js";
import { Providers } from "./providers.js";
import type { EconomyPolicies } from "./seams.js";
import { Tasks } from "./tasks.js";
import { Validators } from "./validators.js";
import { installTaskFlow } from "./taskFlow.js";
import { installDataFlow } from "./dataFlow.js";
import { DataStakes } from "./dataStakes.js";
import { installSettlement } from "./settlement.js";
import { installAdaptation } from "./adaptationFlow.js";

export class Economy {
  readonly ledger = new Ledger();
  readonly counters = createCounters();
  readonly knowledge: Knowledge;
  readonly contributions: ContributionStore;
  readonly datanets: Datanets;
  readonly providers: Providers;
  readonly models: Models;
  readonly agents: Agents;
  readonly validators: Validators;
  readonly tasks = new Tasks();
  /** The one payment path: flows move money only through `books.pay`. */
  readonly books: Books;
  /** What each validator observed of each model, for the weight vectors Yuma reads (only under a trust policy that shares emission: it is validators × models). */
  readonly validatorObservations: ValidatorObservations | undefined;
  /** Data staking state (datanets.staking); undefined when staking is off. */
  readonly dataStakes: DataStakes | undefined;
  /** Micro-units each contribution has earned (by contribution id; grows with the store). */
  contributionEarned = new Float64Array(1024);

  private scratch = new Float64Array(16);

  /** A reusable buffer of at least n slots for settlement splits. */
  settlementScratch(n: number): Float64Array {
    if (this.scratch.length < n) this.scratch = new Float64Array(n * 2);
    return this.scratch;
  }

  /**
   * Pay a data share to the provider of contribution `c` and record what the
   * contribution earned. Every data reward passes here, so this is where a
   * penalised provider's cut is taken (data staking): it receives
   * floor(amount × rewardFactor) and the rest goes to the treasury.
   */
  payContribution(from: number, c: number, amount: number): void {
    const p = this.contributions.provider[c]!;
    const paid = this.dataStakes === undefined ? amount : this.dataStakes.rewardAfterPenalty(this.providers.penaltyScore[p]!, amount);
    if (paid < amount) this.books.pay(from, TREASURY, amount - paid, "penalty-cut");
    this.books.pay(from, this.providers.account(p), paid, "data-reward");
    this.creditContribution(c, paid);
  }

  private creditContribution(c: number, amount: number): void {
    if (c >= this.contributionEarned.length) {
      const grown = new Float64Array(Math.max(c + 1, this.contributionEarned.length * 2));
      grown.set(this.contributionEarned);
      this.contributionEarned = grown;
    }
    this.contributionEarned[c]! += amount;
  }

  constructor(
    readonly config: EconomyConfig,
    readonly policies: EconomyPolicies,
    readonly streams: RngStreams,
  ) {
    const { world } = config;
    this.knowledge = world.unitWeights.explicit
      ? new Knowledge(world.domains, world.unitsPerDomain, Float64Array.from(world.unitWeights.explicit))
      : Knowledge.zipfKnowledge(world.domains, world.unitsPerDomain, world.unitWeights.zipf ?? 1);
    this.contributions = new ContributionStore();
    const staking = config.datanets.staking;
    const reviewing = staking !== undefined && staking.stake > 0;
    // Data review judges redundancy by the datanet's overlap rule, so staking keeps the overlap index in every dedup mode.
    this.datanets = new Datanets(this.knowledge, this.contributions, { mode: config.datanets.dedup, threshold: config.datanets.overlapThreshold, indexOverlaps: reviewing });
    const { ledger } = this;
    // Each kind's accounts, opened in the kinds table's order (so account ids, and the ledger's sums, never depend on anything else).
    const [[provider, dataStake], [model, escrow], [agent], [validator, stake]] = ENTITY_KINDS.map((kind) => kind.accounts.map((prefix) => ledger.openAccounts(prefix, config[kind.population].count))) as [[number, number], [number, number], [number], [number, number]];
    this.providers = new Providers(config.providers.count, provider, dataStake);
    this.models = new Models(config.models.count, config.models.capacity, model, escrow, world.domains);
    this.agents = new Agents(config.agents.count, agent);
    this.validators = new Validators(config.validators.count, validator, stake);
    this.models.trust = policies.trust;
    this.validatorObservations = policies.trust.emission === undefined ? undefined : new ValidatorObservations(config.validators.count, config.models.count, config.validators.weightMemory);
    this.books = new Books(ledger, this.counters);
    this.books.register(this.providers, this.models, this.agents, this.validators);
    this.books.registerHeld(this.providers, dataStake);
    this.dataStakes = reviewing ? new DataStakes(staking) : undefined;
    this.assignBehaviors();
    this.placeProviders();
  }

  /** Money brought in at genesis (endowments and stakes), for the conservation check. */
  get initialSupply(): number {
    return this.books.initialSupply;
  }

  /** Endow every entity from outside, lock validator stakes, and install every flow's event kinds. */
  install(engine: Engine): void {
    const { books, config } = this;
    const endow = (pop: Population, amount: number) => {
      for (let i = 0; i < pop.count; i++) books.pay(OUTSIDE, pop.account(i), amount, "genesis");
    };
    endow(this.providers, config.providers.initialBalance);
    endow(this.agents, config.agents.initialBalance);
    const stakes = validatorStakes(config.validators, this.streams);
    for (let v = 0; v < this.validators.count; v++) {
      books.pay(OUTSIDE, this.validators.account(v), config.validators.initialBalance + stakes[v]!, "genesis");
      books.pay(this.validators.account(v), this.validators.stakeAccount(v), stakes[v]!, "stake-lock");
    }
    installTaskFlow(this, engine);
    installDataFlow(this, engine);
    installSettlement(this, engine);
    installAdaptation(this, engine);
  }

  /** Each member's behaviour from its own draw: by the mix's fractions, or, for a mix of counts, by the draws' rank (exactly that many of each). */
  private assignBehaviors(): void {
    const { config, streams } = this;
    for (const kind of ENTITY_KINDS) {
      const pop: Population = this[kind.population];
      const mix = config[kind.population].mix;
      const draws = new Float64Array(pop.count);
      for (let i = 0; i < pop.count; i++) draws[i] = streams.draw(`${kind.name}.behavior`, i);
      // EigenTrust's threat models: honest validators first, so pre-trusted validators 0..k-1 are honest (docs/eigentrust.md).
      if (kind.population === "validators" && config.validators.honestFirst) draws.forEach((_, i) => (draws[i] = i));
      if (isCountMix(mix)) behaviorsByCount(draws, kind.behaviors, mix, pop.behavior);
      else for (let i = 0; i < pop.count; i++) pop.behavior[i] = behaviorFromDraw(draws[i]!, kind.behaviors, mix);
      pop.initialBehavior.set(pop.behavior);
    }
  }

  /**
   * Give each provider a specialty domain and niche centre (its own stream), and
   * group sybils, in id order, into clusters of `sybilIdentities` (linked by
   * `nextMember`); a cluster's first member (the leader) draws the shared dataset.
   */
  private placeProviders(): void {
    const { providers, config, knowledge } = this;
    let leader = -1;
    let last = -1;
    let members = 0;
    for (let p = 0; p < providers.count; p++) {
      const rng = this.streams.detached("provider.place", p);
      providers.domain[p] = rng.int(knowledge.domains);
      providers.niche[p] = rng.int(knowledge.unitsPerDomain);
      if (providers.behavior[p] !== P.sybil) continue;
      if (leader < 0 || members >= config.providers.sybilIdentities) {
        leader = p;
        members = 0;
      } else {
        providers.nextMember[last] = p;
      }
      providers.leader[p] = leader;
      last = p;
      providers.domain[p] = providers.domain[leader]!;
      members++;
    }
  }
}
