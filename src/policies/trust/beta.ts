import * as z from "zod";
import { prob } from "../../scenario/fields.js";
import { Kind, type EntityKind, type TrustPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { BetaTable } from "./betaTable.js";
import { EpochVerdicts } from "./epochVerdicts.js";
import { filterUnfairRaters } from "./math/unfairFilter.js";
import { growF64 } from "../../sim/growable.js";

const filter = z
  .object({
    quantile: prob()
      .refine((q) => q > 0 && q < 0.5, { error: "expected 0 < quantile < 0.5" })
      .default(0.01)
      .describe("Whitby–Jøsang–Indulska quantile q: a validator is excluded for a subject when the subject's score lies below the q or above the 1 − q quantile of the validator's own beta opinion; 0 < q < 0.5 (0.01 in the paper)."),
  })
  .strict();

const params = z
  .object({
    forgetting: prob()
      .default(0.99)
      .describe("Forgetting factor lambda applied to an entity's evidence at each new report about it (1 = never forget; memory about 1/(1 - lambda) reports)."),
    filter: filter
      .optional()
      .describe("Optional iterated filter of unfair raters (Whitby, Jøsang & Indulska 2004): evidence counts at each epoch's end, only from the validators the filter keeps for each subject. Absent: every report counts at once."),
  })
  .strict();

/** Validator v's evidence about one subject this epoch, as the filter reads it. */
interface FilterScratch {
  r: Float64Array;
  s: Float64Array;
  excludedAt: Int32Array;
}

/**
 * The exclusions of one epoch, per subject kind: sorted codes subject × validators + validator.
 * Looked up once per replayed report (binary search), so nothing is allocated per report.
 */
class Exclusions {
  private codes: Float64Array = new Float64Array(64);
  private length = 0;
  private sorted = true;
  stride = 1;

  clear(stride: number): void {
    this.length = 0;
    this.sorted = true;
    this.stride = stride;
  }

  add(subject: number, validator: number): void {
    if (this.length === this.codes.length) this.codes = growF64(this.codes, this.length * 2);
    const code = subject * this.stride + validator;
    if (this.length > 0 && code < this.codes[this.length - 1]!) this.sorted = false;
    this.codes[this.length++] = code;
  }

  has(subject: number, validator: number): boolean {
    if (this.length === 0) return false;
    if (!this.sorted) {
      this.codes.subarray(0, this.length).sort();
      this.sorted = true;
    }
    const code = subject * this.stride + validator;
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.codes[mid]! < code) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.length && this.codes[lo] === code;
  }

  get count(): number {
    return this.length;
  }
}

/**
 * Jøsang–Ismail beta reputation ("The Beta Reputation System", Bled 2002;
 * REFERENCE.md §4). Each report is one unit of evidence about the judged agent
 * and the model it used: positive if the verdict was "correct", negative
 * otherwise. Per entity, r ← λr + [correct] and s ← λs + [wrong]; reputation is
 * E = (r + 1) / (r + s + 2), 1/2 with no evidence. Validators and providers are
 * not rated (they stay at 1/2).
 *
 * With `filter` (Whitby, Jøsang & Indulska 2004, see math/unfairFilter.ts), reports
 * are held until the epoch's end. Then, for every agent and every model judged in
 * the epoch, each validator's epoch evidence about it (its approvals r_X and
 * rejections s_X) is its opinion Beta(r_X + 1, s_X + 1); the iterated filter
 * excludes the validators whose opinion the subject's score from the remaining
 * validators falls outside (q, 1 − q) of, until a pass excludes nobody. The held
 * reports are then replayed in their order, each updating r and s exactly as
 * above except that a report counts for a subject only if its validator was kept
 * for that subject. Departures: the filter runs on each epoch's evidence, not on
 * every rater's forgotten-and-accumulated ratings since the start (so a rater's
 * opinion is from its checks of the epoch); the score the filter compares with is
 * from the epoch's evidence, not the subject's whole history; reputations change
 * only at epoch ends (reports of the last, unfinished epoch never count); an
 * excluded validator's evidence is dropped for that subject and epoch, it is not
 * penalised elsewhere.
 */
export const betaTrust: PolicyDefinition<TrustPolicy, z.output<typeof params>> = {
  name: "beta",
  description: "Jøsang–Ismail beta reputation of agents and models: E = (r+1)/(r+s+2) over verdicts, with forgetting factor lambda; optionally Whitby–Jøsang–Indulska's iterated filter of unfair raters at each epoch.",
  schema: params,
  create(p) {
    const table = new BetaTable();
    const reputation = (kind: EntityKind, id: number) => table.expectation(kind, id);
    if (p.filter === undefined) {
      return {
        report(_validator, agent, model, correct) {
          const pos = correct ? 1 : 0;
          table.observe(Kind.agent, agent, pos, 1 - pos, p.forgetting);
          table.observe(Kind.model, model, pos, 1 - pos, p.forgetting);
        },
        reputation,
        reset: (kind, id) => table.reset(kind, id),
      };
    }
    const q = p.filter.quantile;
    const log = new EpochVerdicts();
    const scratch: FilterScratch = { r: new Float64Array(0), s: new Float64Array(0), excludedAt: new Int32Array(0) };
    const excludedAgents = new Exclusions();
    const excludedModels = new Exclusions();
    const visitSubject = (kind: EntityKind, subject: number, who: Int32Array, n: number, yes: Float64Array, no: Float64Array) => {
      if (scratch.r.length < n) scratch.r = new Float64Array(n * 2);
      if (scratch.s.length < n) scratch.s = new Float64Array(n * 2);
      if (scratch.excludedAt.length < n) scratch.excludedAt = new Int32Array(n * 2);
      for (let k = 0; k < n; k++) {
        scratch.r[k] = yes[who[k]!]!;
        scratch.s[k] = no[who[k]!]!;
      }
      if (filterUnfairRaters(n, scratch.r, scratch.s, q, scratch.excludedAt) === 0) return;
      const into = kind === Kind.agent ? excludedAgents : excludedModels;
      for (let k = 0; k < n; k++) if (scratch.excludedAt[k] !== 0) into.add(subject, who[k]!);
    };
    const replay = (validator: number, agent: number, model: number, correct: boolean, agentLive: boolean, modelLive: boolean) => {
      const pos = correct ? 1 : 0;
      if (agentLive && !excludedAgents.has(agent, validator)) table.observe(Kind.agent, agent, pos, 1 - pos, p.forgetting);
      if (modelLive && !excludedModels.has(model, validator)) table.observe(Kind.model, model, pos, 1 - pos, p.forgetting);
    };
    return {
      report(validator, agent, model, correct) {
        log.record(validator, agent, model, correct);
      },
      reputation,
      reset(kind, id) {
        table.reset(kind, id);
        log.forget(kind, id);
      },
      onEpoch() {
        const stride = Math.max(1, log.extentOf(Kind.validator));
        excludedAgents.clear(stride);
        excludedModels.clear(stride);
        log.forEachSubject(visitSubject);
        log.forEachReport(replay);
        log.clear();
      },
    };
  },
};
