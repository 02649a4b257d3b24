// `attack:`: the search `coordsim attack` runs (issue 21): CMA-ES over the
// attacker's factors (design factors, as in optimize.factors) maximising the
// attacker's gain, under a cap on the attacker's budget. The gain and the cap
// are checked against the metric catalogue when the attack is resolved
// (src/runner/attack/problem.ts), as optimize's objective is.
import * as z from "zod";
import { num, showValue } from "./fields.js";
import { factorRecord } from "./designSchema.js";
import { MAX_OPTIMIZE_BUDGET } from "./optimizeSchema.js";

/** The gain an attack maximises when the block names none: duplicators' return on cost minus honest providers'. */
export const DEFAULT_ATTACK_GAIN = "copy_gain";

const constraintText = z.string({ error: (iss) => `expected a constraint such as net_profit_micro_provider >= 0, got ${showValue(iss.input)}` }).min(1, { error: "expected a constraint, got an empty string" });

export const attackSchema = z
  .object({
    factors: factorRecord(
      "providers.nearCopyShare",
      "The attacker's factors: field path -> { uniform | loguniform | integer: [lo, hi] } or { categorical: [values] }, as in optimize.factors (e.g. providers.nearCopyShare, providers.nearCopyNoise, providers.sybilIdentities, agents.whitewashThreshold).",
    ),
    gain: z
      .string({ error: (iss) => `expected an expression over summary metrics (e.g. copy_gain), got ${showValue(iss.input)}` })
      .min(1, { error: "expected an expression, got an empty string" })
      .default(DEFAULT_ATTACK_GAIN)
      .describe("The attacker's gain to maximise, in optimize's objective language. Default: copy_gain (duplicators' profit per unit of cost minus honest providers')."),
    cap: z
      .union([constraintText, z.array(constraintText)])
      .default([])
      .transform((c) => (typeof c === "string" ? [c] : c))
      .describe("The attacker's budget: one constraint or a list, in optimize's constraint language, held on the mean over replicates; attacks outside it rank after those inside (Deb's rule). The attacker's spend is adversarial_cost_micro_provider (e.g. adversarial_cost_micro_provider <= 500000000); other caps over any summary metric (e.g. providers_broke <= 0)."),
    threshold: num().optional().describe("The most gain an attack under the cap may reach: attack-junit.xml's testcase fails (exit 1) when the strongest attack found gains more."),
    threshold_on: z
      .enum(["mean", "upper95"], { error: (iss) => `expected mean or upper95, got ${showValue(iss.input)}` })
      .default("mean")
      .describe("What the threshold bounds: `mean`, the strongest attack's mean gain, or `upper95`, its mean + 1.96 SE (the invariant then holds only when the gain is shown below the threshold)."),
    budget: num({ min: 1, max: MAX_OPTIMIZE_BUDGET, int: true }).describe("Evaluations: attacks in all, each run `replicates` times; the search stops at the generation that would exceed it."),
    replicates: num({ min: 1, max: 10_000, int: true }).default(3).describe("Runs per attack; replicate r uses the same derived seed for every attack (common random numbers)."),
    population: num({ min: 2, max: 10_000, int: true }).optional().describe("Attacks per generation. Default: CMA-ES's 4 + floor(3 ln n) for n factors (Hansen, arXiv:1604.00772)."),
    seed: num({ min: 0, max: 2 ** 32 - 1, int: true }).optional().describe("The search's own seed (CMA-ES sampling). Default: derived from the scenario seed."),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.threshold_on === "upper95" && a.replicates < 2) ctx.addIssue({ code: "custom", path: ["threshold_on"], message: `upper95 needs at least 2 replicates for a standard error; replicates is ${a.replicates}` });
  });

export type AttackSpec = z.output<typeof attackSchema>;
