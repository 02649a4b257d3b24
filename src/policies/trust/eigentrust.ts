import * as z from "zod";
import { count, num, prob } from "../../scenario/fields.js";
import { Kind, type EntityKind, type TrustPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { EdgeTable } from "./edgeTable.js";
import { EpochVerdicts } from "./epochVerdicts.js";
import { KindColumns } from "./kindColumns.js";
import { EigenTrustSolver, pretrustVector } from "./math/eigenTrust.js";

const params = z
  .object({
    alpha: prob().default(0.15).describe("Teleport weight a: t <- (1 - a) C^T t + a p."),
    preTrusted: count(0)
      .default(0)
      .describe("The validators 0..preTrusted-1 form the pre-trusted set P; 0 means every validator is pre-trusted (p uniform over validators)."),
    epsilon: num({ gt: 0, max: 1 }).default(1e-10).describe("Stop the power iteration when the L1 change is below this."),
    maxIterations: count(1).default(1000).describe("Upper bound on power-iteration steps per epoch."),
    agreementWeight: num({ min: 0, max: 1e6 })
      .default(1)
      .describe("Local trust one validator gives another per agent they both judged in an epoch and agree on (minus per disagreement), relative to one verdict."),
    forgetting: prob().default(1).describe("Factor applied to all accumulated local trust at each epoch (1 = Kamvar's cumulative counts)."),
    initial: prob().default(0.5).describe("Reputation of an entity not yet rated at an epoch (and after it re-enters)."),
  })
  .strict();

const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);
const RATED = [Kind.validator, Kind.agent, Kind.model] as const;

/**
 * EigenTrust (Kamvar, Schlosser & Garcia-Molina 2003) over one peer graph of
 * validators, agents and models, recomputed at every epoch:
 * - a validator rates each agent and model it judged: s += approvals − rejections
 *   (a split report, an EigenTrust spy's, counts its agent verdict for the agent and
 *   its model verdict for the model);
 * - two validators that judged the same agent in an epoch rate each other:
 *   s += agreementWeight × sign(v's net verdict) × sign(u's net verdict) (models are
 *   not used here: a model's results mix every agent's work, so agreement on them
 *   says little about a validator);
 * - agents and models rate no one (their rows are dangling, i.e. replaced by p).
 * The pre-trusted set P is validators 0..preTrusted-1, or every validator when
 * preTrusted = 0: p never covers agents or models, since a uniform p over all peers
 * would hand each of them the same teleport mass and swamp the ratings (agents far
 * outnumber validators, and their dangling rows return most of the mass to p).
 * Local trust accumulates over the run (times `forgetting` per epoch); C, p and the
 * power iteration are exactly those of the known-answer vectors (math/eigenTrust.ts).
 * Reputation is t_i / max t over the rated entities of the same kind, so the best
 * validator, agent and model each score 1 (all 0 if no trusted peer rates that kind);
 * an entity not rated by the last epoch (new, or reset since) has `initial`.
 * EigenTrust grows with the volume of approved work: a rarely judged honest agent
 * scores below a busy one.
 */
export const eigenTrust: PolicyDefinition<TrustPolicy, z.output<typeof params>> = {
  name: "eigentrust",
  description: "EigenTrust (Kamvar et al. 2003) over validators, agents and models with a pre-trusted set and teleport alpha; recomputed each epoch.",
  schema: params,
  create(p) {
    const log = new EpochVerdicts();
    const edges = new EdgeTable();
    const solver = new EigenTrustSolver();
    const rated = new KindColumns(0); // 1: rated as of the last epoch and not reset since
    const extent = new Int32Array(4); // max id + 1 seen per kind, over the run
    const offset = new Int32Array(4);
    const best = new Float64Array(4);
    let src = new Int32Array(0);
    let dst = new Int32Array(0);
    let t = new Float64Array(0);
    let prior = new Float64Array(0);
    let pre = new Int32Array(0);

    const aggregate = (kind: EntityKind, subject: number, who: Int32Array, n: number, yes: Float64Array, no: Float64Array) => {
      rated.set(kind, subject, 1);
      for (let k = 0; k < n; k++) {
        const v = who[k]!;
        edges.add(v, kind, subject, yes[v]! - no[v]!);
        if (p.agreementWeight === 0 || kind !== Kind.agent) continue;
        const sv = sign(yes[v]! - no[v]!);
        for (let h = k + 1; h < n; h++) {
          const u = who[h]!;
          const s = p.agreementWeight * sv * sign(yes[u]! - no[u]!);
          edges.add(v, Kind.validator, u, s);
          edges.add(u, Kind.validator, v, s);
          rated.set(Kind.validator, u, 1);
          rated.set(Kind.validator, v, 1);
        }
      }
    };

    return {
      report(validator, agent, model, correct) {
        log.record(validator, agent, model, correct);
      },
      reportSplit(validator, agent, model, agentCorrect, modelCorrect) {
        log.record(validator, agent, model, agentCorrect, modelCorrect);
      },
      reputation(kind, id) {
        if (kind === Kind.provider || id >= extent[kind]! || rated.get(kind, id) === 0) return p.initial;
        return best[kind]! > 0 ? t[offset[kind]! + id]! / best[kind]! : 0;
      },
      reset(kind, id) {
        edges.forget(kind, id, kind === Kind.validator);
        log.forget(kind, id);
        rated.set(kind, id, 0);
      },
      onEpoch(_now, validators) {
        for (const kind of RATED) extent[kind] = Math.max(extent[kind]!, log.extentOf(kind));
        extent[Kind.validator] = Math.max(extent[Kind.validator]!, validators.count);
        edges.scale(p.forgetting);
        log.forEachSubject(aggregate);
        log.clear();
        // Peers: validators, then agents, then models.
        offset[Kind.validator] = 0;
        offset[Kind.agent] = extent[Kind.validator]!;
        offset[Kind.model] = offset[Kind.agent]! + extent[Kind.agent]!;
        const n = offset[Kind.model]! + extent[Kind.model]!;
        if (n === 0) return;
        if (t.length < n) {
          t = new Float64Array(n * 2);
          prior = new Float64Array(n * 2);
        }
        if (src.length < edges.count) {
          src = new Int32Array(edges.count * 2);
          dst = new Int32Array(edges.count * 2);
        }
        for (let e = 0; e < edges.count; e++) {
          src[e] = edges.src[e]!;
          dst[e] = offset[edges.kind[e]!]! + edges.dst[e]!;
        }
        const k = p.preTrusted > 0 ? Math.min(p.preTrusted, extent[Kind.validator]!) : extent[Kind.validator]!;
        if (pre.length < k) pre = Int32Array.from({ length: k }, (_, i) => i);
        for (let v = 0; v < k; v++) rated.set(Kind.validator, v, 1);
        pretrustVector(n, pre.subarray(0, k), prior);
        solver.solve(n, { count: edges.count, src, dst, value: edges.value }, prior, p.alpha, p.epsilon, p.maxIterations, t);
        best.fill(0);
        for (const kind of RATED) {
          for (let id = 0; id < extent[kind]!; id++) {
            if (rated.get(kind, id) === 1) best[kind] = Math.max(best[kind]!, t[offset[kind]! + id]!);
          }
        }
      },
    };
  },
};
