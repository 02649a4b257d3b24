import * as z from "zod";
import { prob } from "../../scenario/fields.js";
import type { RoutingPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

const params = z
  .object({
    explore: prob().default(0).describe("Probability of sending a call to a uniformly random model of the domain instead (epsilon-greedy)."),
  })
  .strict();

/**
 * Route to the domain's model with the highest reputation; ties go to the lowest
 * load/capacity ratio, then to the lowest model index. With probability `explore`
 * a uniformly random candidate is chosen instead (the draw is skipped when explore = 0).
 */
export const greedyTrust: PolicyDefinition<RoutingPolicy, z.output<typeof params>> = {
  name: "greedy-trust",
  description: "Send each call to the domain's most reputable model (ties: least loaded, then lowest index); optional epsilon exploration.",
  schema: params,
  create(p, ctx) {
    const rng = ctx.stream("explore");
    return {
      chooseModel(_agent, domain, models) {
        const n = models.candidateCount(domain);
        if (p.explore > 0 && rng.uniform() < p.explore) return models.candidate(domain, rng.int(n));
        let best = -1;
        let bestRep = -Infinity;
        let bestRatio = Infinity;
        for (let i = 0; i < n; i++) {
          const m = models.candidate(domain, i);
          const rep = models.reputation(m);
          if (rep < bestRep) continue;
          const ratio = models.load(m) / models.capacity(m);
          if (rep > bestRep || ratio < bestRatio || (ratio === bestRatio && m < best)) {
            best = m;
            bestRep = rep;
            bestRatio = ratio;
          }
        }
        return best;
      },
    };
  },
};
