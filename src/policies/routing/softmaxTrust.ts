import * as z from "zod";
import { num } from "../../scenario/fields.js";
import { drawIndex, weightedRouting } from "./weights.js";

const params = z
  .object({
    temperature: num({ gt: 0, max: 1e6 })
      .default(0.1)
      .describe("Softmax temperature T: P(model) is proportional to exp(reputation / T); small T approaches greedy, large T uniform."),
  })
  .strict();

/**
 * Route at random with P(m) ∝ exp(reputation(m) / T) over the domain's models
 * (Boltzmann exploration). Weights are computed relative to the best reputation,
 * so exp never overflows; one uniform draw per call, by inversion in candidate order.
 */
export const softmaxTrust = weightedRouting(
  {
    name: "softmax-trust",
    description: "Send each call to a model of the domain drawn with probability proportional to exp(reputation / temperature).",
    schema: params,
  },
  (p, weights, n, rng) => {
    let top = -Infinity;
    for (let i = 0; i < n; i++) top = Math.max(top, weights[i]!);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i] = Math.exp((weights[i]! - top) / p.temperature);
    return drawIndex(weights, n, total, rng.uniform());
  },
);
