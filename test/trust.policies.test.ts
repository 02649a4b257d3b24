// Behaviour of the trust policies on small report sequences, with a fake
// ValidatorsView standing in for the world's validators.
import { describe, expect, it } from "vitest";
import { betaTrust } from "../src/policies/trust/beta.js";
import { eigenTrust as eigenTrustPolicy } from "../src/policies/trust/eigentrust.js";
import { eigenTrust } from "../src/policies/trust/math/eigenTrust.js";
import { stakeWeightedMedian } from "../src/policies/trust/math/weightedMedian.js";
import { noTrust } from "../src/policies/trust/none.js";
import { emaTrust } from "../src/policies/trust/ema.js";
import { stakeSlashTrust } from "../src/policies/trust/stakeSlash.js";
import { clippedApprovalTrust } from "../src/policies/trust/clippedApproval.js";
import type { PolicyDefinition } from "../src/policies/types.js";
import { Kind, type TrustPolicy, type ValidatorsView } from "../src/sim/economy/seams.js";
import { RngStreams } from "../src/sim/rng/index.js";

const ctx = (seed = 1) => {
  const streams = new RngStreams(seed);
  return { stream: (name: string) => streams.stream(`test.${name}`) };
};
const build = <P>(def: PolicyDefinition<TrustPolicy, P>, params: unknown = {}): TrustPolicy => def.create(def.schema.parse(params), ctx());

/** Validators with the given stakes; slashing moves stake out and is logged. */
function validatorsView(stakes: number[]): ValidatorsView & { slashes: [number, number][] } {
  const slashes: [number, number][] = [];
  return {
    slashes,
    count: stakes.length,
    stake: (v) => stakes[v]!,
    models: 0,
    weights: () => {},
    slash(v, fraction) {
      const amount = Math.floor(stakes[v]! * fraction);
      stakes[v]! -= amount;
      slashes.push([v, fraction]);
      return amount;
    },
  };
}

/**
 * One epoch of reports: every validator judges every agent `rounds` times (agent i
 * uses model i % models). Agent i's results are correct iff truth(i); validator v
 * reports verdict(v, truth).
 */
function epoch(trust: TrustPolicy, opts: { validators: number; agents: number; models?: number; rounds?: number; truth: (agent: number) => boolean; verdict?: (v: number, truth: boolean) => boolean }): void {
  const { validators, agents, models = 1, rounds = 1, truth, verdict = (_v, t) => t } = opts;
  for (let r = 0; r < rounds; r++) {
    for (let a = 0; a < agents; a++) for (let v = 0; v < validators; v++) trust.report(v, a, a % models, verdict(v, truth(a)), r);
  }
}

describe("trust policies: shared contract", () => {
  const all: [string, PolicyDefinition<TrustPolicy, never>][] = [
    ["none", noTrust as PolicyDefinition<TrustPolicy, never>],
    ["ema", emaTrust as PolicyDefinition<TrustPolicy, never>],
    ["beta", betaTrust as PolicyDefinition<TrustPolicy, never>],
    ["eigentrust", eigenTrustPolicy as PolicyDefinition<TrustPolicy, never>],
    ["stake-slash", stakeSlashTrust as PolicyDefinition<TrustPolicy, never>],
    ["clipped-approval", clippedApprovalTrust as PolicyDefinition<TrustPolicy, never>],
  ];
  for (const [name, def] of all) {
    it(`${name}: reputations stay in [0,1], unseen entities read 1/2 by default, and a run replays exactly`, () => {
      const run = () => {
        const trust = build(def);
        const view = validatorsView([100, 100, 100, 100]);
        const seen: number[] = [];
        for (let e = 0; e < 3; e++) {
          epoch(trust, { validators: 4, agents: 6, models: 2, rounds: 2, truth: (a) => a % 3 !== 0, verdict: (v, t) => (v === 3 ? true : t) });
          trust.onEpoch?.(e, view);
          for (const kind of [Kind.provider, Kind.model, Kind.agent, Kind.validator]) {
            for (let id = 0; id < 7; id++) seen.push(trust.reputation(kind, id));
          }
        }
        return seen;
      };
      const first = run();
      for (const x of first) expect(x >= 0 && x <= 1).toBe(true);
      expect(run()).toEqual(first);
      expect(build(def).reputation(Kind.agent, 123)).toBe(0.5);
    });
  }
});

describe("beta trust", () => {
  it("ranks an always-wrong agent and its model below an always-right one, and resets to 1/2", () => {
    const trust = build(betaTrust, { forgetting: 1 });
    for (let k = 0; k < 10; k++) {
      trust.report(0, 1, 1, true, k);
      trust.report(0, 2, 2, false, k);
    }
    expect(trust.reputation(Kind.agent, 1)).toBe(11 / 12);
    expect(trust.reputation(Kind.agent, 2)).toBe(1 / 12);
    expect(trust.reputation(Kind.model, 2)).toBe(1 / 12);
    expect(trust.reputation(Kind.validator, 0)).toBe(0.5);
    trust.reset(Kind.agent, 2);
    expect(trust.reputation(Kind.agent, 2)).toBe(0.5);
    expect(trust.reputation(Kind.model, 2)).toBe(1 / 12);
  });

  it("with forgetting, a reformed agent recovers faster", () => {
    const history = (forgetting: number) => {
      const trust = build(betaTrust, { forgetting });
      for (let k = 0; k < 50; k++) trust.report(0, 0, 0, false, k);
      for (let k = 0; k < 20; k++) trust.report(0, 0, 0, true, k);
      return trust.reputation(Kind.agent, 0);
    };
    expect(history(1)).toBeCloseTo(21 / 72, 12);
    expect(history(0.9)).toBeGreaterThan(0.8);
  });
});

describe("stake-slash trust", () => {
  const truth = (a: number) => a % 2 === 0;

  it("slashes the validator that always contradicts the majority, and no honest one", () => {
    const trust = build(stakeSlashTrust, { slashFraction: 0.1, minReports: 10 });
    const view = validatorsView([1000, 1000, 1000, 1000, 1000]);
    epoch(trust, { validators: 5, agents: 10, truth, verdict: (v, t) => (v === 4 ? !t : t) });
    trust.onEpoch!(168, view);
    expect(view.slashes).toEqual([[4, 0.1]]);
    expect(view.stake(4)).toBe(900);
    expect(trust.reputation(Kind.validator, 4)).toBe(1 / 3);
    for (let v = 0; v < 4; v++) expect(trust.reputation(Kind.validator, v)).toBe(2 / 3);
    // Agents and models are rated as in beta: the honest majority's verdicts dominate.
    expect(trust.reputation(Kind.agent, 0)).toBeGreaterThan(trust.reputation(Kind.agent, 1));
  });

  it("slashes a lazy validator that approves everything once wrong results are common", () => {
    const trust = build(stakeSlashTrust, { minReports: 10 });
    const view = validatorsView([100, 100, 100, 100]);
    epoch(trust, { validators: 4, agents: 10, truth, verdict: (v, t) => (v === 0 ? true : t) });
    trust.onEpoch!(1, view);
    expect(view.slashes).toEqual([[0, 0.05]]);
  });

  it("forgives the disagreement every honest validator sees on agents with mixed results", () => {
    const trust = build(stakeSlashTrust, { minReports: 10, tolerance: 0.1, memory: 0 });
    const view = validatorsView([100, 100, 100, 100, 100]);
    // Agents 0..5 are right 3 times in 4 (each validator checks different results), 6..9 always
    // wrong; validator 4 approves everything. Honest validators disagree with the others' majority
    // on 6 of their 40 reports (0.15, above the tolerance), the lazy one on 16 (0.4).
    for (let r = 0; r < 4; r++) {
      for (let a = 0; a < 10; a++) for (let v = 0; v < 5; v++) trust.report(v, a, 0, v === 4 || (a < 6 && (a + v + r) % 4 !== 0), r);
    }
    trust.onEpoch!(1, view);
    expect(view.slashes).toEqual([[4, 0.05]]);
  });

  it("compares only reports on agents other validators judged, and assesses only from minReports", () => {
    const trust = build(stakeSlashTrust, { minReports: 3, tolerance: 0 });
    const view = validatorsView([100, 100, 100]);
    // Validator 2 alone judges agents 10..19 (always rejecting) and shares only agents 0 and 1 with
    // the others, disagreeing on both: 2 compared reports < minReports.
    for (let a = 10; a < 20; a++) trust.report(2, a, 0, false, 0);
    epoch(trust, { validators: 3, agents: 2, truth: () => true, verdict: (v) => v !== 2 });
    trust.onEpoch!(1, view);
    expect(view.slashes).toEqual([]);
    expect(trust.reputation(Kind.validator, 2)).toBe(0.5);
  });

  it("remembers past disagreement for `memory` (0: each epoch alone)", () => {
    const slashes = (memory: number) => {
      const trust = build(stakeSlashTrust, { slashFraction: 0.5, minReports: 10, memory });
      const view = validatorsView([100, 100, 100, 100, 100]);
      epoch(trust, { validators: 5, agents: 10, truth, verdict: (v, t) => (v === 4 ? !t : t) });
      trust.onEpoch!(1, view);
      epoch(trust, { validators: 5, agents: 10, truth });
      trust.onEpoch!(2, view);
      return view.slashes;
    };
    expect(slashes(0)).toEqual([[4, 0.5]]);
    // With memory 0.5 the second epoch's rate is 5 / 15 = 1/3, still above the tolerance.
    expect(slashes(0.5)).toEqual([
      [4, 0.5],
      [4, 0.5],
    ]);
  });
});

describe("eigentrust trust", () => {
  // Validators 0 and 1 are honest; validator 2 vouches for agent 1, whose results are wrong.
  const reports = (trust: TrustPolicy) => {
    trust.report(0, 0, 0, true, 0);
    trust.report(0, 1, 0, false, 0);
    trust.report(1, 0, 0, true, 0);
    trust.report(1, 1, 0, false, 0);
    trust.report(2, 0, 0, true, 0);
    trust.report(2, 1, 0, true, 0);
  };
  // The documented peer graph [v0, v1, v2, a0, a1, m0]: verdict nets on subjects, and
  // pairwise agreement on shared subjects (agent 0: all agree; agent 1: v2 disagrees;
  // model 0: v0 and v1 are net 0, so no agreement term).
  const graph = [
    [0, 2, 0, 1, -1, 0],
    [2, 0, 0, 1, -1, 0],
    [0, 0, 0, 1, 1, 2],
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
  ];

  for (const [preTrusted, P] of [[0, [0, 1, 2]], [1, [0]], [2, [0, 1]]] as const) {
    it(`matches the dense power iteration on the documented graph (preTrusted ${preTrusted}: P = {${P.join(", ")}})`, () => {
      const trust = build(eigenTrustPolicy, { alpha: 0.2, preTrusted, epsilon: 1e-13 });
      reports(trust);
      trust.onEpoch!(1, validatorsView([1, 1, 1]));
      const { t } = eigenTrust(graph, P, 0.2, 1e-13, 10_000);
      const vmax = Math.max(t[0]!, t[1]!, t[2]!);
      for (let v = 0; v < 3; v++) expect(trust.reputation(Kind.validator, v)).toBeCloseTo(t[v]! / vmax, 10);
      const amax = Math.max(t[3]!, t[4]!);
      expect(trust.reputation(Kind.agent, 0)).toBeCloseTo(t[3]! / amax, 10);
      expect(trust.reputation(Kind.agent, 1)).toBeCloseTo(t[4]! / amax, 10);
      // Only validator 2 rates model 0; unless v2 is pre-trusted nobody trusts it, so the model gets 0.
      expect(trust.reputation(Kind.model, 0)).toBe(preTrusted === 0 ? 1 : 0);
      expect(trust.reputation(Kind.validator, 2)).toBeLessThan(trust.reputation(Kind.validator, 0));
      expect(trust.reputation(Kind.agent, 1)).toBeLessThan(trust.reputation(Kind.agent, 0));
    });
  }

  it("gives `initial` before the first epoch, to unrated entities, and after a reset", () => {
    const trust = build(eigenTrustPolicy, { initial: 0.4 });
    reports(trust);
    expect(trust.reputation(Kind.agent, 0)).toBe(0.4);
    trust.onEpoch!(1, validatorsView([1, 1, 1]));
    expect(trust.reputation(Kind.agent, 0)).toBe(1);
    expect(trust.reputation(Kind.agent, 5)).toBe(0.4);
    trust.reset(Kind.agent, 0);
    expect(trust.reputation(Kind.agent, 0)).toBe(0.4);
    trust.onEpoch!(2, validatorsView([1, 1, 1]));
    expect(trust.reputation(Kind.agent, 0)).toBe(0.4); // its old ratings are gone
    expect(trust.reputation(Kind.agent, 1)).toBe(1);
  });

  it("with pre-trusted honest validators, a colluding validator's favourite agent stays below honest agents", () => {
    const trust = build(eigenTrustPolicy, { preTrusted: 2 });
    // Agents 0..5 honest (always correct), 6..7 adversarial (always wrong); validator 3 vouches for them.
    epoch(trust, { validators: 4, agents: 8, models: 2, rounds: 3, truth: (a) => a < 6, verdict: (v, t) => (v === 3 ? true : t) });
    trust.onEpoch!(1, validatorsView([1, 1, 1, 1]));
    for (let bad = 6; bad < 8; bad++) for (let good = 0; good < 6; good++) expect(trust.reputation(Kind.agent, bad)).toBeLessThan(trust.reputation(Kind.agent, good));
    expect(trust.reputation(Kind.validator, 3)).toBeLessThan(trust.reputation(Kind.validator, 2));
  });
});

describe("clipped-approval trust", () => {
  it("stake-weighted median: the largest weight that kappa of the stake reaches", () => {
    const x = Float64Array.of(0.2, 0.6, 1.0);
    const idx = Int32Array.of(0, 1, 2);
    expect(stakeWeightedMedian(x, Float64Array.of(1, 1, 1.5), idx, 3, 0.5)).toBe(0.6);
    expect(stakeWeightedMedian(x, Float64Array.of(1, 1, 2), Int32Array.of(0, 1, 2), 3, 0.5)).toBe(1.0);
    expect(stakeWeightedMedian(x, Float64Array.of(1, 1, 2), Int32Array.of(0, 1, 2), 3, 1)).toBe(0.2);
    expect(stakeWeightedMedian(x, Float64Array.of(1, 1, 2), Int32Array.of(2, 0), 2, 0.5)).toBe(1.0);
    expect(stakeWeightedMedian(x, Float64Array.of(3, 1, 2), Int32Array.of(2, 0), 2, 0.5)).toBe(0.2);
    expect(() => stakeWeightedMedian(x, x, idx, 3, 2)).toThrow(/^stakeWeightedMedian: kappa/);
  });

  it("clips weights at consensus: reputation is the stake-weighted mean of clipped approval rates", () => {
    const trust = build(clippedApprovalTrust);
    // Agent 0, five reports per validator; approval rates 0.2, 0.6, 1.0 with stakes 1, 1, 1.5.
    const approvals = [1, 3, 5];
    for (let v = 0; v < 3; v++) for (let k = 0; k < 5; k++) trust.report(v, 0, 0, k < approvals[v]!, 0);
    trust.onEpoch!(1, validatorsView([1, 1, 1.5]));
    expect(trust.reputation(Kind.agent, 0)).toBeCloseTo((0.2 + 0.6 + 1.5 * 0.6) / 3.5, 12);
    // Validator trust = clipped / raw weight; bonds start at 1/2 and move by 0.1 toward it.
    expect(trust.reputation(Kind.validator, 0)).toBeCloseTo(0.9 * 0.5 + 0.1 * 1, 12);
    expect(trust.reputation(Kind.validator, 2)).toBeCloseTo(0.9 * 0.5 + 0.1 * 0.6, 12);
  });

  it("a minority colluder cannot lift an adversarial agent and loses bond; a stake majority can", () => {
    const run = (colluderStake: number) => {
      const trust = build(clippedApprovalTrust, { bondsAlpha: 0.5 });
      const view = validatorsView([100, 100, 100, colluderStake]);
      for (let e = 0; e < 4; e++) {
        epoch(trust, { validators: 4, agents: 6, rounds: 2, truth: (a) => a < 4, verdict: (v, t) => (v === 3 ? true : t) });
        trust.onEpoch!(e, view);
      }
      return trust;
    };
    const minority = run(100);
    expect(minority.reputation(Kind.agent, 5)).toBe(0);
    expect(minority.reputation(Kind.agent, 0)).toBe(1);
    expect(minority.reputation(Kind.validator, 0)).toBeGreaterThan(0.96);
    expect(minority.reputation(Kind.validator, 3)).toBeLessThan(0.72);
    const majority = run(1000);
    // Consensus is now the colluder's 1; honest weights (0) are below it and stay unclipped.
    expect(majority.reputation(Kind.agent, 5)).toBeCloseTo(1000 / 1300, 12);
  });
});

describe("trust params validation", () => {
  const message = (def: PolicyDefinition<TrustPolicy, unknown>, params: unknown) => {
    const r = def.schema.safeParse(params);
    expect(r.success).toBe(false);
    return r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  };
  it("names the bad value", () => {
    expect(message(betaTrust as never, { forgetting: 1.5 })).toBe("forgetting: expected a number in [0,1], got 1.5");
    expect(message(eigenTrustPolicy as never, { alpha: -0.1 })).toBe("alpha: expected a number in [0,1], got -0.1");
    expect(message(eigenTrustPolicy as never, { preTrusted: 1.5 })).toMatch(/^preTrusted: expected an integer in \[0,10000000\], got 1.5/);
    expect(message(eigenTrustPolicy as never, { epsilon: 0 })).toBe("epsilon: expected a number in (0,1], got 0");
    expect(message(stakeSlashTrust as never, { minReports: 0 })).toBe("minReports: expected a number in (0,1000000000], got 0");
    expect(message(stakeSlashTrust as never, { slashFraction: "high" })).toBe('slashFraction: expected a number in [0,1], got "high"');
    expect(message(clippedApprovalTrust as never, { kappa: 2 })).toBe("kappa: expected a number in [0,1], got 2");
    expect(message(clippedApprovalTrust as never, { kapa: 0.5 })).toMatch(/kapa/);
  });
  it("fills documented defaults", () => {
    expect(betaTrust.schema.parse({})).toEqual({ forgetting: 0.99 });
    expect(eigenTrustPolicy.schema.parse({})).toEqual({ alpha: 0.15, preTrusted: 0, epsilon: 1e-10, maxIterations: 1000, agreementWeight: 1, forgetting: 1, initial: 0.5 });
    expect(stakeSlashTrust.schema.parse({})).toEqual({ slashFraction: 0.05, tolerance: 0.1, minReports: 30, memory: 0.8, forgetting: 0.99 });
    expect(clippedApprovalTrust.schema.parse({})).toEqual({ kappa: 0.5, bondsAlpha: 0.1, initial: 0.5 });
  });
});
