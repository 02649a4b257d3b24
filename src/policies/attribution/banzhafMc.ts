import * as z from "zod";
import { num } from "../../scenario/fields.js";
import type { Stream } from "../../sim/rng/index.js";
import type { Game } from "./game.js";
import { ruleFromValues, type AttributionRuleDefinition } from "./rule.js";
import { MsrSampler, randomCoalition } from "./sampling.js";

const params = z
  .object({
    samples: num({ min: 1, max: 10_000_000, int: true }).default(100).describe("Random coalitions per model version (each is evaluated once and updates every player)."),
  })
  .strict();
type Params = z.output<typeof params>;

/**
 * Estimate raw Banzhaf values with the maximum-sample-reuse (MSR) estimator of
 * Data Banzhaf (Wang & Jia 2023): draw coalitions S uniformly from 2^N (each
 * player in with probability 1/2, independently); β̂_i = mean{v(S) : i ∈ S} −
 * mean{v(S) : i ∉ S}. One evaluation per sample serves all players. A player
 * never (or always) sampled in gets NaN (undefined), which credits 0.
 */
export function banzhafMonteCarlo(game: Game, p: Params, rng: Stream): Float64Array {
  const sampler = new MsrSampler(game);
  const member = new Uint8Array(game.n);
  for (let s = 0; s < p.samples; s++) sampler.sample(randomCoalition(member, rng));
  return sampler.estimate();
}

/** Data Banzhaf by MSR sampling: robust to noise in v, not efficient; negative estimates credit 0. */
export const banzhafMcAttribution: AttributionRuleDefinition<Params> = {
  name: "banzhaf-mc",
  description: "Monte Carlo raw Banzhaf value (Data Banzhaf, maximum-sample-reuse estimator).",
  schema: params,
  create(p, ctx) {
    const rng = ctx.stream("coalitions");
    return ruleFromValues((game) => banzhafMonteCarlo(game, p, rng));
  },
};
