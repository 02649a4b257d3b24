// Shared by the routing policies that draw a model by weight (softmax-trust,
// proportional-trust): a reusable weight buffer over a domain's candidates and
// one draw by inversion, so a call allocates nothing.
import type * as z from "zod";
import type { ModelsView, RoutingPolicy } from "../../sim/economy/seams.js";
import type { Stream } from "../../sim/rng/index.js";
import type { PolicyDefinition } from "../types.js";

export class CandidateWeights {
  weights = new Float64Array(16);

  /** Write the reputations of the domain's n candidates into weights[0..n) (in candidate order); returns n. */
  reputations(domain: number, models: ModelsView): number {
    const n = models.candidateCount(domain);
    if (this.weights.length < n) this.weights = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) this.weights[i] = models.reputation(models.candidate(domain, i));
    return n;
  }
}

/**
 * Index i in [0, n) with probability w_i / total, by inversion of u in [0, 1):
 * the first i where u·total − Σ_{k<=i} w_k < 0. A zero weight is never chosen;
 * if rounding leaves u·total unspent, the last positive weight takes it.
 */
export function drawIndex(w: Float64Array, n: number, total: number, u: number): number {
  let left = u * total;
  let last = n - 1;
  for (let i = 0; i < n; i++) {
    if (w[i]! === 0) continue;
    last = i;
    left -= w[i]!;
    if (left < 0) return i;
  }
  return last;
}

/**
 * A routing policy that reads the domain's candidates' reputations into a reused
 * buffer and lets `choose` turn them (in place) into the index of the candidate served,
 * drawing from the policy's "pick" stream.
 */
export function weightedRouting<P>(
  def: { name: string; description: string; schema: z.ZodType<P> },
  choose: (p: P, weights: Float64Array, n: number, rng: Stream) => number,
): PolicyDefinition<RoutingPolicy, P> {
  return {
    ...def,
    create(p, ctx) {
      const rng = ctx.stream("pick");
      const buffer = new CandidateWeights();
      return {
        chooseModel(_agent, domain, models) {
          const n = buffer.reputations(domain, models);
          return models.candidate(domain, choose(p, buffer.weights, n, rng));
        },
      };
    },
  };
}
