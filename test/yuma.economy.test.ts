// Yuma Consensus in the economy: validators' weight vectors formed from their
// behaviour, the epoch's emission paid exactly by incentive and dividends, and
// the honest-emission guarantee E_H >= S_H measured per epoch.
import { describe, expect, it } from "vitest";
import { buildEconomy, simulate } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/index.js";
import { builtinCatalog } from "../src/policies/catalog.js";
import { M, V } from "../src/sim/economy/behaviors.js";
import { C } from "../src/sim/economy/counters.js";
import type { EmissionShares, ValidatorsView } from "../src/sim/economy/seams.js";
import { ValidatorObservations, validatorWeights, type WeightInputs } from "../src/sim/economy/validatorWeights.js";
import { Engine } from "../src/sim/engine/index.js";
import { apportion } from "../src/sim/ledger/index.js";
import { yumaEpoch } from "../src/policies/trust/math/yumaConsensus.js";

const world = (validators: string, extra = "") => `
name: yuma-economy
seed: 5
duration: 240
epoch: 24
world: { domains: 1, unitsPerDomain: 300 }
providers: { count: 20, contributionRate: 0.05 }
models: { count: 6, mix: { honest: 4, malicious: 2 }, retrainEvery: 24, capacity: 8, maliciousErrorRate: 0.9 }
agents: { count: 40, scanInterval: 1 }
validators: ${validators}
emissions: { perEpoch: 1000000000 }
tasks: { rate: 20 }
policies:
  trust: yuma
${extra}`;
const load = (text: string, overrides: string[] = []) => loadScenarioText(text, "yuma.yaml", { catalog: builtinCatalog, overrides });
const TEN = "[1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]";

describe("validators' weight vectors", () => {
  const obs = new ValidatorObservations(4, 3, 0.5);
  // Validator 0 approved model 0 three times of four and model 1 once of two; never saw model 2.
  for (const [m, ok] of [[0, true], [0, true], [0, true], [0, false], [1, true], [1, false]] as const) obs.observe(0, m, ok);
  const behaviors = [V.honest, V.colluding, V.lazy, V.weightCopier];
  const models = [M.honest, M.malicious, M.degraded];
  const consensus = [0.2, 0, 0.6];
  const emission = { split: { miners: 0.5, validators: 0.5, owner: 0 }, minerWeight: () => 0, validatorWeight: () => 0, consensus: (m: number) => consensus[m]! } satisfies EmissionShares;
  const inputs: WeightInputs = { observations: obs, validatorBehavior: (v: number) => behaviors[v]!, modelBehavior: (m: number) => models[m]!, emission };
  const weights = (v: number, inp: WeightInputs = inputs) => {
    const out = new Float64Array(3);
    validatorWeights(inp, v, out);
    return Array.from(out);
  };

  it("honest: the share of each model's results it approved; colluding: the adversarial models; lazy: all alike; weight-copier: last consensus", () => {
    expect(weights(0)).toEqual([0.75, 0.5, 0]);
    expect(weights(1)).toEqual([0, 1, 1]);
    expect(weights(2)).toEqual([1, 1, 1]);
    expect(weights(3)).toEqual([0.2, 0, 0.6]);
  });

  it("a weight-copier with no consensus to copy weighs every model alike; a cabal with no models of its own weighs as it observed", () => {
    expect(weights(3, { ...inputs, emission: undefined })).toEqual([1, 1, 1]);
    expect(weights(1, { ...inputs, modelBehavior: () => M.honest })).toEqual([0, 0, 0]); // validator 1 observed nothing
  });

  it("memory keeps that share of past epochs' counts", () => {
    const o = new ValidatorObservations(1, 1, 0.5);
    o.observe(0, 0, false);
    o.observe(0, 0, false);
    o.decay(); // 0 yes, 1 no left
    o.observe(0, 0, true);
    expect(o.approval(0, 0)).toBe(0.5);
  });
});

describe("yuma in the economy", () => {
  it("pays each epoch's emission exactly: 41/41/18 to models by incentive, validators by dividends, the treasury as owner", () => {
    const scenario = load(world(`{ count: 5, mix: { honest: 3, colluding: 2 }, stakes: { explicit: [300, 200, 100, 250, 150] }, sampleRate: 0.3 }`));
    const economy = buildEconomy(scenario);
    const trust = economy.policies.trust;
    // Record what the policy saw at each epoch and recompute the epoch independently.
    const expected = { incentive: 0, dividends: 0, honest: 0, cabal: 0 };
    const onEpoch = trust.onEpoch!.bind(trust);
    let bonds: Float64Array | undefined;
    trust.onEpoch = (now: number, view: ValidatorsView) => {
      const n = view.count;
      const m = view.models;
      const stake = Float64Array.from({ length: n }, (_, v) => view.stake(v));
      const weights = new Float64Array(n * m);
      for (let v = 0; v < n; v++) view.weights(v, weights.subarray(v * m, (v + 1) * m));
      onEpoch(now, view);
      const epoch = yumaEpoch(stake, weights, n, m, { kappa: 0.5, bondPenalty: 1, bondsAlpha: 0.1 }, bonds);
      bonds = epoch.bonds;
      const [miners, validators] = apportion(1_000_000_000, [0.41, 0.41, 0.18]);
      const toModels = apportion(miners!, epoch.incentive);
      const toValidators = apportion(validators!, epoch.dividends);
      for (let j = 0; j < m; j++) {
        expect(trust.emission!.minerWeight(j)).toBe(epoch.incentive[j]);
        expected.incentive += toModels[j]!;
        if (economy.models.behavior[j] === M.honest) expected.honest += toModels[j]!;
        else expected.cabal += toModels[j]!;
      }
      for (let v = 0; v < n; v++) {
        expected.dividends += toValidators[v]!;
        if (economy.validators.behavior[v] === V.honest) expected.honest += toValidators[v]!;
        else expected.cabal += toValidators[v]!;
      }
    };
    const engine = new Engine();
    economy.install(engine);
    engine.run({ until: 240 });
    const c = economy.counters;
    expect(c[C.emitted_micro]).toBe(10 * 1_000_000_000);
    expect(c[C.emission_incentive_micro]).toBe(expected.incentive);
    expect(c[C.emission_dividends_micro]).toBe(expected.dividends);
    expect(c[C.honest_emission_micro]).toBe(expected.honest);
    expect(c[C.cabal_emission_micro]).toBe(expected.cabal);
    expect(expected.incentive).toBe(10 * 410_000_000);
    expect(economy.ledger.imbalance()).toBe(0);
  });

  it("an honest 60% stake keeps at least its stake share of the emission; a cabal holding 60% takes the emission over", () => {
    const run = (mix: string) => simulate(load(world(`{ count: 10, mix: ${mix}, stakes: { explicit: ${TEN} }, sampleRate: 0.3 }`))).summary;
    const honestMajority = run("{ honest: 6, colluding: 4 }");
    expect(honestMajority.honest_stake_share).toBe(0.6);
    expect(honestMajority.honest_emission_share as number).toBeGreaterThan(0.6);
    expect(honestMajority.emission_guarantee_share as number).toBeGreaterThanOrEqual(0.9);
    const cabalMajority = run("{ honest: 4, colluding: 6 }");
    expect(cabalMajority.honest_stake_share).toBe(0.4);
    expect(cabalMajority.honest_emission_share as number).toBeLessThan(0.4);
    expect(cabalMajority.emission_guarantee_share).toBe(0);
    expect(cabalMajority.cabal_emission_share as number).toBeGreaterThan(honestMajority.cabal_emission_share as number);
  });

  it("models' reputations follow their clipped rank: honest models rank above the cabal's", () => {
    const economy = buildEconomy(load(world(`{ count: 10, mix: { honest: 6, colluding: 4 }, stakes: { explicit: ${TEN} }, sampleRate: 0.3 }`)));
    const engine = new Engine();
    economy.install(engine);
    engine.run({ until: 240 });
    const rep = (m: number) => economy.policies.trust.reputation(1, m);
    const honest = [0, 1, 2, 3, 4, 5].filter((m) => economy.models.behavior[m] === M.honest);
    const cabal = [0, 1, 2, 3, 4, 5].filter((m) => economy.models.behavior[m] !== M.honest);
    expect(Math.min(...honest.map(rep))).toBeGreaterThan(Math.max(...cabal.map(rep)));
  });

  it("weight-copiers, who check nothing, earn more dividends than the mean honest validator (the weight-copying problem Bittensor's commit-reveal answers)", () => {
    const text = world(`{ count: 8, mix: { honest: 6, weight-copier: 2 }, stakes: { explicit: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000] }, sampleRate: 0.3 }`).replace(
      "trust: yuma",
      "trust: yuma\n  rewards: { use: fixed-split, params: { data: 0.4, model: 0.5, agent: 0, validators: 0, treasury: 0.1 } }",
    );
    const economy = buildEconomy(load(text));
    const engine = new Engine();
    economy.install(engine);
    engine.run({ until: 240 });
    // With no fee share for validators, a validator's earnings are its emission dividends.
    const earned = (b: number) => [...economy.validators.behavior.keys()].filter((v) => economy.validators.behavior[v] === b).map((v) => economy.validators.reward[v]!);
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    expect(earned(V.weightCopier)).toHaveLength(2);
    expect(mean(earned(V.weightCopier))).toBeGreaterThan(mean(earned(V.honest)));
    expect(economy.counters[C.emission_dividends_micro]).toBe(10 * 410_000_000);
  });

  it("bad Yuma values name the field", () => {
    const base = world(`{ count: 2 }`);
    expect(() => load(base.replace("trust: yuma", "trust: { use: yuma, params: { split: { miners: 0.5, validators: 0.5, owner: 0.5 } } }"))).toThrow(/policies\.trust\.params\.split: expected miners \+ validators \+ owner = 1/);
    expect(() => load(base.replace("trust: yuma", "trust: { use: yuma, params: { liquidAlpha: { low: 0.9, high: 0.7 } } }"))).toThrow(/policies\.trust\.params\.liquidAlpha: expected 0 < low <= high < 1/);
    expect(() => load(base.replace("trust: yuma", "trust: { use: yuma, params: { kappa: 1.5 } }"))).toThrow(/policies\.trust\.params\.kappa: expected a number in \[0,1\], got 1.5/);
    expect(() => load(base, ["validators.weightMemory=2"])).toThrow(/validators\.weightMemory: expected a number in \[0,1\], got 2/);
    expect(() => load(base, ["validators.count=5000", "models.count=5000"])).toThrow(/validators\.count: yuma keeps a weight and a bond per \(validator, model\): 5,000 validators × 5,000 models = 25,000,000 cells; the limit is 10,000,000/);
  });
});
