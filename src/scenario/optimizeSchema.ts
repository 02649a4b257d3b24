// `optimize:`: the search `coordsim optimize` runs (issue 21). Its factors are
// design factors (designSchema.ts); the objective and constraints are checked
// against the metric catalogue when the optimisation is resolved
// (src/runner/optimize/problem.ts), since the scenario layer does not know the
// metrics.
import * as z from "zod";
import { num, showValue } from "./fields.js";
import { factorRecord } from "./designSchema.js";

/** Most evaluations (candidates) one optimisation may plan. */
export const MAX_OPTIMIZE_BUDGET = 100_000;

const expression = (what: string) =>
  z
    .string({ error: (iss) => `expected an expression over summary metrics (e.g. value_delivered_micro - 10 * wasted_compute_micro), got ${showValue(iss.input)}` })
    .min(1, { error: "expected an expression, got an empty string" })
    .describe(what);

const frontObjective = z
  .object({ minimize: expression("An objective to minimise on the front.").optional(), maximize: expression("An objective to maximise on the front.").optional() })
  .strict()
  .superRefine((o, ctx) => {
    if ((o.maximize === undefined) === (o.minimize === undefined)) ctx.addIssue({ code: "custom", path: [], message: "expected exactly one of minimize, maximize" });
  });

export const optimizeSchema = z
  .object({
    factors: factorRecord("tasks.rate", "Field path -> { uniform | loguniform | integer: [lo, hi] } or { categorical: [values] }, as in sweep.design; CMA-ES searches their unit coordinates."),
    maximize: expression("The objective to maximise: summary metric names, numbers, + - * /, unary minus, parentheses and abs(). Not with minimize.").optional(),
    minimize: expression("The objective to minimise (same language as maximize). Not with maximize.").optional(),
    constraints: z
      .array(z.string({ error: (iss) => `expected a constraint such as duplicate_execution_share <= 0.2, got ${showValue(iss.input)}` }))
      .default([])
      .describe("Each `expr <= expr` or `expr >= expr`, held on the mean over replicates; infeasible candidates rank after feasible ones (Deb's rule)."),
    budget: num({ min: 1, max: MAX_OPTIMIZE_BUDGET, int: true }).describe("Evaluations: candidates in all, each run `replicates` times; the search stops at the generation that would exceed it."),
    replicates: num({ min: 1, max: 10_000, int: true }).default(3).describe("Runs per candidate; replicate r uses the same derived seed for every candidate (common random numbers)."),
    population: num({ min: 2, max: 10_000, int: true }).optional().describe("Candidates per generation. Default: CMA-ES's 4 + floor(3 ln n) for n factors (Hansen, arXiv:1604.00772)."),
    seed: num({ min: 0, max: 2 ** 32 - 1, int: true }).optional().describe("The search's own seed (CMA-ES sampling). Default: derived from the scenario seed."),
    front: z
      .array(frontObjective)
      .min(2, { error: "expected at least two objectives for a Pareto front" })
      .optional()
      .describe("Objectives whose Pareto front over every candidate evaluated is written to pareto.csv, each `{ minimize: expr }` or `{ maximize: expr }`; the search itself follows maximize/minimize."),
    worst_case: z
      .literal("attack", { error: (iss) => `expected attack (the scenario's attack block is searched against each candidate), got ${showValue(iss.input)}` })
      .optional()
      .describe("`attack`: robust design. Before each candidate is scored, `coordsim attack`'s search (the scenario's attack block, its budget per candidate) finds the strongest attack against it; the candidate's runs then carry that attack, on hold-out replicate seeds."),
  })
  .strict()
  .superRefine((o, ctx) => {
    if ((o.maximize === undefined) === (o.minimize === undefined)) ctx.addIssue({ code: "custom", path: o.maximize !== undefined ? ["minimize"] : [], message: "expected exactly one of maximize, minimize" });
  });

export type OptimizeSpec = z.output<typeof optimizeSchema>;
