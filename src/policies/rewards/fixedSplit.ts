import * as z from "zod";
import { prob } from "../../scenario/fields.js";
import { apportion } from "../../sim/ledger/apportion.js";
import type { RewardsPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

const params = z
  .object({
    data: prob().default(0.4).describe("Share of each fee credited to the model's training data (via attribution)."),
    model: prob().default(0.45).describe("Share kept by the model owner."),
    agent: prob().default(0).describe("Share rebated to the calling agent."),
    validators: prob().default(0.1).describe("Share paid to the validators."),
    treasury: prob().default(0.05).describe("Share paid to the treasury."),
  })
  .strict()
  .refine((p) => Math.abs(p.data + p.model + p.agent + p.validators + p.treasury - 1) < 1e-9, {
    error: "expected data + model + agent + validators + treasury = 1",
  });
type Params = z.output<typeof params>;

/** Split every fee by fixed shares, apportioned exactly (largest remainder). */
export const fixedSplit: PolicyDefinition<RewardsPolicy, Params> = {
  name: "fixed-split",
  description: "Split each inference fee by fixed shares between data, model owner, agent, validators and treasury.",
  schema: params,
  create(p) {
    const weights = new Float64Array([p.data, p.model, p.agent, p.validators, p.treasury]);
    return { splitFee: (fee, out) => apportion(fee, weights, out) };
  },
};
