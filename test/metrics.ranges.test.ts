// Every metric stays inside its declared range exactly (no tolerance), over
// random small economies that switch on each feature's metrics: mixed
// adversaries, sybils, dedup, data staking, emission sharing, spread claims.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkMetricBounds } from "../src/check/invariants.js";
import { copyGain, sybilGain } from "../src/metrics/gains.js";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/index.js";

const BASE = `
name: ranges
duration: 60
window: 6
epoch: 12
world: { domains: 2, unitsPerDomain: 60, unitWeights: { zipf: 1.1 } }
providers: { count: 12, contributionRate: 0.3, datasetSize: 8 }
models: { count: 3, retrainEvery: 12, capacity: 2, serviceTime: 0.3 }
agents: { count: 15, scanInterval: 0.5 }
validators: { count: 5, sampleRate: 0.5 }
tasks: { rate: 8 }
`;

const STAKING = "datanets.staking={stake: 20000, lockPeriod: 24, reviewShare: 0.5, reviewDelay: 6, reviewCost: 100, slashFraction: 0.5, slashTo: treasury, qualityThreshold: 0.3}";

const economy = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  providers: fc.constantFrom("{honest: 1}", "{honest: 0.5, duplicator: 0.5}", "{honest: 0.4, sybil: 0.4, spammer: 0.2}", "{duplicator: 1}", "{honest: 0.5, free-rider: 0.5}"),
  agents: fc.constantFrom("{honest: 1}", "{honest: 0.6, malicious: 0.2, whitewasher: 0.2}", "{lazy: 1}"),
  validators: fc.constantFrom("{honest: 1}", "{honest: 0.6, colluding: 0.4}", "{honest: 0.5, lazy: 0.5}"),
  attribution: fc.constantFrom("uniform", "volume", "coverage-shapley", "first-contributor", "replication-robust", "leave-one-out"),
  trust: fc.constantFrom("none", "ema", "beta", "eigentrust", "yuma"),
  coordination: fc.constantFrom("independent", "rumor", "claim-board"),
  dedup: fc.constantFrom("none", "exact", "overlap"),
  staking: fc.boolean(),
});

describe("metric ranges hold exactly", () => {
  it("property: random economies with every feature's metrics never leave a declared range, in the summary or any window", () => {
    fc.assert(
      fc.property(economy, (e) => {
        const overrides = [
          `providers.mix=${e.providers}`,
          `agents.mix=${e.agents}`,
          `validators.mix=${e.validators}`,
          `policies.attribution=${e.attribution}`,
          `policies.trust=${e.trust}`,
          `policies.coordination=${e.coordination}`,
          `datanets.dedup=${e.dedup}`,
          ...(e.dedup === "overlap" ? ["datanets.overlapThreshold=0.5"] : []),
          ...(e.staking ? [STAKING] : []),
        ];
        const result = simulate(loadScenarioText(BASE, "ranges.yaml", { catalog: builtinCatalog, overrides, seed: e.seed }));
        expect(() => checkMetricBounds(result)).not.toThrow();
      }),
      { numRuns: 60 },
    );
  });

  it("property: the gains are finite, sybil_gain in [-1, 1], for any shares and any books with positive costs", () => {
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    const books = fc.array(fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e9 })), { minLength: 1, maxLength: 20 }).map((rows) => ({ profits: rows.map((r) => r[0]), costs: rows.map((r) => r[1]) }));
    fc.assert(
      fc.property(share, share, books, books, (a, b, dup, honest) => {
        const s = sybilGain(a, b);
        expect(s).toBeGreaterThanOrEqual(-1);
        expect(s).toBeLessThanOrEqual(1);
        expect(Number.isFinite(copyGain(dup, honest))).toBe(true);
      }),
    );
  });
});
