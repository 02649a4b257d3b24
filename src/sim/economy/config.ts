// The part of a scenario the economy reads. Declared here (not imported from
// src/scenario) so the simulation core depends on nothing above it; a resolved
// Scenario satisfies it structurally.

export type ValueDistribution = {
  fixed?: number;
  uniform?: readonly [number, number];
  exponential?: { mean: number };
  lognormal?: { mu: number; sigma: number };
};

type Mix = Partial<Record<string, number>>;

/** `datanets.staking` (docs/openledger-staking.md); absent or `stake: 0`: off. */
export interface DataStakingConfig {
  stake: number;
  lockPeriod: number;
  reviewShare: number;
  reviewDelay: number;
  reviewCost: number;
  slashFraction: number;
  slashTo: "treasury" | "reviewers";
  qualityThreshold: number;
  penalty: { perSlash: number; decay: number; threshold: number; rewardFactor: number };
}

export interface EconomyConfig {
  epoch: number;
  settlement: "epoch" | "final";
  world: { domains: number; unitsPerDomain: number; unitWeights: { zipf?: number; explicit?: readonly number[] } };
  providers: {
    count: number;
    mix: Mix;
    contributionRate: number;
    datasetSize: number;
    nicheSpread: number;
    quality: readonly [number, number];
    spamSizeFactor: number;
    spamQuality: number;
    nearCopyShare: number;
    nearCopyNoise: number;
    sybilIdentities: number;
    costPerContribution: number;
    costPerUnit: number;
    initialBalance: number;
  };
  datanets: { dedup: "none" | "exact" | "overlap"; overlapThreshold: number; staking?: DataStakingConfig };
  models: {
    count: number;
    mix: Mix;
    feePerCall: number;
    capacity: number;
    serviceTime: number;
    retrainEvery: number;
    baseQuality: number;
    degradedFactor: number;
    maliciousErrorRate: number;
  };
  agents: {
    count: number;
    mix: Mix;
    scanInterval: number;
    workTime: number;
    computeCost: number;
    initialBalance: number;
    lazyEffort: number;
    whitewashThreshold: number;
  };
  validators: {
    count: number;
    mix: Mix;
    sampleRate: number;
    stake: number;
    /** Per-validator stakes (replacing `stake`): an explicit list or a distribution drawn per validator. */
    stakes?: ValueDistribution & { explicit?: readonly number[] };
    checkCost: number;
    initialBalance: number;
    /** Share of past epochs' observations a validator keeps when it forms its weights (Yuma). */
    weightMemory: number;
    /** Colluding validators also approve results made with adversarial models' outputs (EigenTrust's collectives). */
    colludeOnModels: boolean;
    /** With a mix of counts, members take the labels in id order (honest first) rather than by their draws. */
    honestFirst: boolean;
  };
  emissions: { perEpoch: number; decay: number };
  tasks: {
    rate: number;
    burst?: { every: number; duration: number; factor: number };
    value: ValueDistribution;
    deadline: number;
  };
}
