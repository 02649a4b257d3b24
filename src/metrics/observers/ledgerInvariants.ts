// The ledger's laws, checked at every snapshot of every run (O(accounts), a
// few hundred times per run): nothing is created or destroyed, money inside
// moves only through the documented flows, and no inside account is negative.
import { C } from "../../sim/economy/counters.js";
import type { Economy } from "../../sim/economy/world.js";
import { InvariantViolation } from "../../sim/invariant.js";
import { OUTSIDE } from "../../sim/ledger/index.js";

/** First account that must never be negative (OUTSIDE and EMISSIONS are the economy's external sources). */
const FIRST_INSIDE = OUTSIDE + 2;

export function checkLedger(w: Economy, t: number): void {
  const { ledger, counters: c, config } = w;
  const imbalance = ledger.imbalance();
  if (imbalance !== 0) throw new InvariantViolation("ledger-conservation", `at t=${t} the balances sum to ${imbalance} micro, not 0 (money was created or destroyed)`);
  // Inside supply = initial endowments + emissions + task values paid in − costs paid out, from independent counters.
  // Data stakes locked, slashed or returned stay inside (providers' data-stake accounts, the treasury, reviewers); only review costs leave.
  const costsOut = c[C.executions]! * config.agents.computeCost + c[C.contribution_cost_micro]! + c[C.verifications]! * config.validators.checkCost + c[C.data_reviews]! * (config.datanets.staking?.reviewCost ?? 0);
  const expected = w.initialSupply + c[C.emitted_micro]! + c[C.task_value_paid_micro]! - costsOut;
  const inside = ledger.insideSupply();
  if (inside !== expected) {
    throw new InvariantViolation("ledger-conservation", `at t=${t} money inside is ${inside} micro, but initial supply + emissions + task value - costs = ${expected} (difference ${inside - expected})`);
  }
  for (let a = FIRST_INSIDE; a < ledger.accountCount; a++) {
    const b = ledger.balance(a);
    if (b < 0) throw new InvariantViolation("non-negative-balances", `at t=${t} account ${ledger.label(a)} holds ${b} micro`);
  }
}
