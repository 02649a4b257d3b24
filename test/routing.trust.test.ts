// Trust-aware routing: greedy-trust and softmax-trust over a fake ModelsView.
import { describe, expect, it } from "vitest";
import { greedyTrust } from "../src/policies/routing/greedyTrust.js";
import { softmaxTrust } from "../src/policies/routing/softmaxTrust.js";
import type { PolicyDefinition } from "../src/policies/types.js";
import type { ModelsView, RoutingPolicy } from "../src/sim/economy/seams.js";
import { RngStreams } from "../src/sim/rng/index.js";

const ctx = (seed = 1) => {
  const streams = new RngStreams(seed);
  return { stream: (name: string) => streams.stream(`test.${name}`) };
};
const build = <P>(def: PolicyDefinition<RoutingPolicy, P>, params: unknown = {}, seed = 1): RoutingPolicy => def.create(def.schema.parse(params), ctx(seed));

interface FakeModel {
  rep: number;
  load?: number;
  capacity?: number;
}

/** Models 0..n-1; `domains[d]` lists domain d's candidates in the order the view returns them. */
function modelsView(models: FakeModel[], domains: number[][]): ModelsView {
  return {
    count: models.length,
    candidateCount: (d) => domains[d]!.length,
    candidate: (d, i) => domains[d]![i]!,
    load: (m) => models[m]!.load ?? 0,
    capacity: (m) => models[m]!.capacity ?? 1,
    reputation: (m) => models[m]!.rep,
  };
}

const frequencies = (policy: RoutingPolicy, view: ModelsView, domain: number, calls: number) => {
  const counts = new Array<number>(view.count).fill(0);
  for (let k = 0; k < calls; k++) counts[policy.chooseModel(0, domain, view)]!++;
  return counts.map((c) => c / calls);
};

describe("greedy-trust routing", () => {
  it("picks the most reputable model of the task's domain", () => {
    const view = modelsView([{ rep: 0.9 }, { rep: 0.2 }, { rep: 0.7 }, { rep: 0.8 }], [[1, 2, 3], [0]]);
    const policy = build(greedyTrust);
    expect(policy.chooseModel(0, 0, view)).toBe(3);
    expect(policy.chooseModel(0, 1, view)).toBe(0);
  });

  it("breaks reputation ties by load/capacity, then by lowest model index", () => {
    const models: FakeModel[] = [{ rep: 0.5 }, { rep: 0.8, load: 4, capacity: 2 }, { rep: 0.8, load: 3, capacity: 2 }, { rep: 0.8, load: 3, capacity: 2 }, { rep: 0.8, load: 6, capacity: 4 }];
    const policy = build(greedyTrust);
    expect(policy.chooseModel(0, 0, modelsView(models, [[1, 2]]))).toBe(2);
    expect(policy.chooseModel(0, 0, modelsView(models, [[4, 3, 2, 1, 0]]))).toBe(2); // 2, 3 and 4 all at 1.5
    expect(policy.chooseModel(0, 0, modelsView(models, [[3, 4, 1]]))).toBe(3);
  });

  it("explores uniformly with probability `explore`, reproducibly from its stream", () => {
    const view = modelsView([{ rep: 1 }, { rep: 0 }, { rep: 0 }, { rep: 0 }], [[0, 1, 2, 3]]);
    const f = frequencies(build(greedyTrust, { explore: 0.4 }), view, 0, 40_000);
    expect(f[0]).toBeCloseTo(0.6 + 0.1, 1);
    for (const m of [1, 2, 3]) expect(Math.abs(f[m]! - 0.1)).toBeLessThan(0.01);
    const a = build(greedyTrust, { explore: 0.4 }, 9);
    const b = build(greedyTrust, { explore: 0.4 }, 9);
    const picks = (p: RoutingPolicy) => Array.from({ length: 50 }, () => p.chooseModel(0, 0, view));
    expect(picks(a)).toEqual(picks(b));
  });
});

describe("softmax-trust routing", () => {
  it("draws models with frequencies proportional to exp(reputation / temperature)", () => {
    const reps = [0.2, 0.5, 0.9, 0.5];
    const view = modelsView(reps.map((rep) => ({ rep })), [[0, 1, 2, 3]]);
    const T = 0.25;
    const weights = reps.map((r) => Math.exp(r / T));
    const total = weights.reduce((a, b) => a + b, 0);
    const calls = 100_000;
    const f = frequencies(build(softmaxTrust, { temperature: T }), view, 0, calls);
    weights.forEach((w, m) => {
      const p = w / total;
      expect(Math.abs(f[m]! - p), `model ${m}`).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / calls));
    });
  });

  it("only draws the domain's candidates, and does not overflow at tiny temperatures", () => {
    const view = modelsView([{ rep: 0 }, { rep: 1 }, { rep: 0.999 }, { rep: 1 }], [[3], [0, 2, 1]]);
    const policy = build(softmaxTrust, { temperature: 1e-6 });
    for (let k = 0; k < 100; k++) {
      expect(policy.chooseModel(0, 0, view)).toBe(3);
      expect(policy.chooseModel(0, 1, view)).toBe(1);
    }
  });

  it("is uniform at a huge temperature and replays exactly for a seed", () => {
    const view = modelsView([{ rep: 0 }, { rep: 1 }], [[0, 1]]);
    const f = frequencies(build(softmaxTrust, { temperature: 1e6 }), view, 0, 20_000);
    expect(Math.abs(f[0]! - 0.5)).toBeLessThan(0.015);
    const picks = (seed: number) => {
      const p = build(softmaxTrust, { temperature: 0.5 }, seed);
      return Array.from({ length: 50 }, () => p.chooseModel(0, 0, view));
    };
    expect(picks(4)).toEqual(picks(4));
    expect(picks(4)).not.toEqual(picks(5));
  });
});

describe("routing params validation", () => {
  const message = (def: PolicyDefinition<RoutingPolicy, unknown>, params: unknown) => {
    const r = def.schema.safeParse(params);
    expect(r.success).toBe(false);
    return r.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  };
  it("names the bad value and fills defaults", () => {
    expect(message(softmaxTrust as never, { temperature: 0 })).toBe("temperature: expected a number in (0,1000000], got 0");
    expect(message(softmaxTrust as never, { temperature: -1 })).toBe("temperature: expected a number in (0,1000000], got -1");
    expect(message(greedyTrust as never, { explore: 1.2 })).toBe("explore: expected a number in [0,1], got 1.2");
    expect(message(greedyTrust as never, { epsilon: 0.1 })).toMatch(/epsilon/);
    expect(softmaxTrust.schema.parse({})).toEqual({ temperature: 0.1 });
    expect(greedyTrust.schema.parse({})).toEqual({ explore: 0 });
  });
});
