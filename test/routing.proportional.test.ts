// proportional-trust routing (EigenTrust §5/§6 source selection): the exact rule on
// hand-worked reputations, and the spread over 20 equally good models where
// softmax-trust over EigenTrust's t / max t sends nearly every call to one.
import { describe, expect, it } from "vitest";
import { proportionalTrust } from "../src/policies/routing/proportionalTrust.js";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/index.js";
import type { Economy } from "../src/sim/economy/world.js";
import type { ModelsView } from "../src/sim/economy/seams.js";
import { RngStreams } from "../src/sim/rng/index.js";

const build = (params: unknown = {}, seed = 1) => {
  const streams = new RngStreams(seed);
  return proportionalTrust.create(proportionalTrust.schema.parse(params), { stream: (name: string) => streams.stream(`test.${name}`) });
};
const view = (reps: number[]): ModelsView => ({
  count: reps.length,
  candidateCount: () => reps.length,
  candidate: (_d, i) => i,
  load: () => 0,
  capacity: () => 1,
  reputation: (m) => reps[m]!,
});
const frequencies = (reps: number[], calls: number, params: unknown = {}) => {
  const policy = build(params);
  const v = view(reps);
  const counts = new Array<number>(reps.length).fill(0);
  for (let k = 0; k < calls; k++) counts[policy.chooseModel(0, 0, v)]!++;
  return counts.map((c) => c / calls);
};
/** Each frequency within 4 binomial standard deviations of its probability. */
const expectNear = (f: number[], p: number[], calls: number) => p.forEach((q, i) => expect(Math.abs(f[i]! - q)).toBeLessThanOrEqual(4 * Math.sqrt((q * (1 - q)) / calls) + 1e-12));

describe("proportional-trust routing", () => {
  const N = 40_000;
  it("sends newcomerShare of calls uniformly to zero-reputation candidates and the rest in proportion to reputation", () => {
    // reps 0.5, 0.25, 0.25, 0, 0: 0.9 × (0.5, 0.25, 0.25) / 1 and 0.1 / 2 to each zero.
    expectNear(frequencies([0.5, 0.25, 0.25, 0, 0], N), [0.45, 0.225, 0.225, 0.05, 0.05], N);
    expectNear(frequencies([0.5, 0.25, 0.25, 0, 0], N, { newcomerShare: 0.3 }), [0.35, 0.175, 0.175, 0.15, 0.15], N);
  });

  it("is proportional when no candidate is at 0, uniform when all are, and never picks a zero with newcomerShare 0", () => {
    expectNear(frequencies([0.6, 0.3, 0.1], N), [0.6, 0.3, 0.1], N);
    expectNear(frequencies([0, 0, 0, 0], N), [0.25, 0.25, 0.25, 0.25], N);
    const f = frequencies([1, 0, 0.5], N, { newcomerShare: 0 });
    expect(f[1]).toBe(0);
    expectNear(f, [2 / 3, 0, 1 / 3], N);
  });

  it("is reproducible from its stream", () => {
    const v = view([0.5, 0.2, 0, 0.9]);
    const a = build({}, 4);
    const b = build({}, 4);
    for (let k = 0; k < 200; k++) expect(a.chooseModel(0, 0, v)).toBe(b.chooseModel(0, 0, v));
  });

  it("spreads 20 equal reputations evenly: the busiest of 10 000 calls takes at most 1/20 + 0.02", () => {
    // Each count is Binomial(10 000, 1/20); Hoeffding and a union bound over 20 models:
    // P(max share > 1/20 + ε) <= 20 exp(−2 · 10 000 · ε²) = 20 e^−8 ≈ 0.7% at ε = 0.02.
    const f = frequencies(new Array<number>(20).fill(0.7), 10_000);
    expect(Math.max(...f)).toBeLessThanOrEqual(1 / 20 + 0.02);
  });

  it("rejects a newcomerShare outside [0,1], naming the field", () => {
    expect(() => proportionalTrust.schema.parse({ newcomerShare: 1.5 })).toThrow(/newcomerShare/);
  });
});

describe("20 equally good models under EigenTrust", () => {
  const busiest = (routing: string, seed: number) => {
    const text = `
name: equal-models
seed: ${seed}
duration: 240
epoch: 6
world: { domains: 1, unitsPerDomain: 100 }
models: { count: 20, baseQuality: 0.95, capacity: 50 }
agents: { count: 100, scanInterval: 1 }
validators: { count: 10, sampleRate: 0.3 }
tasks: { rate: 60 }
policies:
  trust: eigentrust
  routing: ${routing}
`;
    let economy: Economy | undefined;
    simulate(loadScenarioText(text, "equal-models.yaml", { catalog: builtinCatalog }), { onSnapshot: (_t, e) => (economy = e) });
    const calls = Array.from(economy!.models.callsServed);
    return Math.max(...calls) / calls.reduce((a, b) => a + b, 0);
  };

  it("proportional-trust: the busiest serves under 20% (softmax-trust: over 90%)", () => {
    // EigenTrust's t grows with a model's approved outputs, so routing ∝ t is a Pólya urn: the shares
    // settle at a Dirichlet draw whose parameters are the first epoch's approvals per model (a >= 2 here),
    // and a Beta(2, 38) share exceeds 0.2 with probability below 1e-3 (4.4 sd), 2% over 20 models.
    // softmax-trust at T = 0.1 weighs a model at t / max t = 0.5 by e^−5 against the best one.
    for (const seed of [1, 2]) {
      expect(busiest("proportional-trust", seed)).toBeLessThan(0.2);
      expect(busiest("softmax-trust", seed)).toBeGreaterThan(0.9);
    }
  });
});
