import * as z from "zod";
import { num, prob } from "../../scenario/fields.js";
import { growF64 } from "../../sim/growable.js";
import { Kind, type EntityKind, type TrustPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { BetaTable } from "./betaTable.js";
import { EpochVerdicts } from "./epochVerdicts.js";

const params = z
  .object({
    slashFraction: prob().default(0.05).describe("Share of a validator's stake slashed in an epoch where it disagreed too often (Cosmos double-sign: 0.05)."),
    tolerance: prob()
      .default(0.1)
      .describe("A validator is slashed when its disagreement rate with the other validators' majority exceeds the median validator's rate by more than this."),
    minReports: num({ gt: 0, max: 1e9 }).default(30).describe("Compared reports (after memory decay) a validator needs before it is assessed."),
    memory: prob()
      .default(0.8)
      .describe("Per-epoch decay of each validator's compared and disagreeing report counts (0 = judge each epoch alone; 0.8 ~ the last 5 epochs)."),
    forgetting: prob()
      .default(0.99)
      .describe("Beta forgetting factor lambda: per report for agents and models, per assessed epoch for validators."),
  })
  .strict();

const AGENTS = [Kind.agent];

/**
 * Stake and slash. Agents and models get beta reputation from verdicts, as in
 * `beta`. Validators are assessed at each epoch:
 * - every report on an agent that other validators also judged during the epoch is
 *   compared with the majority of *their* reports on that agent (a tie: not compared);
 * - per validator, compared and disagreeing report counts decay by `memory` each
 *   epoch and then add the epoch's counts; its disagreement rate is their ratio;
 * - the baseline is the median rate of the validators with at least `minReports`
 *   compared reports, and each of them whose rate exceeds baseline + `tolerance`
 *   loses `slashFraction` of its stake (validators.slash) and gains one unit of
 *   negative evidence; the others gain one unit of positive evidence.
 * Each result is checked by one validator, so honest validators disagree with the
 * majority whenever an agent's results are mixed; measuring against the median
 * forgives that shared noise (assuming honest validators are the majority by
 * count), and `memory` pools the few reports a validator makes per epoch. Models
 * are not subjects here: a model's results mix every agent's work (including what
 * colluders vouch for), so a majority verdict on a model means little. A
 * validator's reputation is the beta expectation of its evidence, so stake ×
 * reputation is the weight of REFERENCE.md §4's illustrative stake_slash model.
 */
export const stakeSlashTrust: PolicyDefinition<TrustPolicy, z.output<typeof params>> = {
  name: "stake-slash",
  description: "Beta reputation for agents and models; each epoch, validators that disagree with the majority more than the median validator plus a tolerance are slashed.",
  schema: params,
  create(p) {
    const table = new BetaTable();
    const log = new EpochVerdicts();
    // Per validator: compared and disagreeing reports, decayed by `memory` each epoch.
    let compared: Float64Array = new Float64Array(0);
    let disagreed: Float64Array = new Float64Array(0);
    let rates = new Float64Array(0);
    const compare = (_kind: EntityKind, _subject: number, who: Int32Array, n: number, yes: Float64Array, no: Float64Array) => {
      if (n < 2) return;
      let approvals = 0;
      let rejections = 0;
      for (let k = 0; k < n; k++) {
        approvals += yes[who[k]!]!;
        rejections += no[who[k]!]!;
      }
      for (let k = 0; k < n; k++) {
        const v = who[k]!;
        const others = approvals - yes[v]! - (rejections - no[v]!);
        if (others === 0) continue;
        compared[v]! += yes[v]! + no[v]!;
        disagreed[v]! += others > 0 ? no[v]! : yes[v]!;
      }
    };
    return {
      report(validator, agent, model, correct) {
        const pos = correct ? 1 : 0;
        table.observe(Kind.agent, agent, pos, 1 - pos, p.forgetting);
        table.observe(Kind.model, model, pos, 1 - pos, p.forgetting);
        log.record(validator, agent, model, correct);
      },
      reputation: (kind, id) => table.expectation(kind, id),
      reset(kind, id) {
        table.reset(kind, id);
        log.forget(kind, id);
      },
      onEpoch(_now, validators) {
        const n = Math.max(validators.count, log.extentOf(Kind.validator));
        if (compared.length < n) {
          compared = growF64(compared, n);
          disagreed = growF64(disagreed, n);
          rates = new Float64Array(n);
        }
        for (let v = 0; v < n; v++) {
          compared[v]! *= p.memory;
          disagreed[v]! *= p.memory;
        }
        log.forEachSubject(compare, AGENTS);
        log.clear();
        let assessed = 0;
        for (let v = 0; v < validators.count; v++) if (compared[v]! >= p.minReports) rates[assessed++] = disagreed[v]! / compared[v]!;
        if (assessed === 0) return;
        const sorted = rates.subarray(0, assessed).sort();
        const baseline = assessed % 2 === 1 ? sorted[assessed >> 1]! : (sorted[assessed / 2 - 1]! + sorted[assessed / 2]!) / 2;
        for (let v = 0; v < validators.count; v++) {
          if (compared[v]! < p.minReports) continue;
          const slashed = disagreed[v]! / compared[v]! > baseline + p.tolerance;
          if (slashed && p.slashFraction > 0) validators.slash(v, p.slashFraction);
          table.observe(Kind.validator, v, slashed ? 0 : 1, slashed ? 1 : 0, p.forgetting);
        }
      },
    };
  },
};
