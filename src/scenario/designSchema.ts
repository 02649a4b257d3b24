// `sweep.design`: an experiment design beyond the full grid (issue 20). The
// factor paths' sweepability and the run limit are checked with the rest of
// the sweep block (schema.ts); here, each factor's range at its own line.
import * as z from "zod";
import { num, showValue } from "./fields.js";
import { DESIGN_KINDS, type DesignSpec } from "./designs/design.js";
import { SALTELLI_MAX_FACTORS } from "./designs/saltelli.js";

export const FIELD_PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;
const bound = () => num({ min: -1e15, max: 1e15 });

const range = (what: string, extra?: (lo: number, hi: number) => string | undefined) =>
  z.tuple([bound(), bound()], { error: (iss) => `expected [lo, hi], got ${showValue(iss.input)}` }).superRefine(([lo, hi], ctx) => {
    if (!(lo < hi)) ctx.addIssue({ code: "custom", message: `expected [lo, hi] with lo < hi, got [${lo}, ${hi}]` });
    else {
      const problem = extra?.(lo, hi);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
    }
  }).describe(what);

/** One design factor: `{ uniform | loguniform | integer: [lo, hi] }` or `{ categorical: [values] }` (also `optimize.factors`). */
export const factorSchema = z
  .object({
    uniform: range("Uniform on [lo, hi]: lo + u(hi - lo).").optional(),
    loguniform: range("Log-uniform on [lo, hi], lo > 0: exp(ln lo + u(ln hi - ln lo)).", (lo) => (lo > 0 ? undefined : `expected lo > 0 (log scale), got ${lo}`)).optional(),
    integer: range("Integers lo..hi, each equally likely: floor(lo + u(hi - lo + 1)), capped at hi.", (lo, hi) =>
      Number.isInteger(lo) && Number.isInteger(hi) ? undefined : `expected integer bounds, got [${lo}, ${hi}]`,
    ).optional(),
    categorical: z
      .array(z.unknown())
      .min(1, { error: "expected a non-empty list of values" })
      .optional()
      .describe("A list of values (e.g. policy names), each equally likely: values[floor(u m)]."),
  })
  .strict()
  .refine((f) => Object.values(f).filter((v) => v !== undefined).length === 1, { error: "expected exactly one of uniform, loguniform, integer, categorical" });

/** A block's factors: field path -> factor, at least one (sweep.design, optimize and attack alike); `example` is the path the error suggests. */
export function factorRecord(example: string, description: string) {
  return z
    .record(z.string().regex(FIELD_PATH, { error: (iss) => `expected a dotted field path such as ${example}, got ${showValue(iss.input)}` }), factorSchema)
    .refine((f) => Object.keys(f).length > 0, { error: "expected at least one factor" })
    .describe(description);
}

export const designSchema = z
  .object({
    kind: z.enum(DESIGN_KINDS, { error: (iss) => `expected one of ${DESIGN_KINDS.join(", ")}, got ${showValue(iss.input)}` }).describe("grid (every combination of levels), lhs (Latin hypercube), sobol (Saltelli's A, B, AB_i cross-sampling of a scrambled Sobol' sequence) or morris (elementary-effects trajectories)."),
    n: num({ min: 1, max: 1_000_000, int: true }).optional().describe("lhs: points; sobol: base points N (N(k+2) points for k factors); morris: trajectories r (r(k+1) points). Not for grid."),
    levels: num({ min: 2, max: 1_000, int: true }).optional().describe("morris: levels p of the grid {0, 1/(p-1), ..., 1}, even (default 4; each step moves a factor by p/(2(p-1))); grid: levels per numeric factor (default 4; categorical factors take each value)."),
    seed: num({ min: 0, max: 2 ** 32 - 1, int: true }).optional().describe("The design's own seed (Sobol' scrambling, Latin hypercube permutations, Morris starts). Default: derived from the scenario seed."),
    factors: factorRecord("tasks.rate", "Field path -> { uniform | loguniform | integer: [lo, hi] } or { categorical: [values] }, in the order design.csv and the analysis use."),
  })
  .strict()
  .superRefine((d, ctx) => {
    const k = Object.keys(d.factors).length;
    if (d.kind === "grid" && d.n !== undefined) ctx.addIssue({ code: "custom", path: ["n"], message: "a grid design takes no n (its points are every combination of levels)" });
    if (d.kind !== "grid" && d.n === undefined) ctx.addIssue({ code: "custom", path: ["kind"], message: `a ${d.kind} design needs n (${d.kind === "lhs" ? "points" : d.kind === "sobol" ? "base points" : "trajectories"})` });
    if ((d.kind === "lhs" || d.kind === "sobol") && d.levels !== undefined) ctx.addIssue({ code: "custom", path: ["levels"], message: `levels is for morris and grid designs, not ${d.kind}` });
    if (d.kind === "morris" && d.levels !== undefined && d.levels % 2 !== 0) ctx.addIssue({ code: "custom", path: ["levels"], message: `expected an even number of levels (so Δ = p/(2(p-1)) stays on the level grid), got ${d.levels}` });
    if (d.kind === "sobol" && k > SALTELLI_MAX_FACTORS) {
      ctx.addIssue({ code: "custom", path: ["factors"], message: `a sobol design takes at most ${SALTELLI_MAX_FACTORS} factors (its points have 2k dimensions and the embedded Joe & Kuo direction numbers cover ${2 * SALTELLI_MAX_FACTORS}), got ${k}` });
    }
  });

export type DesignInput = z.input<typeof designSchema>;
export const asDesignSpec = (d: z.output<typeof designSchema>): DesignSpec => d;
