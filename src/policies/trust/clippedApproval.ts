import * as z from "zod";
import { prob } from "../../scenario/fields.js";
import { Kind, type EntityKind, type TrustPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { EpochVerdicts } from "./epochVerdicts.js";
import { KindColumns } from "./kindColumns.js";
import { emaStep } from "./math/reputation.js";
import { stakeWeightedMedian } from "./math/weightedMedian.js";

const params = z
  .object({
    kappa: prob().default(0.5).describe("Consensus quantile: the consensus weight is the largest c that validators holding at least kappa of the raters' stake reach."),
    bondsAlpha: prob().default(0.1).describe("EMA rate of validator bonds (Bittensor's bonds moving average 0.9 is rate 0.1)."),
    initial: prob().default(0.5).describe("Reputation of an entity before its first epoch (and after it re-enters)."),
  })
  .strict();

/**
 * Yuma's clipping (Bittensor) applied to verification verdicts rather than to
 * weight vectors: the question it answers is whether stake-weighted median
 * clipping neutralises validators that vouch for malicious *agents*, which the
 * faithful `yuma` policy cannot ask (Yuma rates miners, i.e. models, only).
 * Run at every epoch over that epoch's verdicts, separately for each judged agent and model j:
 *   weight W_vj = validator v's approval rate of j this epoch (only validators that judged j);
 *   consensus C_j = stake-weighted median (quantile kappa) of the W_vj, stake from the ledger;
 *   clipped W̄_vj = min(W_vj, C_j);
 *   reputation of j = Σ_v S_v W̄_vj / Σ_v S_v over j's raters (the consensus-clipped rank),
 *   set at every epoch in which j was judged and kept otherwise (`initial` before).
 * A validator's trust this epoch is Σ_j W̄_vj / Σ_j W_vj, the share of its weight that
 * survived clipping (Yuma's validator trust); its reputation is the bond: an EMA of
 * that trust with rate `bondsAlpha`. Not Yuma (see `yuma` for that): weights are
 * approval rates, not row-normalised (validators see different subsets of
 * subjects, so normalised rows would not be comparable), bonds are kept per
 * validator rather than per (validator, subject), and no emission flows.
 */
export const clippedApprovalTrust: PolicyDefinition<TrustPolicy, z.output<typeof params>> = {
  name: "clipped-approval",
  description: "Approval rates of agents and models clipped at the stake-weighted median of validators (Yuma's clipping applied to verdicts); validator reputation as an EMA of its clipped-weight share.",
  schema: params,
  create(p) {
    const rep = new KindColumns(p.initial);
    const log = new EpochVerdicts();
    let stake = new Float64Array(0);
    let score = new Float64Array(0);
    let raw = new Float64Array(0);
    let clipped = new Float64Array(0);
    let idx = new Int32Array(0);
    const judge = (kind: EntityKind, subject: number, who: Int32Array, n: number, yes: Float64Array, no: Float64Array) => {
      let support = 0;
      for (let k = 0; k < n; k++) {
        const v = who[k]!;
        score[v] = yes[v]! / (yes[v]! + no[v]!);
        support += stake[v]!;
        idx[k] = v;
      }
      if (!(support > 0)) return; // only stakeless validators judged it: no consensus
      const consensus = stakeWeightedMedian(score, stake, idx, n, p.kappa);
      let rank = 0;
      for (let k = 0; k < n; k++) {
        const v = who[k]!;
        const w = Math.min(score[v]!, consensus);
        rank += stake[v]! * w;
        raw[v]! += score[v]!;
        clipped[v]! += w;
      }
      rep.set(kind, subject, rank / support);
    };
    return {
      report(validator, agent, model, correct) {
        log.record(validator, agent, model, correct);
      },
      reputation: (kind, id) => rep.get(kind, id),
      reset(kind, id) {
        rep.set(kind, id, p.initial);
        log.forget(kind, id);
      },
      onEpoch(_now, validators) {
        const n = Math.max(validators.count, log.extentOf(Kind.validator));
        if (stake.length < n) {
          stake = new Float64Array(n);
          score = new Float64Array(n);
          raw = new Float64Array(n);
          clipped = new Float64Array(n);
          idx = new Int32Array(n);
        }
        let total = 0;
        for (let v = 0; v < n; v++) total += stake[v] = v < validators.count ? validators.stake(v) : 0;
        if (!(total > 0)) stake.fill(1); // no stake anywhere: one validator, one vote
        raw.fill(0);
        clipped.fill(0);
        log.forEachSubject(judge);
        log.clear();
        for (let v = 0; v < n; v++) {
          if (raw[v]! > 0) rep.set(Kind.validator, v, emaStep(rep.get(Kind.validator, v), p.bondsAlpha, clipped[v]! / raw[v]!));
        }
      },
    };
  },
};
