// The run headline: a feature's line only when its metrics are in the summary.
import { describe, expect, it } from "vitest";
import { formatRunSummary } from "../src/cli/summaryText.js";

const run = (summary: Record<string, number | null>) => formatRunSummary("s", 1, { summary, events: 10, simulatedHours: 24, stopReason: "duration", truncated: false }, 1, "/tmp/out");

describe("formatRunSummary", () => {
  it("prints the staking and emission lines only for runs with those features", () => {
    const plain = run({ tasks_arrived: 3, tasks_completed: 2 });
    expect(plain).not.toMatch(/staking|emission/);
    const featured = run({
      data_reviews: 12,
      data_slashes: 3,
      data_stake_slashed_micro: 4_500_000,
      adversarial_caught_share: 0.25,
      honest_slashed_share: null,
      emission_incentive_micro: 41_000_000,
      emission_dividends_micro: 41_000_000,
      honest_emission_share: 0.7,
      honest_stake_share: 0.6,
      emission_guarantee_share: 1,
    });
    expect(featured).toContain("  staking      12 reviews, 3 slashed (4.5 units), adversarial uploads caught 25.0%, honest uploads wrongly slashed n/a");
    expect(featured).toContain("  emission     to models 41 units, to validators 41 units; honest share E_H 70.0% vs honest stake S_H 60.0%, E_H >= S_H in 100.0% of epochs");
  });
});

describe("formatRunSummary figures", () => {
  it("prints inequality as n/a when nobody was paid, not Gini 0 and Jain 1", () => {
    expect(run({ agent_reward_gini: null, agent_reward_jain: null })).toContain("  fairness     agent rewards n/a (nobody paid)");
    expect(run({ agent_reward_gini: 0.25, agent_reward_jain: 0.8 })).toContain("  fairness     agent rewards Gini 0.250, Jain 0.800");
  });

  it("prints value delivered and value paid for wrong results apart, and the gains as differences", () => {
    expect(run({ value_delivered_micro: 3_000_000, value_paid_wrong_micro: 500_000 })).toContain("value delivered 3 units (0.5 units paid for wrong results)");
    const data = run({ contributions: 10, provider_reward_gini: null, provider_reward_jain: null, copy_gain: 0.25, sybil_gain: -0.125 });
    expect(data).toContain("provider rewards n/a (nobody paid)");
    expect(data).toContain("copy gain +0.25 (return on cost), sybil gain -12.5 pp");
  });
});
