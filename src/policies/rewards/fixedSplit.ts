import * as z from "zod";
import type { RewardsPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { FeeSplitter, shareFields, shareWeights, SUMS_TO_ONE, sumsToOne } from "./shares.js";

const params = z.object(shareFields).strict().refine(sumsToOne, SUMS_TO_ONE);
type Params = z.output<typeof params>;

/** Split every fee by fixed shares, apportioned exactly (largest remainder). */
export const fixedSplit: PolicyDefinition<RewardsPolicy, Params> = {
  name: "fixed-split",
  description: "Split each inference fee by fixed shares between data, model owner, agent, validators and treasury.",
  schema: params,
  create(p) {
    const weights = shareWeights(p);
    const splitter = new FeeSplitter();
    return { splitFee: (fee, out) => splitter.split(fee, weights, out) };
  },
};
