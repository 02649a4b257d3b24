// The five fee shares every rewards policy starts from, as a zod schema with
// documented defaults, and a helper that splits exactly by a weight vector.
import { prob } from "../../scenario/fields.js";
import { Apportioner } from "../../sim/ledger/apportion.js";

export const shareFields = {
  data: prob().default(0.4).describe("Share of each fee credited to the model's training data (via attribution)."),
  model: prob().default(0.45).describe("Share kept by the model owner."),
  agent: prob().default(0).describe("Share rebated to the calling agent."),
  validators: prob().default(0.1).describe("Share paid to the validators."),
  treasury: prob().default(0.05).describe("Share paid to the treasury."),
};

export type Shares = { data: number; model: number; agent: number; validators: number; treasury: number };

export const sumsToOne = (p: Shares) => Math.abs(p.data + p.model + p.agent + p.validators + p.treasury - 1) < 1e-9;
export const SUMS_TO_ONE = { error: "expected data + model + agent + validators + treasury = 1" };

/** Weights in `Share` order. */
export function shareWeights(p: Shares): Float64Array {
  return new Float64Array([p.data, p.model, p.agent, p.validators, p.treasury]);
}

/** Splits fees exactly (largest remainder) with reused buffers: no allocation per fee. */
export class FeeSplitter {
  private readonly apportioner = new Apportioner();
  split(fee: number, weights: Float64Array, out: Float64Array): void {
    this.apportioner.split(fee, weights, out);
  }
}

