// The part of a scenario the economy reads. Declared here (not imported from
// src/scenario) so the simulation core depends on nothing above it; a resolved
// Scenario satisfies it structurally.

export type ValueDistribution =
  | { fixed?: number; uniform?: readonly [number, number]; exponential?: { mean: number }; lognormal?: { mu: number; sigma: number } };

export interface EconomyConfig {
  models: { count: number; feePerCall: number; capacity: number; serviceTime: number };
  agents: {
    count: number;
    mix: Partial<Record<string, number>>;
    scanInterval: number;
    workTime: number;
    computeCost: number;
    initialBalance: number;
  };
  tasks: { rate: number; value: ValueDistribution; deadline: number };
}
