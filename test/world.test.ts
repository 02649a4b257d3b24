import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildEconomy, simulate } from "../src/runner/simulate.js";
import { loadScenario, loadScenarioText } from "../src/scenario/index.js";
import type { Scenario } from "../src/scenario/schema.js";
import { AGENT_BEHAVIORS, MODEL_BEHAVIORS, PROVIDER_BEHAVIORS, VALIDATOR_BEHAVIORS } from "../src/sim/economy/behaviors.js";
import { C } from "../src/sim/economy/counters.js";
import { slashValidator } from "../src/sim/economy/settlement.js";
import { Engine } from "../src/sim/engine/index.js";
import { SLASHED } from "../src/sim/ledger/index.js";
import { ENTITY_KINDS } from "../src/sim/economy/kinds.js";
import { scenarioJsonSchema } from "../src/scenario/index.js";
import { builtinCatalog } from "../src/policies/catalog.js";
import { ROOT } from "./helpers/cli.js";

const SMALL = `
name: small
duration: 120
window: 12
epoch: 12
world: { domains: 2, unitsPerDomain: 200 }
providers: { count: 30, mix: { honest: 0.4, duplicator: 0.2, spammer: 0.2, sybil: 0.1, free-rider: 0.1 }, contributionRate: 0.2, datasetSize: 8, sybilIdentities: 3 }
models: { count: 4, mix: { honest: 0.5, degraded: 0.25, malicious: 0.25 }, retrainEvery: 24, capacity: 2 }
agents: { count: 25, mix: { honest: 0.4, lazy: 0.2, malicious: 0.2, whitewasher: 0.2 }, scanInterval: 1, initialBalance: 5000000 }
validators: { count: 5, mix: { honest: 0.4, colluding: 0.3, lazy: 0.3 }, sampleRate: 0.5, stake: 1000000, checkCost: 500 }
emissions: { perEpoch: 12345, decay: 0.1 }
tasks: { rate: 15, value: { uniform: [1000, 90000] }, deadline: 6 }
policies:
  trust: ema
  adaptation: { use: imitation, params: { every: 24, rate: 0.3 } }
`;

const small = (overrides: string[] = []): Scenario => loadScenarioText(SMALL, "small.yaml", { catalog: builtinCatalog, overrides });
const n = (v: unknown) => v as number;

describe("behaviour labels", () => {
  it("each kind's scenario mix accepts exactly the kind's labels, in the table's order", () => {
    const schema = scenarioJsonSchema(builtinCatalog) as { properties: Record<string, { properties: { mix: { properties: Record<string, unknown> } } }> };
    for (const kind of ENTITY_KINDS) expect(Object.keys(schema.properties[kind.population]!.properties.mix.properties)).toEqual([...kind.behaviors]);
    expect(ENTITY_KINDS.map((k) => k.behaviors)).toEqual([PROVIDER_BEHAVIORS, MODEL_BEHAVIORS, AGENT_BEHAVIORS, VALIDATOR_BEHAVIORS]);
  });
});

describe("conservation of money", () => {
  it("property: at every snapshot, money inside = initial supply + emissions + task payments − costs paid out, and all balances sum to 0", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom("none", "exact", "overlap"),
        fc.integer({ min: 0, max: 50_000 }),
        fc.constantFrom("uniform", "coverage-shapley", "first-contributor", "rag-retrieval", "volume", "replication-robust"),
        fc.constantFrom("fixed-split", "stake-weighted", "quality-gated"),
        fc.constantFrom("ema", "beta", "stake-slash", "clipped-approval", "eigentrust"),
        (seed, providers, agents, validators, dedup, emission, attribution, rewards, trust) => {
          const s = small([
            `seed=${seed}`,
            `providers.count=${providers}`,
            `agents.count=${agents}`,
            `validators.count=${validators}`,
            `datanets.dedup=${dedup}`,
            `emissions.perEpoch=${emission}`,
            `policies.attribution=${attribution}`,
            `policies.rewards=${rewards}`,
            `policies.trust=${trust}`,
            "duration=72",
          ]);
          let snapshots = 0;
          simulate(s, {
            onSnapshot: (_t, w) => {
              snapshots++;
              const c = w.counters;
              expect(w.ledger.imbalance()).toBe(0);
              const costsOut = c[C.executions]! * s.agents.computeCost + c[C.contribution_cost_micro]! + c[C.verifications]! * s.validators.checkCost;
              expect(w.ledger.insideSupply()).toBe(w.initialSupply + c[C.emitted_micro]! + c[C.task_value_paid_micro]! - costsOut);
              for (let a = 5; a < w.ledger.accountCount; a++) expect(w.ledger.balance(a)).toBeGreaterThanOrEqual(0);
            },
          });
          expect(snapshots).toBe(6);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("slashing moves stake to the slashed account and keeps the books balanced", () => {
    const w = buildEconomy(small());
    w.install(new Engine());
    const before = w.ledger.balance(w.validators.stakeAccount(2));
    expect(slashValidator(w, 2, 0.25)).toBe(before / 4);
    expect(w.ledger.balance(SLASHED)).toBe(before / 4);
    expect(w.counters[C.slashed_micro]).toBe(before / 4);
    expect(w.ledger.imbalance()).toBe(0);
    expect(() => slashValidator(w, 2, 1.5)).toThrow(/fraction must be in \[0,1\], got 1.5/);
  });
});

describe("the world at work", () => {
  it("is deterministic: same scenario and seed, identical outputs; another seed, different", () => {
    const dump = (s: Scenario) => {
      const r = simulate(s);
      return JSON.stringify([r.summary, r.timeseries, [...r.entities.rows()]]);
    };
    expect(dump(small())).toBe(dump(small()));
    expect(dump(small(["seed=2"]))).not.toBe(dump(small()));
  });

  it("data fees settle to contributors in proportion to attribution credits (uniform: equal per training contribution)", () => {
    const { summary } = simulate(small());
    expect(n(summary.data_rewards_micro)).toBeGreaterThan(0);
    expect(n(summary.retrains)).toBeGreaterThan(0);
    expect(n(summary.net_profit_micro_provider)).not.toBe(0);
    expect(n(summary.contributions)).toBeGreaterThan(n(summary.contributions_accepted) - 1);
  });

  it("dedup: exact rejects exact copies, overlap rejects near-copies too", () => {
    const none = simulate(small(["datanets.dedup=none"])).summary;
    const exact = simulate(small(["datanets.dedup=exact"])).summary;
    const overlap = simulate(small(["datanets.dedup=overlap", "datanets.overlapThreshold=0.5"])).summary;
    expect(none.rejected_uploads).toBe(0);
    expect(n(exact.rejected_uploads)).toBeGreaterThan(0);
    expect(n(overlap.rejected_uploads)).toBeGreaterThan(n(exact.rejected_uploads));
  });

  it("duplicated task work appears without coordination and grows with the number of agents", () => {
    const dup = (agents: number) => n(simulate(small([`agents.count=${agents}`, "agents.mix={honest: 1}", "validators.count=0", "duration=96"])).summary.duplicate_executions);
    const counts = [5, 20, 80].map(dup);
    expect(counts[0]).toBeGreaterThanOrEqual(0);
    expect(counts[1]).toBeGreaterThan(counts[0]!);
    expect(counts[2]).toBeGreaterThan(2 * counts[1]!);
  });

  it("verification rejects wrong results and EMA reputation separates honest from malicious agents", () => {
    const r = simulate(small(["agents.count=60", "validators.mix={honest: 1}", "validators.sampleRate=1", "duration=200", "policies.adaptation=none"]));
    expect(n(r.summary.rejected_results)).toBeGreaterThan(0);
    const rows = [...r.entities.rows()].filter((row) => row[1] === "agent");
    const mean = (label: string) => {
      const reps = rows.filter((row) => row[3] === label).map((row) => n(row[8]));
      return reps.reduce((a, b) => a + b, 0) / reps.length;
    };
    expect(mean("honest")).toBeGreaterThan(mean("malicious") + 0.3);
  });
});

describe("bundled scenarios", () => {
  it("openledger-baseline: entities.csv has every entity kind and every behaviour its mixes name", () => {
    const s = loadScenario(join(ROOT, "scenarios/openledger-baseline.yaml"), { catalog: builtinCatalog, overrides: ["duration=48"] });
    expect([s.providers.count, s.models.count, s.agents.count, s.validators.count]).toEqual([1000, 50, 5000, 30]);
    const { entities } = simulate(s);
    const seen = new Set<string>();
    for (const row of entities.rows()) seen.add(`${row[1]}:${row[3]}`);
    const named = (kind: string, labels: readonly string[], mix: Partial<Record<string, number>>) => labels.filter((b) => (mix[b] ?? 0) > 0).map((b) => `${kind}:${b}`);
    const expected = [
      ...named("provider", PROVIDER_BEHAVIORS, s.providers.mix),
      ...named("model", MODEL_BEHAVIORS, s.models.mix),
      ...named("agent", AGENT_BEHAVIORS, s.agents.mix),
      ...named("validator", VALIDATOR_BEHAVIORS, s.validators.mix),
    ];
    expect(expected.length).toBe(PROVIDER_BEHAVIORS.length + MODEL_BEHAVIORS.length + AGENT_BEHAVIORS.length + VALIDATOR_BEHAVIORS.length - 4); // all but weight-copier, badmouthing, inverter and spy
    expect([...seen].sort()).toEqual(expected.sort());
    expect(entities.columns.slice(0, 9)).toEqual(["id", "kind", "index", "behavior", "initial_behavior", "balance_micro", "reward_micro", "cost_micro", "reputation"]);
  });

  it("attack-copycat: with imitation and uniform attribution the duplicator share grows over time", () => {
    const s = loadScenario(join(ROOT, "scenarios/attack-copycat.yaml"), { catalog: builtinCatalog });
    expect(s.policies.attribution.use).toBe("uniform");
    const { timeseries } = simulate(s);
    const share = timeseries.map((row) => n(row.provider_share_duplicator_now));
    expect(share.at(-1)!).toBeGreaterThan(share[0]! + 0.1);
  });

  it("attack-copycat: copy_gain is higher under volume than under first-contributor; coverage-shapley tracks true Shapley shares best", () => {
    const run = (attribution: string) =>
      simulate(loadScenario(join(ROOT, "scenarios/attack-copycat.yaml"), { catalog: builtinCatalog, overrides: ["policies.adaptation=none", "duration=1000", `policies.attribution=${attribution}`] })).summary;
    const volume = run("volume");
    const first = run("first-contributor");
    const shapley = run("coverage-shapley");
    expect(n(volume.copy_gain)).toBeGreaterThan(n(first.copy_gain));
    expect(n(first.copy_gain)).toBeLessThan(0); // copies earn less per unit spent than original data when provenance is paid
    expect(n(shapley.shapley_tv_distance)).toBeLessThan(n(volume.shapley_tv_distance) / 3);
  });

  it("shapley_tv_distance is 0 under coverage-shapley with exact (final) settlement, up to integer rounding", () => {
    // One domain, so every model's final version is the same game; a large fee pot makes
    // the rounding of integer micro-units (at most n/2 micro of TV mass) smaller than 1e-9.
    const run = (settlement: string) =>
      simulate(
        loadScenario(join(ROOT, "scenarios/attack-copycat.yaml"), {
          catalog: builtinCatalog,
          overrides: ["policies.adaptation=none", "policies.attribution=coverage-shapley", "world.domains=1", "duration=500", "models.feePerCall=20000000", "agents.initialBalance=10000000000000", `settlement=${settlement}`],
        }),
      ).summary;
    const exact = run("final");
    expect(exact.ledger_imbalance_micro).toBe(0);
    expect(n(exact.shapley_tv_distance)).toBeLessThan(1e-9);
    expect(n(run("epoch").shapley_tv_distance)).toBeGreaterThan(0.05); // paying by each epoch's versions drifts from the final truth
  });

  it("sybil clusters of sybilIdentities members form even when sybil ids are not adjacent, and every member uploads", () => {
    const r = simulate(small(["providers.count=60", "providers.mix={honest: 0.7, sybil: 0.3}", "providers.sybilIdentities=3", "duration=200", "policies.adaptation=none"]));
    const sybils = [...r.entities.rows()].filter((row) => row[1] === "provider" && row[4] === "sybil");
    expect(sybils.length).toBeGreaterThan(6);
    expect(sybils.every((row) => n(row[9]) > 0)).toBe(true);
  });

  it("attack-sybil: splitting pays under uniform attribution, and not under split-proof coverage-shapley or volume", () => {
    const gain = (attribution: string) =>
      simulate(loadScenario(join(ROOT, "scenarios/attack-sybil.yaml"), { catalog: builtinCatalog, overrides: ["duration=300", `policies.attribution=${attribution}`] })).summary.sybil_gain;
    // Share points of credit gained by splitting: a fifth of the credit under uniform, none under split-proof policies.
    expect(n(gain("uniform"))).toBeGreaterThan(0.1);
    expect(gain("coverage-shapley")).toBe(0);
    expect(gain("volume")).toBe(0);
  });

  it("attack-collusion: reputation separates malicious from honest agents (AUC near 1)", () => {
    const { summary, entities } = simulate(loadScenario(join(ROOT, "scenarios/attack-collusion.yaml"), { catalog: builtinCatalog, overrides: ["duration=300"] }));
    expect(n(summary.reputation_auc_agent)).toBeGreaterThan(0.9);
    expect(n(summary.reputation_spearman)).toBeGreaterThan(0.3);
    expect(summary.reputation_auc_model).toBeNull(); // every model is honest: no negatives to separate
    // 100 malicious agents are detected (below the honest median) within days; colluding validators, unrated by ema, are not.
    expect(n(summary.mean_detection_time_h)).toBeGreaterThan(0);
    expect(n(summary.mean_detection_time_h)).toBeLessThan(150);
    const rows = [...entities.rows()];
    const adversaries = (kind: string) => rows.filter((r) => r[1] === kind && r[4] !== "honest").length;
    expect(summary.undetected_count).toBe(adversaries("validator"));
    const blind = simulate(loadScenario(join(ROOT, "scenarios/attack-collusion.yaml"), { catalog: builtinCatalog, overrides: ["duration=300", "policies.trust=none"] })).summary;
    expect(blind.mean_detection_time_h).toBeNull();
    expect(blind.undetected_count).toBe(adversaries("agent") + adversaries("validator"));
  });

  it("trust outcome shares: malicious service, false slashes and successful whitewashes are bounded shares", () => {
    const { summary } = simulate(small(["duration=200", "policies.trust=stake-slash", "validators.sampleRate=1"]));
    for (const key of ["malicious_served_share", "whitewash_success_share", "false_slash_share"]) {
      const v = summary[key];
      if (v !== null) expect([key, n(v) >= 0 && n(v) <= 1]).toEqual([key, true]);
    }
    expect(n(summary.malicious_served_share)).toBeGreaterThan(0);
  });

  it("every bundled scenario starts with a comment saying what question it asks", () => {
    for (const name of ["openledger-baseline", "attack-copycat", "attack-sybil", "attack-collusion", "attack-whitewashing", "spam-flood"]) {
      const text = readFileSync(join(ROOT, `scenarios/${name}.yaml`), "utf8");
      expect(text.split("\n").slice(0, 12).join("\n")).toMatch(/# Question: /);
    }
  });
});
