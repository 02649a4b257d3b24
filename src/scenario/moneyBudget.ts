// Money is integer micro-units in one ledger, exact only below 2^53. Each field
// is in range on its own (fields.ts); here the amounts that add up are bounded
// before the run: all money that can enter the economy (endowments, stakes,
// task values, emissions) and the largest single payments. Entities cannot
// overdraw, so every balance, flow and total then stays an exact integer.
import { MAX_DRAWN_AMOUNT } from "../sim/economy/valueSampler.js";
import type { Distribution } from "./fields.js";
import type { Draft } from "./issues.js";
import type { Scenario } from "./schema.js";
import type { PathSegment } from "./source.js";

const LIMIT = Number.MAX_SAFE_INTEGER;
const show = (n: number) => (Number.isFinite(n) && n < 1e21 ? Math.ceil(n).toLocaleString("en-US") : n.toPrecision(3));
const LIMIT_TEXT = `${show(LIMIT)} micro-units (2^53 - 1, the exact-integer range)`;

/** The standard normal quantile at 1 - 1e-12: a draw beyond it happens once in 10^12. */
const Z_TAIL = 7.0345;
/** -ln(1e-12): the exponential quantile at 1 - 1e-12, in means. */
const EXP_TAIL = 27.631;

/** The largest draw that matters from a distribution: its maximum, or for an unbounded one its 1 - 1e-12 quantile (draws are clamped at MAX_DRAWN_AMOUNT). */
export function highDraw(d: Distribution): { value: number; path: PathSegment[]; what: string } {
  if (d.fixed !== undefined) return { value: d.fixed, path: ["fixed"], what: "fixed value" };
  if (d.uniform !== undefined) return { value: d.uniform[1], path: ["uniform", 1], what: "uniform maximum" };
  if (d.exponential !== undefined) return { value: d.exponential.mean * EXP_TAIL, path: ["exponential", "mean"], what: "exponential 1 - 1e-12 quantile (27.6 × mean)" };
  const { mu, sigma } = d.lognormal!;
  return { value: Math.exp(mu + Z_TAIL * sigma), path: ["lognormal", "mu"], what: "lognormal 1 - 1e-12 quantile exp(mu + 7.03 × sigma)" };
}

/** Most tasks a run can see: the arrival bound (every hour in a burst) plus ten standard deviations of the Poisson count. */
function taskBound(s: Scenario): number {
  const mean = s.tasks.rate * s.duration * (s.tasks.burst?.factor ?? 1);
  return Math.ceil(mean + 10 * Math.sqrt(mean) + 10);
}

interface Inflow {
  path: PathSegment[];
  formula: string;
  amount: number;
}

/** Every source of money a run can bring in, each an upper bound. */
function inflows(s: Scenario): Inflow[] {
  const v = s.validators;
  const stakes = v.stakes;
  let stakeTotal: Inflow;
  if (stakes === undefined) stakeTotal = { path: ["validators", "stake"], formula: "validators.count × validators.stake", amount: v.count * v.stake };
  else if (stakes.explicit !== undefined) stakeTotal = { path: ["validators", "stakes", "explicit"], formula: "the sum of validators.stakes.explicit", amount: stakes.explicit.reduce((a, b) => a + b, 0) };
  else {
    const high = highDraw(stakes);
    stakeTotal = { path: ["validators", "stakes", ...high.path], formula: `validators.count × validators.stakes ${high.what}`, amount: v.count * Math.min(high.value, MAX_DRAWN_AMOUNT) };
  }
  const value = highDraw(s.tasks.value);
  const epochs = Math.ceil(s.duration / s.epoch) + 1;
  return [
    { path: ["providers", "initialBalance"], formula: "providers.count × providers.initialBalance", amount: s.providers.count * s.providers.initialBalance },
    { path: ["agents", "initialBalance"], formula: "agents.count × agents.initialBalance", amount: s.agents.count * s.agents.initialBalance },
    { path: ["validators", "initialBalance"], formula: "validators.count × validators.initialBalance", amount: v.count * v.initialBalance },
    stakeTotal,
    { path: ["tasks", "value", ...value.path], formula: `the task bound (${show(taskBound(s))}, from tasks.rate × duration) × tasks.value ${value.what}`, amount: taskBound(s) * Math.min(value.value, MAX_DRAWN_AMOUNT) },
    { path: ["emissions", "perEpoch"], formula: `emissions.perEpoch × ${show(epochs)} epochs`, amount: s.emissions.perEpoch * epochs },
  ];
}

/** The largest single payments, each of which must be exact on its own. */
function payments(s: Scenario): Inflow[] {
  const p = s.providers;
  const stake = s.datanets.staking?.stake ?? 0;
  return [
    { path: ["providers", "costPerUnit"], formula: "providers.costPerContribution + costPerUnit × world.unitsPerDomain + datanets.staking.stake (the most one upload can cost)", amount: p.costPerContribution + p.costPerUnit * s.world.unitsPerDomain + stake },
    { path: ["models", "feePerCall"], formula: "models.feePerCall + agents.computeCost (what one task attempt costs)", amount: s.models.feePerCall + s.agents.computeCost },
  ];
}

/** Drafts for distributions whose draws would leave the documented range, payments and the total over 2^53 - 1. */
export function moneyBudgetDrafts(s: Scenario): Draft[] {
  const drafts: Draft[] = [];
  const draws: [PathSegment[], Distribution][] = [[["tasks", "value"], s.tasks.value]];
  if (s.validators.stakes !== undefined && s.validators.stakes.explicit === undefined) draws.push([["validators", "stakes"], s.validators.stakes]);
  for (const [base, d] of draws) {
    const high = highDraw(d);
    if (high.value <= MAX_DRAWN_AMOUNT) continue;
    drafts.push({ path: [...base, ...high.path], at: "value", message: `the ${high.what} is ${show(high.value)} micro-units; the limit per draw is ${show(MAX_DRAWN_AMOUNT)} micro-units (10,000,000 units)` });
  }
  for (const pay of payments(s)) {
    if (pay.amount <= LIMIT) continue;
    drafts.push({ path: pay.path, at: "value", message: `${pay.formula} = ${show(pay.amount)} micro-units; the limit is ${LIMIT_TEXT}` });
  }
  if (drafts.length > 0) return drafts;
  const all = inflows(s);
  for (const flow of all) {
    if (flow.amount <= LIMIT) continue;
    drafts.push({ path: flow.path, at: "value", message: `${flow.formula} = ${show(flow.amount)} micro-units; the limit is ${LIMIT_TEXT}` });
  }
  const total = all.reduce((sum, f) => sum + f.amount, 0);
  if (drafts.length === 0 && !(total <= LIMIT)) {
    const largest = all.reduce((a, b) => (b.amount > a.amount ? b : a));
    const parts = all.filter((f) => f.amount > 0).map((f) => `${f.path.join(".")} ${show(f.amount)}`).join(", ");
    drafts.push({ path: largest.path, at: "value", message: `all the money that can enter the run adds up to ${show(total)} micro-units (${parts}); the limit is ${LIMIT_TEXT}` });
  }
  return drafts;
}
