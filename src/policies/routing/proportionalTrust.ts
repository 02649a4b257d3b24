import * as z from "zod";
import { prob } from "../../scenario/fields.js";
import { drawIndex, weightedRouting } from "./weights.js";

const params = z
  .object({
    newcomerShare: prob()
      .default(0.1)
      .describe("Share of calls sent uniformly to the candidates with reputation 0, when some have 0 and some more (EigenTrust §5/§6: 10%), so newcomers can build a reputation."),
  })
  .strict();

/**
 * EigenTrust's probabilistic source selection (Kamvar, Schlosser & Garcia-Molina
 * 2003, §5 "using global trust values" and §6's simulated downloads): the peer
 * downloads from a responder j with probability t_j / Σ_k t_k over the
 * responders, and, to let newcomers build a reputation, from a responder with
 * global trust 0 with probability 10%. Here the responders are the task domain's
 * candidate models and t is their reputation under the scenario's trust policy:
 * - some candidates at 0 and some above: with probability `newcomerShare` a
 *   uniformly random zero-reputation candidate, otherwise one drawn ∝ reputation
 *   among the others (two uniform draws);
 * - none at 0: drawn ∝ reputation (one draw); all at 0: uniform (one draw).
 * Departure: the paper's responders are the peers holding the queried file; every
 * model of a domain serves all its tasks, so all of the domain's models respond.
 * Unlike softmax-trust over t / max t, equal reputations give equal shares.
 */
export const proportionalTrust = weightedRouting(
  {
    name: "proportional-trust",
    description: "EigenTrust's source selection: P(model) ∝ reputation among the domain's models, with newcomerShare (10%) of calls sent uniformly to zero-reputation models.",
    schema: params,
  },
  (p, weights, n, rng) => {
    let total = 0;
    let zeros = 0;
    for (let i = 0; i < n; i++) {
      const r = (weights[i] = Math.max(0, weights[i]!));
      total += r;
      if (r === 0) zeros++;
    }
    if (zeros === n) return rng.int(n);
    if (zeros > 0 && rng.uniform() < p.newcomerShare) {
      let k = rng.int(zeros);
      for (let i = 0; i < n; i++) if (weights[i] === 0 && k-- === 0) return i;
    }
    return drawIndex(weights, n, total, rng.uniform());
  },
);
