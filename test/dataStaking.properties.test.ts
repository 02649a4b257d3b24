// Conservation with data stakes locked, slashed and returned: for random
// staking parameters the run's own ledger check (initial supply + emissions +
// task value − costs out, review costs included, at every snapshot) holds, no
// inside account is ever negative, and the stakes add up: locked = returned +
// slashed + still held. Bad staking values exit 2 naming the field.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/index.js";
import { C } from "../src/sim/economy/counters.js";
import { runCli, tempDir } from "./helpers/cli.js";
import { join } from "node:path";
import { writeFileSync } from "node:fs";

const BASE = `
name: stakes
duration: 240
window: 24
epoch: 24
world: { domains: 1, unitsPerDomain: 300 }
providers: { count: 12, mix: { honest: 0.4, duplicator: 0.3, spammer: 0.2, free-rider: 0.1 }, contributionRate: 0.1, datasetSize: 10, initialBalance: 20000000 }
datanets: { dedup: none, staking: {} }
models: { count: 2, retrainEvery: 48 }
agents: { count: 20, scanInterval: 1 }
validators: { count: 4, mix: { honest: 0.5, lazy: 0.25, colluding: 0.25 }, initialBalance: 2000000 }
emissions: { perEpoch: 1000 }
tasks: { rate: 5 }
`;

describe("data staking: conservation", () => {
  it("property: for random staking parameters money is conserved, no balance goes negative, and every locked micro is returned, slashed or still held", () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          stake: fc.integer({ min: 0, max: 5_000_000 }),
          lock: fc.double({ min: 1, max: 200, noNaN: true }),
          delayShare: fc.double({ min: 0.01, max: 1, noNaN: true }),
          reviewShare: fc.double({ min: 0, max: 1, noNaN: true }),
          reviewCost: fc.integer({ min: 0, max: 300_000 }),
          slashFraction: fc.double({ min: 0, max: 1, noNaN: true }),
          slashTo: fc.constantFrom("treasury", "reviewers"),
          rewardFactor: fc.double({ min: 0, max: 1, noNaN: true }),
          threshold: fc.double({ min: 0, max: 3, noNaN: true }),
          dedup: fc.constantFrom("none", "exact", "overlap"),
        }),
        (p) => {
          const s = loadScenarioText(BASE, "stakes.yaml", {
            catalog: builtinCatalog,
            overrides: [
              `seed=${p.seed}`,
              `datanets.dedup=${p.dedup}`,
              `datanets.staking={stake: ${p.stake}, lockPeriod: ${p.lock}, reviewDelay: ${p.lock * p.delayShare}, reviewShare: ${p.reviewShare}, reviewCost: ${p.reviewCost}, slashFraction: ${p.slashFraction}, slashTo: ${p.slashTo}, penalty: { threshold: ${p.threshold}, rewardFactor: ${p.rewardFactor} }}`,
            ],
          });
          let held = 0;
          let counters: Float64Array = new Float64Array(0);
          // simulate() itself throws InvariantViolation on a conservation or negative-balance breach, at every snapshot.
          const { summary } = simulate(s, {
            onSnapshot: (_t, w) => {
              held = 0;
              for (let i = 0; i < w.providers.count; i++) held += w.ledger.balance(w.providers.stakeAccount(i));
              for (let a = 5; a < w.ledger.accountCount; a++) expect(w.ledger.balance(a)).toBeGreaterThanOrEqual(0);
              counters = w.counters;
            },
          });
          expect(summary.ledger_imbalance_micro).toBe(0);
          expect(counters[C.data_stake_locked_micro]).toBe(counters[C.data_stake_returned_micro]! + counters[C.data_stake_slashed_micro]! + held);
          if (p.stake > 0) expect(counters[C.data_stake_locked_micro]).toBe(p.stake * Number(summary.contributions));
          const caught = summary.adversarial_caught_share;
          if (typeof caught === "number") expect(caught).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});

describe("data staking: bad values exit 2 naming the field", () => {
  const dir = tempDir();
  let n = 0;
  const write = (staking: string) => {
    const file = join(dir, `s${n++}.yaml`);
    writeFileSync(file, BASE.replace("staking: {}", `staking: ${staking}`));
    return file;
  };
  for (const [staking, field, message] of [
    ["{ stake: -1 }", "datanets.staking.stake", "expected an integer in [0,"],
    ["{ stake: 1.5 }", "datanets.staking.stake", "expected an integer"],
    ["{ slashFraction: 2 }", "datanets.staking.slashFraction", "expected a number in [0,1], got 2"],
    ["{ reviewShare: -0.1 }", "datanets.staking.reviewShare", "expected a number in [0,1]"],
    ["{ lockPeriod: 10, reviewDelay: 20 }", "datanets.staking.reviewDelay", "expected at most datanets.staking.lockPeriod (10), got 20"],
    ["{ slashTo: burn }", "datanets.staking.slashTo", "expected treasury or reviewers"],
    ["{ penalty: { rewardFactor: 1.5 } }", "datanets.staking.penalty.rewardFactor", "expected a number in [0,1], got 1.5"],
    ["{ stakee: 5 }", "datanets.staking", "unknown key"],
  ] as const) {
    it(`${staking} -> ${field}`, async () => {
      const r = await runCli("run", write(staking), "--out", join(dir, "out"), "--quiet");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(field);
      expect(r.stderr).toContain(message);
    });
  }
});
