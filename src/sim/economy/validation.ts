// Verification of results: a sampled share of first results is checked by one
// validator (chosen uniformly), who reports to the trust policy. Honest
// validators report the truth, lazy ones and weight-copiers approve without
// looking, colluding ones vouch for adversarial agents (ballot-stuffing),
// badmouthing ones reject honest agents' correct results. A rejected result is not paid.
// EigenTrust's threat models (inverters, spies, collectives of models) judge by
// threatVerdicts.ts; validators of the other behaviours never reach it.
import { OUTSIDE } from "../ledger/index.js";
import type { StreamFamily } from "../rng/index.js";
import { approvesUnseen, isAdversarialAgent, V } from "./behaviors.js";
import { C } from "./counters.js";
import { judgesByThreatModel, threatVerdict } from "./threatVerdicts.js";
import type { Economy } from "./world.js";

const split = { agent: true, model: true };

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
  let verdict = approvesUnseen(b) ? true : b === V.colluding && isAdversarialAgent(w.agents.behavior[agent]!) ? true : correct;
  // Unfair raters (Whitby, Jøsang & Indulska 2004): badmouthing validators reject honest agents' correct results.
  if (b === V.badmouthing && correct && !isAdversarialAgent(w.agents.behavior[agent]!)) verdict = false;
  if (judgesByThreatModel(b, config.validators.colludeOnModels)) return reportThreat(w, v, agent, model, threatVerdict(b, w.models.behavior[model]!, correct, verdict, split), now);
  w.validatorObservations?.observe(v, model, verdict);
  w.policies.trust.report(v, agent, model, verdict, now);
  return verdict;
}

/** Report a threat-model verdict: a split one (a spy's) through `reportSplit` where the trust policy has it. */
function reportThreat(w: Economy, v: number, agent: number, model: number, verdict: { agent: boolean; model: boolean }, now: number): boolean {
  const trust = w.policies.trust;
  w.validatorObservations?.observe(v, model, verdict.model);
  if (verdict.agent !== verdict.model && trust.reportSplit !== undefined) trust.reportSplit(v, agent, model, verdict.agent, verdict.model, now);
  else trust.report(v, agent, model, verdict.agent, now);
  return verdict.agent;
}
