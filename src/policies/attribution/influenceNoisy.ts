import * as z from "zod";
import { num, showValue } from "../../scenario/fields.js";
import type { Stream } from "../../sim/rng/index.js";
import { coverageShapley } from "./coverageShapley.js";
import type { CoverageGame } from "./coverage.js";
import { requireCoverage, ruleFromValues, type AttributionRuleDefinition } from "./rule.js";

const params = z
  .object({
    noise: num({ min: 0, max: 100 }).default(0.1).describe("Noise level: sd of the additive noise as a multiple of the mean share v(N)/n, or sigma of the multiplicative lognormal."),
    model: z
      .enum(["additive", "multiplicative"], { error: (iss) => `expected one of additive, multiplicative, got ${showValue(iss.input)}` })
      .default("additive")
      .describe("additive: φ_i + N(0, (noise·v(N)/n)²), clipped at 0; multiplicative: φ_i · exp(noise·Z − noise²/2) (mean-preserving, keeps zeros at 0)."),
  })
  .strict();
type Params = z.output<typeof params>;

/**
 * True coverage-Shapley shares plus calibrated noise, modelling an imperfect
 * gradient- or suffix-array-based "proof of attribution". One standard normal
 * per player, in player order, from `rng`. Additive noise can pay a copy that
 * truly earns nothing; multiplicative noise only reorders the earners.
 */
export function influenceNoisy(game: CoverageGame, p: Params, rng: Stream): Float64Array {
  const phi = coverageShapley(game);
  let total = 0;
  for (let i = 0; i < game.n; i++) total += phi[i]!;
  const sd = game.n > 0 ? (p.noise * Math.abs(total)) / game.n : 0;
  return phi.map((v) => {
    const e = rng.normal();
    return p.model === "additive" ? Math.max(0, v + sd * e) : v * Math.exp(p.noise * e - (p.noise * p.noise) / 2);
  });
}

/** Ground truth seen through a noisy attribution oracle; the noise level is the experiment's knob. */
export const influenceNoisyAttribution: AttributionRuleDefinition<Params> = {
  name: "influence-noisy",
  description: "Coverage-Shapley shares plus calibrated noise (additive Gaussian or multiplicative lognormal), modelling imperfect proof of attribution.",
  schema: params,
  create(p, ctx) {
    const rng = ctx.stream("noise");
    return ruleFromValues((game) => influenceNoisy(requireCoverage(game, "influence-noisy"), p, rng));
  },
};
