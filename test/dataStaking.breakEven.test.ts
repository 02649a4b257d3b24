// Does staking make copying and spam unprofitable at the stake the docs derive?
// (docs/openledger-staking.md, "Break-even stake".) Per bad upload the expected
// slash is q·f·S with q = reviewShare·(share of honest validators)·(1 − reviewDelay/duration)
// (lazy and colluding reviewers approve adversaries' uploads; uploads in the
// run's last reviewDelay hours are never reviewed), so the stake above which a
// bad upload loses money is S* = π0 / (q·f), π0 its profit without staking.
// Rewards do not grow with the stake (the penalty cut only lowers them), so at
// S*·(1 + m) the profit must be negative, m covering the sampling noise of the
// realised review share over the n uploads of the replicates: 3 standard errors.
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenario } from "../src/scenario/index.js";
import type { Scenario } from "../src/scenario/schema.js";
import { ROOT } from "./helpers/cli.js";
import { join } from "node:path";

const REPLICATES = 3;
const SMALL = ["duration=1000", "providers.count=100", "agents.count=200", "tasks.rate=30"];

const load = (stake: number, seed: number): Scenario =>
  loadScenario(join(ROOT, "scenarios/openledger-staking.yaml"), { catalog: builtinCatalog, overrides: [...SMALL, `seed=${seed}`, `datanets.staking.stake=${stake}`] });

/** Per behaviour, summed over replicates: profit (reward − cost, slashes included) and uploads. */
function profits(stake: number): Map<string, { profit: number; uploads: number }> {
  const by = new Map<string, { profit: number; uploads: number }>();
  for (let r = 0; r < REPLICATES; r++) {
    const { entities } = simulate(load(stake, 100 + r));
    const col = (name: string) => entities.columns.indexOf(name);
    for (const row of entities.rows()) {
      if (row[col("kind")] !== "provider") continue;
      const b = String(row[col("initial_behavior")]);
      const acc = by.get(b) ?? { profit: 0, uploads: 0 };
      acc.profit += Number(row[col("reward_micro")]) - Number(row[col("cost_micro")]);
      acc.uploads += Number(row[col("contributions")]);
      by.set(b, acc);
    }
  }
  return by;
}

describe("break-even stake (openledger-staking, small)", () => {
  it("copying and spam pay without a stake and lose money above the derived break-even stake", () => {
    const s = load(0, 100);
    const st = s.datanets.staking!;
    const q = st.reviewShare * (s.validators.mix.honest ?? 0) * (1 - st.reviewDelay / s.duration);
    const base = profits(0);
    const stakes = ["duplicator", "spammer"].map((b) => {
      const { profit, uploads } = base.get(b)!;
      const perUpload = profit / uploads;
      expect(perUpload, `${b} profit per upload without staking`).toBeGreaterThan(0);
      const breakEven = perUpload / (q * st.slashFraction);
      const margin = 3 * Math.sqrt((1 - q) / (uploads * q));
      return Math.ceil(breakEven * (1 + margin));
    });
    const above = Math.max(...stakes);
    const staked = profits(above);
    for (const b of ["duplicator", "spammer"]) {
      const { profit, uploads } = staked.get(b)!;
      expect(profit / uploads, `${b} profit per upload at stake ${above}`).toBeLessThan(0);
    }
  }, 120_000);
});
