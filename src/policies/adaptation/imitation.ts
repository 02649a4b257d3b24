import * as z from "zod";
import { hours, prob } from "../../scenario/fields.js";
import type { AdaptationPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

const params = z
  .object({
    every: hours().default(168).describe("Hours between adaptation steps."),
    rate: prob().default(0.1).describe("Chance that a member reconsiders its behaviour at a step."),
  })
  .strict();

/**
 * Pairwise imitation (a discrete replicator dynamic): a member that reconsiders
 * samples one peer uniformly and copies the peer's behaviour if the peer's profit
 * over the last period was strictly higher. All decisions use the behaviours and
 * profits at the start of the step, so member order does not matter.
 */
export const imitation: PolicyDefinition<AdaptationPolicy, z.output<typeof params>> = {
  name: "imitation",
  description: "Every `every` hours, each member with probability `rate` copies a random peer's behaviour if the peer earned more.",
  schema: params,
  create(p) {
    return {
      every: p.every,
      adapt(population, rng, next) {
        const n = population.count;
        for (let i = 0; i < n; i++) {
          const own = population.behavior(i);
          next[i] = own;
          const stream = rng(i);
          if (n < 2 || !population.adoptable(own) || !stream.bernoulli(p.rate)) continue;
          let peer = stream.int(n - 1);
          if (peer >= i) peer++;
          const theirs = population.behavior(peer);
          if (population.adoptable(theirs) && population.profit(peer) > population.profit(i)) next[i] = theirs;
        }
      },
    };
  },
};
