import * as z from "zod";
import { prob } from "../../scenario/fields.js";
import { Kind, type EmissionShares, type TrustPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { BetaTable } from "./betaTable.js";
import { yumaEpoch, type YumaEpochResult } from "./math/yumaConsensus.js";

const split = z
  .object({
    miners: prob().default(0.41).describe("Share of each epoch's emission paid to models (miners) by incentive."),
    validators: prob().default(0.41).describe("Share paid to validators by dividends."),
    owner: prob().default(0.18).describe("Share kept by the subnet owner (the treasury)."),
  })
  .strict()
  .refine((s) => Math.abs(s.miners + s.validators + s.owner - 1) < 1e-9, { error: "expected miners + validators + owner = 1" });

const params = z
  .object({
    kappa: prob().default(0.5).describe("Consensus quantile κ: a model's consensus weight is the largest weight set by validators holding at least κ of the stake."),
    bondPenalty: prob().default(1).describe("Bonds penalty β: how much of the weight above consensus is cut before bonding (1 = all of it)."),
    bondsAlpha: prob().default(0.1).describe("EMA rate α of the bonds (Bittensor's bonds moving average 0.9 is rate 0.1)."),
    liquidAlpha: z
      .object({
        low: prob().describe("Bond EMA rate of models at the low end of consensus, in (0,1)."),
        high: prob().describe("Bond EMA rate of models at the high end of consensus, in (0,1)."),
      })
      .strict()
      .refine((a) => a.low > 0 && a.low <= a.high && a.high < 1, { error: "expected 0 < low <= high < 1" })
      .optional()
      .describe("Optional liquid alpha: a per-model bond rate from a logistic curve of its consensus between low and high (replaces bondsAlpha)."),
    split: split.default({ miners: 0.41, validators: 0.41, owner: 0.18 }).describe("How each epoch's emission is shared (Bittensor's documented 41/41/18)."),
    forgetting: prob().default(0.99).describe("Agents are not Yuma's subjects: their reputation is a beta expectation of verdicts with this forgetting factor per report."),
    initial: prob().default(0.5).describe("Reputation of a model or validator before the first epoch."),
  })
  .strict();

/**
 * Yuma Consensus (Bittensor), as opentensor/subtensor `docs/consensus.md`
 * specifies it and `pallets/subtensor/src/epoch/run_epoch.rs` runs it (classic
 * Yuma; the epoch maths is `math/yumaConsensus.ts`, tested against hand-worked
 * cases). At every epoch each validator submits a weight vector over the models
 * (Bittensor's miners; the world forms it from the validator's behaviour, see
 * ValidatorsView.weights), and with the validators' current stakes:
 *   consensus C_j at quantile κ, clipped weights, rank R_j and incentive I_j,
 *   validator trust, EMA bonds per (validator, model) with penalty β, dividends D_i;
 * the epoch's emission is then paid through the ledger: `split.miners` to models
 * by I_j, `split.validators` to validators by D_i, `split.owner` kept by the treasury.
 * Reputations for the other seams: a model's is R_j / max_k R_k (its clipped
 * rank relative to the best), a validator's is its validator trust, each kept
 * from the last epoch at which any weight was set (`initial` before).
 * Departures: the chain's masks (validator permits, weights older than the
 * activity cutoff, self-weights) do not arise here; agents are not subjects of
 * Yuma, so they get a beta reputation from verdicts (as `beta`) for the seams
 * that read agents' reputations; stake is the validators' ledger stake.
 */
export const yumaTrust: PolicyDefinition<TrustPolicy, z.output<typeof params>> = {
  name: "yuma",
  description: "Bittensor's Yuma Consensus: validators' weight vectors over models, stake-weighted consensus and clipping, EMA bonds and dividends; each epoch's emission paid to models by incentive and validators by dividends.",
  schema: params,
  create(p) {
    const agents = new BetaTable();
    const config = { kappa: p.kappa, bondPenalty: p.bondPenalty, bondsAlpha: p.bondsAlpha, liquidAlpha: p.liquidAlpha };
    let last: YumaEpochResult | undefined;
    let modelRep = new Float64Array(0);
    let validatorRep = new Float64Array(0);
    const emission: EmissionShares = {
      split: p.split,
      minerWeight: (m) => last?.incentive[m] ?? 0,
      validatorWeight: (v) => last?.dividends[v] ?? 0,
      consensus: (m) => last?.consensus[m] ?? 0,
    };
    const fromTable = (table: Float64Array, id: number) => (id < table.length ? table[id]! : p.initial);
    return {
      emission,
      report(_validator, agent, _model, correct) {
        agents.observe(Kind.agent, agent, correct ? 1 : 0, correct ? 0 : 1, p.forgetting);
      },
      reputation(kind, id) {
        if (kind === Kind.model) return fromTable(modelRep, id);
        if (kind === Kind.validator) return fromTable(validatorRep, id);
        return agents.expectation(kind, id);
      },
      reset(kind, id) {
        if (kind === Kind.agent) agents.reset(kind, id);
        else if (kind === Kind.model && id < modelRep.length) modelRep[id] = p.initial;
        else if (kind === Kind.validator && id < validatorRep.length) validatorRep[id] = p.initial;
      },
      onEpoch(_now, validators) {
        const n = validators.count;
        const m = validators.models;
        const stake = new Float64Array(n);
        const weights = new Float64Array(n * m);
        for (let v = 0; v < n; v++) {
          stake[v] = validators.stake(v);
          validators.weights(v, weights.subarray(v * m, (v + 1) * m));
        }
        last = yumaEpoch(stake, weights, n, m, config, last?.bonds);
        let best = 0;
        for (let j = 0; j < m; j++) best = Math.max(best, last.rank[j]!);
        if (!(best > 0)) return; // nobody set weights: reputations stand
        if (modelRep.length < m) modelRep = new Float64Array(m);
        if (validatorRep.length < n) validatorRep = new Float64Array(n);
        for (let j = 0; j < m; j++) modelRep[j] = last.rank[j]! / best;
        validatorRep.set(last.validatorTrust);
      },
    };
  },
};
