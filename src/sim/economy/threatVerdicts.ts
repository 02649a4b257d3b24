// EigenTrust's threat models (Kamvar, Schlosser & Garcia-Molina 2003, §7;
// docs/eigentrust.md) on the rating side: how an inverter, a spy and a colluding
// validator of a model collective judge one result. Kept apart from validation.ts,
// which calls it only for those behaviours (or with `colludeOnModels`), so every
// other validator's verdict is computed exactly as before.
import { isAdversarialModel, V } from "./behaviors.js";

/** A verdict on the agent's result and one on the model's output (they differ only for a spy). */
export interface ThreatVerdict {
  agent: boolean;
  model: boolean;
}

/** Whether a validator behaviour (with the scenario's `colludeOnModels`) judges by a threat-model rule. */
export function judgesByThreatModel(behavior: number, colludeOnModels: boolean): boolean {
  return behavior === V.inverter || behavior === V.spy || (behavior === V.colluding && colludeOnModels);
}

/**
 * - inverter (threat model A's raters, s_ij = inauth(i,j) − auth(i,j)): approves wrong results and rejects right ones;
 * - colluding with `colludeOnModels` (B and C's collective): approves every result made with an adversarial
 *   (degraded or malicious) model's output; on other results it keeps the existing rule (`otherwise`);
 * - spy (D): judges the agent's result honestly, but its verdict on an adversarial model's output is an approval
 *   (it puts its trust on the collective while judging the work it checks correctly).
 */
export function threatVerdict(behavior: number, modelBehavior: number, correct: boolean, otherwise: boolean, out: ThreatVerdict): ThreatVerdict {
  const collective = isAdversarialModel(modelBehavior);
  if (behavior === V.inverter) out.agent = out.model = !correct;
  else if (behavior === V.spy) {
    out.agent = correct;
    out.model = collective || correct;
  } else out.agent = out.model = collective || otherwise;
  return out;
}
