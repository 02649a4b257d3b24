import * as z from "zod";
import { num } from "../../scenario/fields.js";
import type { RoutingPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

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
export const softmaxTrust: PolicyDefinition<RoutingPolicy, z.output<typeof params>> = {
  name: "softmax-trust",
  description: "Send each call to a model of the domain drawn with probability proportional to exp(reputation / temperature).",
  schema: params,
  create(p, ctx) {
    const rng = ctx.stream("pick");
    let weights = new Float64Array(16);
    return {
      chooseModel(_agent, domain, models) {
        const n = models.candidateCount(domain);
        if (weights.length < n) weights = new Float64Array(n * 2);
        let top = -Infinity;
        for (let i = 0; i < n; i++) top = Math.max(top, (weights[i] = models.reputation(models.candidate(domain, i))));
        let total = 0;
        for (let i = 0; i < n; i++) total += weights[i] = Math.exp((weights[i]! - top) / p.temperature);
        let u = rng.uniform() * total;
        for (let i = 0; i < n - 1; i++) {
          u -= weights[i]!;
          if (u < 0) return models.candidate(domain, i);
        }
        return models.candidate(domain, n - 1);
      },
    };
  },
};
