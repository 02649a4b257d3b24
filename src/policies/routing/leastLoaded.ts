import * as z from "zod";
import type { RoutingPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

/** Join-the-shortest-queue relative to capacity; ties go to the lowest model index (deterministic). */
export const leastLoaded: PolicyDefinition<RoutingPolicy, Record<string, never>> = {
  name: "least-loaded",
  description: "Send each call to the task domain's model with the lowest load/capacity ratio (ties: lowest index).",
  schema: z.object({}).strict(),
  create() {
    return {
      chooseModel(_agent, domain, models) {
        let best = -1;
        let bestRatio = Infinity;
        const n = models.candidateCount(domain);
        for (let i = 0; i < n; i++) {
          const m = models.candidate(domain, i);
          const ratio = models.load(m) / models.capacity(m);
          if (ratio < bestRatio) {
            bestRatio = ratio;
            best = m;
          }
        }
        return best;
      },
    };
  },
};
