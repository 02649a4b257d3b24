import * as z from "zod";
import { prob } from "../../scenario/fields.js";
import { Share, type RewardsPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { FeeSplitter, shareFields, shareWeights, SUMS_TO_ONE, sumsToOne } from "./shares.js";

const params = z
  .object({ ...shareFields, threshold: prob().default(0.5).describe("Minimum reputation of the serving model for its owner and its data to be paid.") })
  .strict()
  .refine(sumsToOne, SUMS_TO_ONE);
type Params = z.output<typeof params>;

/**
 * Fixed shares, but a call served by a model whose reputation is below
 * `threshold` pays neither the model owner nor its training data: those shares
 * go to the treasury. Low-quality models (and the data behind them) stop earning
 * once the trust policy has found them out.
 */
export const qualityGated: PolicyDefinition<RewardsPolicy, Params> = {
  name: "quality-gated",
  description: "Fixed shares, except that fees of calls served by a model below a reputation threshold go to the treasury instead of its owner and data.",
  schema: params,
  create(p) {
    const open = shareWeights(p);
    const gated = shareWeights(p);
    gated[Share.treasury]! += gated[Share.model]! + gated[Share.data]!;
    gated[Share.model] = 0;
    gated[Share.data] = 0;
    const splitter = new FeeSplitter();
    return { splitFee: (fee, out, call) => splitter.split(fee, call.modelReputation() >= p.threshold ? open : gated, out) };
  },
};
