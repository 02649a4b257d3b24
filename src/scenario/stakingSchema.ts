// `datanets.staking`: OpenLedger-style data staking and review (see
// docs/openledger-staking.md). The block is optional and absent by default, so
// a scenario without it resolves, runs and writes exactly what it did before;
// with the block and `stake: 0` the mechanism is off too.
import * as z from "zod";
import { hours, micro, num, prob, showValue } from "./fields.js";

export const SLASH_DESTINATIONS = ["treasury", "reviewers"] as const;

const penalty = z
  .object({
    perSlash: num({ min: 0, max: 1e6 }).default(1).describe("Added to a provider's penalty score each time one of its contributions is slashed (score units)."),
    decay: prob().default(0.1).describe("At each of the provider's uploads its penalty score is multiplied by (1 - decay), in [0,1]: good behaviour over many uploads lets the score fade."),
    threshold: num({ min: 0, max: 1e6 }).default(1.5).describe("While a provider's penalty score is above this (score units), its data rewards are cut."),
    rewardFactor: prob().default(0.5).describe("Share of a data reward paid to a provider whose penalty score is above the threshold, in [0,1]; the rest goes to the treasury."),
  })
  .strict()
  .prefault({});

export const dataStakingSchema = z
  .object({
    stake: micro().default(0).describe("Stake a provider locks with each contribution, micro-units; 0 turns data staking off (no stake, no review, no penalty)."),
    lockPeriod: hours().default(168).describe("Hours a contribution's stake stays locked; what is left of it after any slash returns to the provider then."),
    reviewShare: prob().default(0.1).describe("Share of accepted contributions a validator reviews, in [0,1] (each sampled independently)."),
    reviewDelay: hours().default(24).describe("Hours after submission a sampled contribution is reviewed; at most lockPeriod."),
    reviewCost: micro().default(1_000).describe("Cost of one review, micro-units, paid by the reviewing validator to outside the economy."),
    slashFraction: prob().default(0.5).describe("Share of a contribution's stake taken when its review judges it bad, in [0,1] (rounded down to whole micro-units)."),
    slashTo: z
      .enum(SLASH_DESTINATIONS, { error: (iss) => `expected treasury or reviewers, got ${showValue(iss.input)}` })
      .default("treasury")
      .describe("Where slashed data stake goes: `treasury`, or `reviewers` (the validator who judged the contribution bad)."),
    qualityThreshold: prob().default(0.3).describe("A contribution of quality below this counts as low-quality, in [0,1]."),
    penalty: penalty.describe("The provider penalty score: raised by each slash, faded by each upload; above the threshold the provider's data rewards are cut."),
  })
  .strict();

export type DataStakingParsed = z.output<typeof dataStakingSchema>;
