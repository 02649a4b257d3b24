import * as z from "zod";
import { num } from "../../scenario/fields.js";
import type { Stream } from "../../sim/rng/index.js";
import { grandValue, type Game } from "./game.js";
import { ruleFromValues, type AttributionRuleDefinition } from "./rule.js";
import { PermutationSampler, randomPermutation } from "./sampling.js";

const params = z
  .object({
    samples: num({ min: 1, max: 10_000_000, int: true }).default(100).describe("Random permutations per model version; error shrinks as 1/sqrt(samples), cost is samples × total units."),
    tolerance: num({ min: 0, max: 1 })
      .default(0)
      .describe("TMC truncation: stop scanning a permutation once |v(N) − v(prefix)| < tolerance × |v(N)| (0 = no truncation)."),
  })
  .strict();
type Params = z.output<typeof params>;

/**
 * Estimate Shapley values from `samples` uniform permutations drawn from `rng`,
 * every player scored on the same permutations (so without truncation the
 * estimates sum to v(N)). With tolerance > 0, truncated as in TMC-Shapley
 * Algorithm 1 (Ghorbani & Zou 2019) with absolute tolerance tolerance·|v(N)|;
 * truncation biases each permutation's total by less than that.
 */
export function shapleyMonteCarlo(game: Game, p: Params, rng: Stream): Float64Array {
  const absolute = p.tolerance > 0 ? p.tolerance * Math.abs(grandValue(game)) : 0;
  const sampler = new PermutationSampler(game, absolute);
  const perm = new Int32Array(game.n);
  for (let s = 0; s < p.samples; s++) sampler.scan(randomPermutation(perm, rng));
  return sampler.estimate();
}

/** Permutation-sampling Shapley (Castro et al. 2009), optionally truncated (TMC-Shapley). */
export const shapleyMcAttribution: AttributionRuleDefinition<Params> = {
  name: "shapley-mc",
  description: "Monte Carlo Shapley value from random permutations, optionally truncated as in TMC-Shapley.",
  schema: params,
  create(p, ctx) {
    const rng = ctx.stream("permutations");
    return ruleFromValues((game) => shapleyMonteCarlo(game, p, rng), ["efficiency"]);
  },
};
