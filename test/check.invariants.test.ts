// Every invariant of the catalogue: it holds on generated scenarios, and its
// check catches a deliberate violation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INVARIANT_NAMES, InvariantViolation, checkMetricBounds, checkRoundTrip, checkSameOutputs, serializeScenario } from "../src/check/invariants.js";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/load.js";
import type { Scenario } from "../src/scenario/schema.js";
import { checkAttributionAxioms } from "../src/sim/economy/axioms.js";
import { settleModelEscrow } from "../src/sim/economy/settlement.js";
import type { Economy } from "../src/sim/economy/world.js";
import { Engine } from "../src/sim/engine/index.js";
import { Apportioner } from "../src/sim/ledger/index.js";
import { coverageShapley } from "../src/policies/attribution/coverageShapley.js";
import { CoverageGame } from "../src/policies/attribution/coverage.js";
import { grandValue } from "../src/policies/attribution/game.js";

const BASE = `
name: inv
duration: 48
window: 12
epoch: 12
world: { domains: 2, unitsPerDomain: 100 }
providers: { count: 12, mix: { honest: 0.5, duplicator: 0.25, sybil: 0.25 }, contributionRate: 0.3, datasetSize: 6 }
models: { count: 2, retrainEvery: 12 }
agents: { count: 10, mix: { honest: 0.7, malicious: 0.1, whitewasher: 0.2 } }
validators: { count: 3, sampleRate: 0.5 }
emissions: { perEpoch: 1000 }
tasks: { rate: 6 }
`;

function scenario(overrides: string[] = [], seed?: number): Scenario {
  return loadScenarioText(BASE, "inv.yaml", { catalog: builtinCatalog, overrides, ...(seed !== undefined ? { seed } : {}) });
}

const arbitraryCase = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  attribution: fc.constantFrom("uniform", "volume", "coverage-shapley", "shapley-mc", "first-contributor", "rag-retrieval", "leave-one-out", "replication-robust"),
  rewards: fc.constantFrom("fixed-split", "stake-weighted", "quality-gated"),
  trust: fc.constantFrom("none", "ema", "beta", "eigentrust", "stake-slash", "clipped-approval"),
  settlement: fc.constantFrom("epoch", "final"),
  agents: fc.integer({ min: 1, max: 20 }),
});

function caseScenario(c: { seed: number; attribution: string; rewards: string; trust: string; settlement: string; agents: number }): Scenario {
  return scenario([`policies.attribution=${c.attribution}`, `policies.rewards=${c.rewards}`, `policies.trust=${c.trust}`, `settlement=${c.settlement}`, `agents.count=${c.agents}`], c.seed);
}

function violation(fn: () => unknown): InvariantViolation {
  try {
    fn();
  } catch (error) {
    for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof InvariantViolation) return e;
    throw error;
  }
  throw new Error("expected an invariant violation");
}

describe("the invariant catalogue", () => {
  it("names every invariant once, each with a description", () => {
    expect(new Set(INVARIANT_NAMES).size).toBe(INVARIANT_NAMES.length);
    expect(INVARIANT_NAMES).toEqual([
      "ledger-conservation", "non-negative-balances", "causality", "fee-split-efficiency", "attribution-efficiency",
      "shapley-axioms", "run-completes", "metric-bounds", "determinism", "scenario-round-trip",
    ]);
  });

  it("property: generated scenarios run with every in-run invariant enforced, within metric bounds, deterministically, and round-trip", () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const s = caseScenario(c);
        const a = simulate(s); // throws InvariantViolation on ledger, causality, split or axiom violations
        checkMetricBounds(a);
        checkSameOutputs(a, simulate(s));
        checkRoundTrip(s, "inv.yaml", builtinCatalog);
      }),
      { numRuns: 25 },
    );
  });
});

describe("each check catches a violation", () => {
  it("ledger-conservation: money created out of thin air (a balance bumped) or moved in without a counted flow", () => {
    const minted = violation(() =>
      simulate(scenario(), { onSnapshot: (t, w) => t === 12 && ((w.ledger as unknown as { balances: Float64Array }).balances[5]! += 7) }),
    );
    expect(minted.invariant).toBe("ledger-conservation");
    expect(minted.message).toContain("at t=24 the balances sum to 7 micro");
    const uncounted = violation(() => simulate(scenario(), { onSnapshot: (t, w) => t === 12 && w.ledger.transfer(0, 5, 100) }));
    expect(uncounted.message).toMatch(/at t=24 money inside is \d+ micro, but initial supply \+ emissions \+ task value - costs = \d+ \(difference 100\)/);
  });

  it("non-negative-balances: an inside account driven below zero while the totals still balance", () => {
    const v = violation(() =>
      simulate(scenario(), {
        onSnapshot: (t, w) => {
          if (t !== 48) return; // the last snapshot: only the end-of-run check sees it
          const b = (w.ledger as unknown as { balances: Float64Array }).balances;
          const moved = b[5]! + 3;
          b[5]! -= moved;
          b[6]! += moved;
        },
      }),
    );
    expect(v.invariant).toBe("non-negative-balances");
    expect(v.message).toMatch(/at t=48 account .* holds -3 micro/);
  });

  it("causality: scheduling into the past", () => {
    const engine = new Engine();
    const k = engine.defineKind("k", () => engine.scheduleAt(0.5, k, 0));
    engine.scheduleAt(1, k, 0);
    expect(violation(() => engine.run({ until: 2 })).invariant).toBe("causality");
  });

  it("attribution-efficiency: an escrow not paid out exactly by the credits", () => {
    let economy: Economy | undefined;
    simulate(scenario(["duration=24"]), { onSnapshot: (_t, w) => (economy = w) });
    const w = economy!;
    const m = 0;
    w.ledger.transfer(0, w.models.escrowAccount(m), 1000);
    const short = new Apportioner();
    const split = short.split.bind(short);
    short.split = (total, weights, out) => split(total - 1, weights, out); // loses one micro
    const v = violation(() => settleModelEscrow(w, m, short));
    expect(v.invariant).toBe("attribution-efficiency");
    expect(v.message).toBe("invariant attribution-efficiency violated: model 0's escrow of 1000 micro was paid out by credits leaving 1 micro");
  });

  it("shapley-axioms: efficiency and symmetry, checked only for policies that claim them", () => {
    const units = [[0, 1], [0, 1], [2]];
    const version = (credits: number[]) => ({ credits: Float64Array.from(credits), value: 3, quality: () => 1, units: (i: number) => units[i]! });
    expect(() => checkAttributionAxioms({ credit() {} }, version([1, 1, 5]))).not.toThrow();
    const inefficient = violation(() => checkAttributionAxioms({ credit() {}, axioms: ["efficiency"] }, version([1, 1, 5])));
    expect(inefficient.message).toContain("claims efficiency, but its credits sum to 7 while the version's value v(N) is 3");
    const asymmetric = violation(() => checkAttributionAxioms({ credit() {}, axioms: ["symmetry"] }, version([0.5, 1.5, 1])));
    expect(asymmetric.message).toContain("interchangeable players 0 and 1 got credits 0.5 and 1.5");
    // Absolute credits (shares of v(N), e.g. replication-robust) may sum to less than v(N), never more.
    expect(() => checkAttributionAxioms({ credit() {}, credits: "absolute" }, version([0.5, 0.5, 1]))).not.toThrow();
    const over = violation(() => checkAttributionAxioms({ credit() {}, credits: "absolute" }, version([1, 1, 5])));
    expect(over.message).toContain("credits are absolute shares of v(N), but they sum to 7, more than the version's value v(N) = 3");
    // coverage-shapley satisfies both on random coverage games.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 5 }), fc.constantFrom(0.25, 0.5, 1)), { minLength: 1, maxLength: 8 }), (players) => {
        const game = CoverageGame.fromSpec({ units: players.map(([u]) => u), quality: players.map(([, q]) => q), weights: Array.from({ length: 10 }, (_, i) => 1 + (i % 3)) });
        const credits = coverageShapley(game);
        const value = grandValue(game);
        checkAttributionAxioms({ credit() {}, axioms: ["efficiency", "symmetry"] }, { credits, value, quality: (i) => players[i]![1], units: (i) => players[i]![0] });
      }),
    );
  });

  it("metric-bounds: a share above 1, a NaN, completed > arrived", () => {
    const ok = simulate(scenario());
    expect(() => checkMetricBounds(ok)).not.toThrow();
    expect(violation(() => checkMetricBounds({ ...ok, summary: { ...ok.summary, duplicate_execution_share: 1.5 } })).message).toContain("summary duplicate_execution_share = 1.5, outside [0, 1]");
    expect(violation(() => checkMetricBounds({ ...ok, summary: { ...ok.summary, provider_reward_gini: NaN } })).message).toContain("provider_reward_gini is NaN");
    expect(violation(() => checkMetricBounds({ ...ok, summary: { ...ok.summary, tasks_completed: 1e9 } })).message).toContain("tasks_completed 1000000000 > tasks_arrived");
    const rows = ok.timeseries.map((r, i) => (i === 2 ? { ...r, whitewash_success_share_cum: 2 } : r));
    expect(violation(() => checkMetricBounds({ ...ok, timeseries: rows })).message).toContain("timeseries t_h=36 whitewash_success_share_cum = 2");
  });

  it("metric-bounds has no tolerance: one last bit past a bound fails, the bound itself passes", () => {
    const ok = simulate(scenario());
    const above = 1 + Number.EPSILON; // 1.0000000000000002, what (Σy)²/(nΣy²) gave for equal rewards
    expect(violation(() => checkMetricBounds({ ...ok, summary: { ...ok.summary, agent_reward_jain: above } })).message).toContain("agent_reward_jain = 1.0000000000000002, outside [0, 1]");
    expect(violation(() => checkMetricBounds({ ...ok, summary: { ...ok.summary, tasks_expired: -Number.MIN_VALUE } })).message).toContain("tasks_expired = -5e-324");
    const gauge = ok.timeseries.map((r, i) => (i === 0 ? { ...r, agent_reward_gini_now: above } : r));
    expect(violation(() => checkMetricBounds({ ...ok, timeseries: gauge })).message).toContain("agent_reward_gini_now = 1.0000000000000002");
    expect(() => checkMetricBounds({ ...ok, summary: { ...ok.summary, agent_reward_jain: 1, sybil_gain: -1 } })).not.toThrow();
  });

  it("determinism: any difference between two runs of one seed", () => {
    const a = simulate(scenario());
    const b = { ...a, summary: { ...a.summary, tasks_arrived: Number(a.summary.tasks_arrived) + 1 } };
    expect(violation(() => checkSameOutputs(a, b)).message).toContain("the same seed gave summary tasks_arrived");
  });

  it("scenario-round-trip: a scenario that reloads differently, or does not reload, is caught", () => {
    const s = scenario(["policies.trust.use=ema", "policies.trust.params.beta=0.3"]);
    expect(serializeScenario(s)).toContain("beta: 0.3");
    // A scenario object that is not what loading produces (a param default missing) reloads differently.
    const incomplete = { ...s, policies: { ...s.policies, trust: { use: "ema", params: {} } } };
    expect(violation(() => checkRoundTrip(incomplete, "inv.yaml", builtinCatalog)).message).toContain("the serialized scenario loads as a different scenario");
    const broken = { ...s, window: s.duration + 1 };
    expect(violation(() => checkRoundTrip(broken, "inv.yaml", builtinCatalog)).message).toContain("the serialized scenario does not load");
  });
});
