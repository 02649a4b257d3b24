// The weight vectors validators submit over models each epoch (Bittensor's
// weights over miners), formed by each validator's behaviour from what it
// observed. Trust policies that run Yuma read them through ValidatorsView.weights.
import { isAdversarialModel, V } from "./behaviors.js";
import type { EmissionShares } from "./seams.js";

/**
 * Per (validator, model): the verdicts the validator gave on results made with
 * the model, as decayed approval and rejection counts. `memory` is the share of
 * past epochs' counts kept at each epoch (0 = this epoch's checks only).
 */
export class ValidatorObservations {
  private readonly yes: Float64Array;
  private readonly no: Float64Array;

  constructor(
    readonly validators: number,
    readonly models: number,
    private readonly memory: number,
  ) {
    this.yes = new Float64Array(validators * models);
    this.no = new Float64Array(validators * models);
  }

  /** Validator v judged a result made with model m correct (true) or wrong. */
  observe(v: number, m: number, approved: boolean): void {
    if (approved) this.yes[v * this.models + m]!++;
    else this.no[v * this.models + m]!++;
  }

  /** At each epoch, after the weights were read: keep `memory` of the counts. */
  decay(): void {
    for (let k = 0; k < this.yes.length; k++) {
      this.yes[k]! *= this.memory;
      this.no[k]! *= this.memory;
    }
  }

  /** Validator v's approval share of model m's results so far (0 when it judged none). */
  approval(v: number, m: number): number {
    const k = v * this.models + m;
    const seen = this.yes[k]! + this.no[k]!;
    return seen > 0 ? this.yes[k]! / seen : 0;
  }
}

/** What weight formation reads from the world. */
export interface WeightInputs {
  readonly observations: ValidatorObservations;
  validatorBehavior(v: number): number;
  modelBehavior(m: number): number;
  /** The trust policy's emission view, for the consensus weight-copiers copy (absent: they weigh all models equally). */
  readonly emission: EmissionShares | undefined;
}

/**
 * Validator v's weights over the models into out[0..models):
 * - honest: its approval share of each model's results (what it observed);
 * - colluding (the cabal): weight 1 on every adversarial (degraded or malicious)
 *   model, the cabal's own miners, and 0 elsewhere; with no adversarial model it
 *   has no group to favour and weighs like an honest validator;
 * - lazy: 1 on every model (it does not look);
 * - weight-copier: the consensus published at the last epoch (before any, or
 *   under a policy that publishes none, 1 on every model);
 * - badmouthing: like honest, from its own approval shares (which its false
 *   rejections of honest agents' results lower).
 */
export function validatorWeights(inputs: WeightInputs, v: number, out: Float64Array): void {
  const { observations } = inputs;
  const m = observations.models;
  const behavior = inputs.validatorBehavior(v);
  if (behavior === V.colluding) {
    let group = 0;
    for (let j = 0; j < m; j++) group += out[j] = isAdversarialModel(inputs.modelBehavior(j)) ? 1 : 0;
    if (group > 0) return;
  } else if (behavior === V.lazy) {
    out.fill(1, 0, m);
    return;
  } else if (behavior === V.weightCopier) {
    let total = 0;
    for (let j = 0; j < m; j++) total += out[j] = inputs.emission?.consensus(j) ?? 0;
    if (!(total > 0)) out.fill(1, 0, m);
    return;
  }
  for (let j = 0; j < m; j++) out[j] = observations.approval(v, j);
}
