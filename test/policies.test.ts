import { describe, expect, it } from "vitest";
import { imitation } from "../src/policies/adaptation/imitation.js";
import { emaTrust } from "../src/policies/trust/ema.js";
import { uniformAttribution } from "../src/policies/attribution/uniform.js";
import { arrivalDelay } from "../src/sim/economy/taskFlow.js";
import { Kind } from "../src/sim/economy/seams.js";
import type { AttributionGame } from "../src/sim/economy/seams.js";
import { RngStreams } from "../src/sim/rng/index.js";

const ctx = (seed = 1) => {
  const streams = new RngStreams(seed);
  return { stream: (name: string) => streams.stream(`test.${name}`) };
};

describe("imitation adaptation", () => {
  const population = (behaviors: number[], profits: number[], adoptable = (b: number) => b !== 9) => ({
    count: behaviors.length,
    labels: 10,
    behavior: (i: number) => behaviors[i]!,
    profit: (i: number) => profits[i]!,
    adoptable,
  });

  it("with rate 1, every member copies its sampled peer only if the peer earned strictly more", () => {
    const policy = imitation.create(imitation.schema.parse({ every: 10, rate: 1 }), ctx());
    expect(policy.every).toBe(10);
    const streams = new RngStreams(3);
    const next = new Uint8Array(2);
    policy.adapt(population([0, 1], [5, 10]), (i) => streams.stream("adapt", i), next);
    expect([...next]).toEqual([1, 1]); // 0 copies 1 (richer); 1 keeps its own (peer poorer)
    policy.adapt(population([0, 1], [7, 7]), (i) => streams.stream("adapt", i), next);
    expect([...next]).toEqual([0, 1]); // ties change nothing
  });

  it("never moves members into or out of a non-adoptable behaviour, and rate 0 changes nothing", () => {
    const streams = new RngStreams(4);
    const next = new Uint8Array(3);
    const always = imitation.create(imitation.schema.parse({ rate: 1 }), ctx());
    always.adapt(population([9, 0, 9], [0, 1, 100]), (i) => streams.stream("a", i), next);
    expect([...next]).toEqual([9, 0, 9]);
    const never = imitation.create(imitation.schema.parse({ rate: 0 }), ctx());
    never.adapt(population([0, 1, 2], [0, 50, 100]), (i) => streams.stream("b", i), next);
    expect([...next]).toEqual([0, 1, 2]);
  });
});

describe("ema trust", () => {
  it("follows R <- (1 - beta) R + beta x for agents and models, and resets to the initial value", () => {
    const trust = emaTrust.create(emaTrust.schema.parse({ beta: 0.5 }), ctx());
    expect(trust.reputation(Kind.agent, 3)).toBe(0.5);
    trust.report(0, 3, 1, false, 0);
    expect(trust.reputation(Kind.agent, 3)).toBe(0.25);
    expect(trust.reputation(Kind.model, 1)).toBe(0.25);
    trust.report(0, 3, 1, true, 1);
    expect(trust.reputation(Kind.agent, 3)).toBe(0.625);
    trust.reset(Kind.agent, 3);
    expect(trust.reputation(Kind.agent, 3)).toBe(0.5);
    expect(trust.reputation(Kind.validator, 0)).toBe(0.5);
  });
});

describe("uniform attribution", () => {
  it("credits every player equally", () => {
    const policy = uniformAttribution.create({} as never, ctx());
    const out = new Float64Array(4).fill(-1);
    policy.credit({ players: 3 } as AttributionGame, out);
    expect([...out]).toEqual([1, 1, 1, -1]);
  });
});

describe("bursty arrivals", () => {
  it("without bursts, the delay is one exponential draw", () => {
    expect(arrivalDelay(5, 2, undefined, (rate) => 1 / rate)).toBe(0.5);
  });

  it("redraws at rate changes (memorylessness), so the burst rate applies inside bursts", () => {
    const burst = { every: 10, duration: 2, factor: 100 };
    // Outside a burst (t = 5) a long draw crosses into the next burst at t = 10, then uses the burst rate.
    const rates: number[] = [];
    const delay = arrivalDelay(5, 1, burst, (rate) => (rates.push(rate), rates.length === 1 ? 7 : 0.5 / rate));
    expect(rates).toEqual([1, 100]);
    expect(delay).toBeCloseTo(5 + 0.005, 12);
  });

  it("property-style check: the long-run arrival rate matches the time-averaged rate", () => {
    const streams = new RngStreams(9);
    const rng = streams.stream("arrivals");
    const burst = { every: 10, duration: 2, factor: 5 };
    let t = 0;
    let count = 0;
    while (t < 20_000) {
      t += arrivalDelay(t, 1, burst, (rate) => rng.exponential(rate));
      count++;
    }
    const expected = 20_000 * (0.8 * 1 + 0.2 * 5); // 36,000
    expect(Math.abs(count - expected) / expected).toBeLessThan(0.02);
  });
});

describe("rewards policies", () => {
  const call = (reputation: number, stake: number) => ({ model: 0, agent: 0, modelReputation: () => reputation, totalStake: () => stake });
  const split = (def: { schema: { parse(x: unknown): unknown }; create(p: never, c: never): { splitFee(f: number, o: Float64Array, c: never): void } }, params: unknown, fee: number, c: ReturnType<typeof call>) => {
    const policy = def.create(def.schema.parse(params) as never, ctx() as never);
    const out = new Float64Array(5);
    policy.splitFee(fee, out, c as never);
    return [...out];
  };

  it("fixed-split splits exactly by the shares [data, model, agent, validators, treasury]", async () => {
    const { fixedSplit } = await import("../src/policies/rewards/fixedSplit.js");
    expect(split(fixedSplit as never, {}, 1001, call(0.5, 0))).toEqual([400, 451, 0, 100, 50]);
  });

  it("quality-gated withholds the model's and data's shares from a model below the threshold", async () => {
    const { qualityGated } = await import("../src/policies/rewards/qualityGated.js");
    expect(split(qualityGated as never, { threshold: 0.6 }, 1000, call(0.7, 0))).toEqual([400, 450, 0, 100, 50]);
    expect(split(qualityGated as never, { threshold: 0.6 }, 1000, call(0.5, 0))).toEqual([0, 0, 0, 100, 900]);
  });

  it("stake-weighted scales the validators' share by total stake / stakeTarget, capped at 1", async () => {
    const { stakeWeighted } = await import("../src/policies/rewards/stakeWeighted.js");
    expect(split(stakeWeighted as never, { stakeTarget: 1000 }, 1000, call(0.5, 250))).toEqual([400, 450, 0, 25, 125]);
    expect(split(stakeWeighted as never, { stakeTarget: 1000 }, 1000, call(0.5, 5000))).toEqual([400, 450, 0, 100, 50]);
  });

  it("rejects shares that do not sum to 1", async () => {
    const { fixedSplit } = await import("../src/policies/rewards/fixedSplit.js");
    expect(() => fixedSplit.schema.parse({ data: 0.9 })).toThrow(/sum|= 1/);
  });
});
