import * as z from "zod";
import { micro } from "../../scenario/fields.js";
import { Share, type RewardsPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { FeeSplitter, shareFields, shareWeights, SUMS_TO_ONE, sumsToOne } from "./shares.js";

const params = z
  .object({
    ...shareFields,
    stakeTarget: micro().default(30_000_000_000).describe("Total validator stake (micro-units) at which validators earn their full share."),
  })
  .strict()
  .refine(sumsToOne, SUMS_TO_ONE);
type Params = z.output<typeof params>;

/**
 * Security is paid for by how much of it there is: the validators receive
 * validators × min(1, total stake / stakeTarget) of each fee, the rest of their
 * share goes to the treasury. Slashing lowers the total stake, and with it the
 * validators' income. (Validators split their income by stake at each epoch.)
 */
export const stakeWeighted: PolicyDefinition<RewardsPolicy, Params> = {
  name: "stake-weighted",
  description: "Fixed shares, with the validators' share scaled by total stake / stakeTarget (capped at 1); the rest goes to the treasury.",
  schema: params,
  create(p) {
    const base = shareWeights(p);
    const weights = new Float64Array(base);
    const splitter = new FeeSplitter();
    return {
      splitFee(fee, out, call) {
        const coverage = p.stakeTarget === 0 ? 1 : Math.min(1, call.totalStake() / p.stakeTarget);
        weights[Share.validators] = base[Share.validators]! * coverage;
        weights[Share.treasury] = base[Share.treasury]! + base[Share.validators]! * (1 - coverage);
        splitter.split(fee, weights, out);
      },
    };
  },
};
