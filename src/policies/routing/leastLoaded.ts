import * as z from "zod";
import type { RoutingPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";

/** Join-the-shortest-queue relative to capacity; ties go to the lowest model index (deterministic). */
export const leastLoaded: PolicyDefinition<RoutingPolicy, Record<string, never>> = {
  name: "least-loaded",
  description: "Send each call to the model with the lowest load/capacity ratio (ties: lowest index).",
  schema: z.object({}).strict(),
  create() {
    return {
      chooseModel(_agent, _task, models) {
        let best = 0;
        let bestRatio = Infinity;
        for (let m = 0; m < models.count; m++) {
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
