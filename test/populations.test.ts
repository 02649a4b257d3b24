// Exact populations: behaviour mixes as whole counts, and validators' stakes
// per validator (an explicit list or a distribution).
import { describe, expect, it } from "vitest";
import { buildEconomy } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/index.js";
import { builtinCatalog } from "../src/policies/catalog.js";
import { behaviorsByCount, V } from "../src/sim/economy/behaviors.js";
import { Engine } from "../src/sim/engine/index.js";

const BASE = `
name: populations
duration: 24
models: { count: 2 }
agents: { count: 3 }
tasks: { rate: 1 }
`;
const load = (extra: string, overrides: string[] = []) => loadScenarioText(`${BASE}${extra}`, "populations.yaml", { catalog: builtinCatalog, overrides });
const installed = (extra: string, overrides: string[] = []) => {
  const economy = buildEconomy(load(extra, overrides));
  economy.install(new Engine());
  return economy;
};
const labelCounts = (behavior: Uint8Array, labels: number) => Array.from({ length: labels }, (_, b) => behavior.filter((x) => x === b).length);

describe("behaviour mixes as exact counts", () => {
  it("a mix of whole counts summing to the population gives exactly those counts, whatever the seed", () => {
    for (const seed of [1, 2, 3, 99]) {
      const w = buildEconomy(load(`validators: { count: 10, mix: { honest: 6, colluding: 4 } }\nseed: ${seed}\n`));
      expect(labelCounts(w.validators.behavior, 3)).toEqual([6, 4, 0]);
      expect(Array.from(w.validators.initialBehavior)).toEqual(Array.from(w.validators.behavior));
    }
  });

  it("fractions keep drawing each member's label from its own draw (counts only when the values do not sum to 1)", () => {
    const shares = buildEconomy(load("validators: { count: 10, mix: { honest: 0.6, colluding: 0.4 } }\n"));
    const counts = labelCounts(shares.validators.behavior, 3);
    expect(counts[0]! + counts[1]!).toBe(10); // the shares need not land on 6/4 exactly
  });

  it("ranks members by their own draws: the lowest draws take the first label", () => {
    const out = new Uint8Array(5);
    behaviorsByCount(Float64Array.from([0.9, 0.1, 0.5, 0.3, 0.7]), ["honest", "colluding", "lazy"], { honest: 2, lazy: 3 }, out);
    expect(Array.from(out)).toEqual([2, 0, 2, 0, 2]);
    expect(() => behaviorsByCount(new Float64Array(3), ["honest"], { honest: 2 }, new Uint8Array(3))).toThrow(/sum to 2, expected 3/);
  });

  it("counts that do not sum to the population, or fractions that do not sum to 1, name the field", () => {
    expect(() => load("validators: { count: 10, mix: { honest: 6, colluding: 3 } }\n")).toThrow(
      "populations.yaml:7:31 validators.mix: expected fractions summing to 1 (or whole counts summing to validators.count = 10), got a sum of 9",
    );
    expect(() => load("validators: { count: 10, mix: { honest: 6.5, colluding: 3.5 } }\n")).toThrow(/validators\.mix: expected fractions summing to 1 \(or whole counts/);
    expect(() => load("validators: { count: 2, mix: { honest: -1, colluding: 3 } }\n")).toThrow(/validators\.mix\.honest: expected a number in \[0,10000000\], got -1/);
    expect(() => load("", ["agents.mix.honest=2"])).toThrow(/agents\.mix: expected fractions summing to 1 \(or whole counts summing to agents\.count = 3\), got a sum of 2/);
  });

  it("an exact 60/40 stake split: counts plus one stake per validator", () => {
    const w = installed("validators: { count: 5, mix: { honest: 3, colluding: 2 }, stakes: { explicit: [100, 100, 100, 100, 100] } }\n");
    let honest = 0;
    let total = 0;
    for (let v = 0; v < 5; v++) {
      const s = w.ledger.balance(w.validators.stakeAccount(v));
      total += s;
      if (w.validators.behavior[v] === V.honest) honest += s;
    }
    expect(honest / total).toBe(0.6);
  });
});

describe("per-validator stakes", () => {
  it("an explicit list locks each validator's own stake and endows its balance beside it", () => {
    const w = installed("validators: { count: 3, stakes: { explicit: [5, 0, 1000000] }, initialBalance: 7 }\n");
    expect([0, 1, 2].map((v) => w.ledger.balance(w.validators.stakeAccount(v)))).toEqual([5, 0, 1_000_000]);
    expect([0, 1, 2].map((v) => w.ledger.balance(w.validators.account(v)))).toEqual([7, 7, 7]);
    expect(w.initialSupply).toBe(5 + 1_000_000 + 3 * 7 + 3 * 100_000_000); // + the agents' default endowments
  });

  it("a distribution is drawn once per validator on its own stream: adding validators leaves the others' stakes alone", () => {
    const stakes = (count: number) => {
      const w = installed(`validators: { count: ${count}, stakes: { uniform: [1000, 2000] } }\n`);
      return Array.from({ length: count }, (_, v) => w.ledger.balance(w.validators.stakeAccount(v)));
    };
    const four = stakes(4);
    expect(stakes(6).slice(0, 4)).toEqual(four);
    for (const s of four) {
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(1000);
      expect(s).toBeLessThanOrEqual(2000);
    }
    expect(new Set(four).size).toBe(4);
  });

  it("without `stakes`, every validator locks `stake`", () => {
    const w = installed("validators: { count: 2, stake: 42 }\n");
    expect([0, 1].map((v) => w.ledger.balance(w.validators.stakeAccount(v)))).toEqual([42, 42]);
  });

  it("bad stakes name the field", () => {
    expect(() => load("validators: { count: 3, stakes: { explicit: [1, 2] } }\n")).toThrow(/validators\.stakes\.explicit: expected 3 stakes \(validators\.count\), got 2/);
    expect(() => load("validators: { count: 2, stakes: { explicit: [1, -2] } }\n")).toThrow(/validators\.stakes\.explicit\[1\]: expected an integer in \[0,9007199254740991\], got -2/);
    expect(() => load("validators: { count: 2, stakes: { fixed: 1, uniform: [1, 2] } }\n")).toThrow(/validators\.stakes: expected exactly one of explicit, fixed, uniform, exponential, lognormal/);
    expect(() => load("validators: { count: 2, stakes: { normal: 1 } }\n")).toThrow(/validators\.stakes\.normal: unknown key \(allowed: explicit, fixed, uniform, exponential, lognormal\)/);
  });
});
