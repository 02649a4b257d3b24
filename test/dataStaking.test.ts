// Data staking and review on a tiny world, checked by hand: one provider, one
// validator, every accepted upload reviewed (reviewShare 1), no tasks (so no
// data rewards move balances). Stake 1,000,001 and slashFraction 0.3 make the
// slash floor(300,000.3) = 300,000 and the returned remainder 700,001.
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { buildEconomy } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/index.js";
import { C } from "../src/sim/economy/counters.js";
import type { Economy } from "../src/sim/economy/world.js";
import { Engine } from "../src/sim/engine/index.js";
import { OUTSIDE, TREASURY } from "../src/sim/ledger/index.js";

const STAKE = 1_000_001;
const SLASH = 300_000;
const UPLOAD = 1_000;
const REVIEW = 700;
const PROVIDER_START = 10_000_000;
const VALIDATOR_START = 5_000_000;

function tiny(overrides: string[] = []): { w: Economy; engine: Engine } {
  const text = `
name: tiny
seed: 5
duration: 2000
world: { domains: 1, unitsPerDomain: 500 }
providers: { count: 1, mix: { spammer: 1 }, contributionRate: 0.002, costPerContribution: ${UPLOAD}, costPerUnit: 0, initialBalance: ${PROVIDER_START} }
datanets:
  dedup: none
  staking: { stake: ${STAKE}, lockPeriod: 100, reviewShare: 1, reviewDelay: 10, reviewCost: ${REVIEW}, slashFraction: 0.3, qualityThreshold: 0.3, penalty: { perSlash: 1, decay: 0.5, threshold: 0.9, rewardFactor: 0.5 } }
models: { count: 1 }
agents: { count: 1 }
validators: { count: 1, stake: 0, initialBalance: ${VALIDATOR_START} }
tasks: { rate: 0.000001 }
`;
  const w = buildEconomy(loadScenarioText(text, "tiny.yaml", { catalog: builtinCatalog, overrides }));
  const engine = new Engine();
  w.install(engine);
  return { w, engine };
}

/** Step until the first upload; return its time. Later checks stay within its lock period, before any second upload. */
function firstUpload(w: Economy, engine: Engine): number {
  for (let t = 0.25; w.contributions.count === 0; t += 0.25) engine.run({ until: t });
  const t1 = w.contributions.time[0]!;
  return t1;
}

/** Run to `t1 + dt` and require that no second upload came (the hand checks assume one contribution). */
function runTo(w: Economy, engine: Engine, t: number): void {
  engine.run({ until: t });
  expect(w.contributions.count).toBe(1);
}

const stakeHeld = (w: Economy) => w.ledger.balance(w.providers.stakeAccount(0));
const providerBalance = (w: Economy) => w.ledger.balance(w.providers.account(0));
const validatorBalance = (w: Economy) => w.ledger.balance(w.validators.account(0));

describe("data staking on one provider and one validator", () => {
  it("an upload locks exactly the stake (not a cost); an honest review slashes floor(stake × slashFraction) to the treasury; the rest returns at the lock's end", () => {
    const { w, engine } = tiny();
    const t1 = firstUpload(w, engine);
    runTo(w, engine, t1 + 5);
    expect(stakeHeld(w)).toBe(STAKE);
    expect(providerBalance(w)).toBe(PROVIDER_START - UPLOAD - STAKE);
    expect(w.providers.cost[0]).toBe(UPLOAD); // locking one's own stake is no cost
    runTo(w, engine, t1 + 10.5);
    expect(w.counters[C.data_reviews]).toBe(1);
    expect(w.counters[C.data_slashes]).toBe(1);
    expect(stakeHeld(w)).toBe(STAKE - SLASH);
    expect(w.ledger.balance(TREASURY)).toBe(SLASH);
    expect(validatorBalance(w)).toBe(VALIDATOR_START - REVIEW);
    expect(w.validators.cost[0]).toBe(REVIEW);
    expect(w.providers.cost[0]).toBe(UPLOAD + SLASH); // the slash is the provider's cost
    expect(w.counters[C.data_stake_slashed_micro]).toBe(SLASH);
    expect(w.counters[C.catch_time_sum_h]).toBe(10);
    expect(w.counters[C.adversarial_uploads_slashed]).toBe(1);
    expect(w.providers.penaltyScore[0]).toBe(1); // 0 faded at the upload, then +1
    runTo(w, engine, t1 + 100.5);
    expect(stakeHeld(w)).toBe(0);
    expect(providerBalance(w)).toBe(PROVIDER_START - UPLOAD - SLASH);
    expect(w.counters[C.data_stake_returned_micro]).toBe(STAKE - SLASH);
    expect(w.ledger.imbalance()).toBe(0);
  });

  it("with slashTo: reviewers the slash goes to the reviewing validator, as its earning", () => {
    const { w, engine } = tiny(["datanets.staking.slashTo=reviewers"]);
    const t1 = firstUpload(w, engine);
    runTo(w, engine, t1 + 10.5);
    expect(validatorBalance(w)).toBe(VALIDATOR_START - REVIEW + SLASH);
    expect(w.validators.reward[0]).toBe(SLASH);
    expect(w.ledger.balance(TREASURY)).toBe(0);
    expect(w.providers.cost[0]).toBe(UPLOAD + SLASH);
  });

  it("good data is reviewed and its whole stake returns", () => {
    const { w, engine } = tiny(["providers.mix={honest: 1}"]);
    const t1 = firstUpload(w, engine);
    runTo(w, engine, t1 + 10.5);
    expect(w.counters[C.data_reviews]).toBe(1);
    expect(w.counters[C.honest_uploads_reviewed]).toBe(1);
    expect(w.counters[C.data_slashes]).toBe(0);
    runTo(w, engine, t1 + 100.5);
    expect(providerBalance(w)).toBe(PROVIDER_START - w.providers.cost[0]!);
    expect(stakeHeld(w)).toBe(0);
  });

  it("a lazy reviewer approves spam without looking (it still pays the review)", () => {
    const { w, engine } = tiny(["validators.mix={lazy: 1}"]);
    const t1 = firstUpload(w, engine);
    runTo(w, engine, t1 + 100.5);
    expect(w.counters[C.data_reviews]).toBe(1);
    expect(w.counters[C.data_slashes]).toBe(0);
    expect(providerBalance(w)).toBe(PROVIDER_START - UPLOAD);
    expect(validatorBalance(w)).toBe(VALIDATOR_START - REVIEW);
  });

  it("a colluding reviewer approves an adversarial provider's spam but judges an honest provider's low-quality data truthfully", () => {
    const spam = tiny(["validators.mix={colluding: 1}"]);
    spam.engine.run({ until: firstUpload(spam.w, spam.engine) + 10.5 });
    expect(spam.w.counters[C.data_slashes]).toBe(0);
    const honestJunk = tiny(["validators.mix={colluding: 1}", "providers.mix={honest: 1}", "providers.quality=[0.1, 0.2]"]);
    honestJunk.engine.run({ until: firstUpload(honestJunk.w, honestJunk.engine) + 10.5 });
    expect(honestJunk.w.counters[C.data_slashes]).toBe(1);
    expect(honestJunk.w.counters[C.honest_uploads_slashed]).toBe(1);
  });

  it("above the penalty threshold a data reward is cut to floor(amount × rewardFactor), the rest to the treasury", () => {
    const { w, engine } = tiny();
    firstUpload(w, engine);
    const before = providerBalance(w);
    w.providers.penaltyScore[0] = 0.9; // at the threshold: not above it
    w.payContribution(OUTSIDE, 0, 1_001);
    expect(providerBalance(w) - before).toBe(1_001);
    w.providers.penaltyScore[0] = 1;
    w.payContribution(OUTSIDE, 0, 1_001);
    expect(providerBalance(w) - before).toBe(1_001 + 500);
    expect(w.ledger.balance(TREASURY)).toBe(501);
    expect(w.counters[C.penalty_cut_micro]).toBe(501);
    expect(w.counters[C.data_rewards_micro]).toBe(1_501);
    expect(w.contributionEarned[0]).toBe(1_501);
  });

  it("the penalty score fades by (1 - decay) at each upload and rises by perSlash at each slash", () => {
    const { w, engine } = tiny(["providers.contributionRate=0.05"]);
    engine.run({ until: 2000 });
    // Replay the rule over the uploads in time order: fade at upload, +1 at its review 10 h later.
    const events: [number, number][] = [];
    for (let c = 0; c < w.contributions.count; c++) {
      events.push([w.contributions.time[c]!, 0]);
      if (w.contributions.time[c]! + 10 <= 2000) events.push([w.contributions.time[c]! + 10, 1]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let score = 0;
    for (const [, kind] of events) score = kind === 0 ? score * 0.5 : score + 1;
    expect(w.contributions.count).toBeGreaterThan(10);
    expect(w.providers.penaltyScore[0]).toBeCloseTo(score, 12);
  });

  it("with no validators nothing is reviewed, and every stake returns whole", () => {
    const { w, engine } = tiny(["validators.count=0"]);
    engine.run({ until: 2000 });
    expect(w.contributions.count).toBeGreaterThan(0);
    expect(w.counters[C.data_reviews]).toBe(0);
    expect(w.counters[C.data_slashes]).toBe(0);
    expect(providerBalance(w) + stakeHeld(w)).toBe(PROVIDER_START - UPLOAD * w.contributions.count);
  });

  it("a provider that cannot afford upload cost + stake is broke and stops uploading", () => {
    const { w, engine } = tiny([`providers.initialBalance=${UPLOAD + STAKE - 1}`]);
    engine.run({ until: 2000 });
    expect(w.contributions.count).toBe(0);
    expect(w.counters[C.providers_broke]).toBe(1);
  });
});
