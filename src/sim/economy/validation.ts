// Verification of results: a sampled share of first results is checked by one
// validator (chosen uniformly), who reports to the trust policy. Honest
// validators report the truth, lazy ones and weight-copiers approve without
// looking, colluding ones vouch for adversarial agents (ballot-stuffing),
// badmouthing ones reject honest agents' correct results. A rejected result is not paid.
import { OUTSIDE } from "../ledger/index.js";
import type { StreamFamily } from "../rng/index.js";
import { isAdversarialAgent, V } from "./behaviors.js";
import { C } from "./counters.js";
import type { Economy } from "./world.js";

/**
 * Return whether the result is accepted (unverified results are accepted as
 * submitted). `audit` is the "agent.audit" stream family, looked up once by the caller.
 */
export function verify(w: Economy, audit: StreamFamily, agent: number, model: number, correct: boolean, now: number): boolean {
  const { validators, config, counters, ledger } = w;
  if (validators.count === 0 || config.validators.sampleRate === 0) return true;
  const rng = audit.get(agent);
  if (rng.uniform() >= config.validators.sampleRate) return true;
  const v = rng.int(validators.count);
  const cost = config.validators.checkCost;
  // A validator that cannot pay for the check does not check.
  if (!ledger.canPay(validators.account(v), cost)) return true;
  w.books.pay(validators.account(v), OUTSIDE, cost, "check-cost");
  validators.verifications[v]!++;
  counters[C.verifications]!++;
  const b = validators.behavior[v]!;
  // Lazy validators and weight-copiers approve without looking; colluding ones vouch for adversarial agents.
  let verdict = b === V.lazy || b === V.weightCopier ? true : b === V.colluding && isAdversarialAgent(w.agents.behavior[agent]!) ? true : correct;
  // Unfair raters (Whitby, Jøsang & Indulska 2004): badmouthing validators reject honest agents' correct results.
  if (b === V.badmouthing && correct && !isAdversarialAgent(w.agents.behavior[agent]!)) verdict = false;
  w.validatorObservations?.observe(v, model, verdict);
  w.policies.trust.report(v, agent, model, verdict, now);
  return verdict;
}
