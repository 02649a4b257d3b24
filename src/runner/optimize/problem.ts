// Resolve `coordsim optimize`'s problem from the scenario's `optimize:` block:
// the factors, the objective and constraints parsed against the metric
// catalogue (errors at the expression's line and column), the budget and the
// search seed.
import { createHash } from "node:crypto";
import { SUMMARY_METRICS } from "../../metrics/catalogue/index.js";
import { ScenarioError, type ScenarioIssue } from "../../scenario/errors.js";
import { readScenarioText } from "../../scenario/load.js";
import type { OptimizeSpec } from "../../scenario/optimizeSchema.js";
import { locate, parseSource } from "../../scenario/source.js";
import { toFactor, type Factor } from "../../scenario/designs/factors.js";
import { closest } from "../../scenario/suggest.js";
import { ExpressionError, parseConstraint, parseExpression, type Constraint, type Expr, type Vocabulary } from "../../search/objective.js";
import type { Problem } from "../../search/candidate.js";
import type { FrontObjective } from "../../search/front.js";
import { loadScenarioIsolated } from "../sweep/isolatedLoad.js";

export interface OptimizeRequest {
  file: string;
  /** `--set` overrides applied to every run. */
  overrides: readonly string[];
  seed?: number;
}

/** What the generation loop (run.ts) reads of a search block: optimize's, or attack's (src/runner/attack/problem.ts). */
export type SearchSpec = Pick<OptimizeSpec, "factors" | "budget" | "replicates" | "population" | "seed">;

export interface ResolvedOptimize {
  file: string;
  name: string;
  /** The scenario's base seed: replicate seeds derive from it (common random numbers across candidates). */
  baseSeed: number;
  /** The whole block (optimize's or attack's): in the definition hash --resume checks. */
  spec: SearchSpec;
  /** The block the factors are written in, for messages; default optimize. */
  block?: "optimize" | "attack";
  factors: Factor[];
  problem: Problem;
  /** CMA-ES's seed: optimize.seed, or one derived from the base seed. */
  searchSeed: number;
  /** Candidates per generation; undefined: CMA-ES's default. */
  population: number | undefined;
  /** optimize.front: the objectives whose Pareto front pareto.csv holds; empty without one. */
  front?: FrontObjective[];
  /** optimize.worst_case: each candidate is scored against the strongest attack found against it (src/runner/attack/worstCase.ts). */
  worstCase?: "attack";
}

/** The search's seed when the scenario gives none: derived from the base seed only. */
export function searchSeedOf(baseSeed: number): number {
  return createHash("sha256").update(`coordsim-optimize:v1:${baseSeed}`).digest().readUInt32BE(0);
}

const SUMMARY_NAMES = SUMMARY_METRICS.map((m) => m.name);
/** The summary metrics an objective may read, with "did you mean" suggestions. */
export const METRIC_NAMES: Vocabulary = { names: SUMMARY_NAMES, suggest: (word) => closest(word, SUMMARY_NAMES) };

export async function resolveOptimize(request: OptimizeRequest): Promise<ResolvedOptimize> {
  const scenario = await loadScenarioIsolated({ file: request.file, overrides: request.overrides, ...(request.seed !== undefined ? { seed: request.seed } : {}) });
  const spec = scenario.optimize;
  if (spec === undefined) {
    throw new ScenarioError([{ file: request.file, line: 0, col: 0, path: "optimize", message: "the scenario has no optimize block (factors, maximize or minimize, budget); see the README's optimize section" }]);
  }
  const { issues, parse } = expressionParser(request.file);
  const { sense, text: objectiveText } = senseOf(spec);
  const objective: Expr | undefined = parse(["optimize", sense], () => parseExpression(objectiveText, `optimize.${sense}`, METRIC_NAMES));
  const constraints: (Constraint | undefined)[] = spec.constraints.map((text, i) => parse(["optimize", "constraints", i], () => parseConstraint(text, `optimize.constraints[${i}]`, METRIC_NAMES)));
  const front = (spec.front ?? []).map((objective, i): FrontObjective | undefined => {
    const { sense, text } = senseOf(objective);
    const expr = parse(["optimize", "front", i, sense], () => parseExpression(text, `optimize.front[${i}].${sense}`, METRIC_NAMES));
    return expr === undefined ? undefined : { text, expr, sense };
  });
  const factors = Object.entries(spec.factors).map(([path, f]) => toFactor(path, f));
  if (issues.length > 0) throw new ScenarioError(issues);
  return {
    file: request.file,
    name: scenario.name,
    baseSeed: scenario.seed,
    spec,
    factors,
    problem: { objectiveText, objective: objective!, sense, constraints: constraints as Constraint[] },
    searchSeed: spec.seed ?? searchSeedOf(scenario.seed),
    population: spec.population,
    front: front as FrontObjective[],
    ...(spec.worst_case !== undefined ? { worstCase: spec.worst_case } : {}),
  };
}

/** Which of maximize/minimize an objective sets (the schema has checked exactly one is), and its text. */
function senseOf(o: { maximize?: string | undefined; minimize?: string | undefined }): { sense: "maximize" | "minimize"; text: string } {
  return o.maximize !== undefined ? { sense: "maximize", text: o.maximize } : { sense: "minimize", text: o.minimize! };
}

/** Parse expressions of a scenario's block, collecting each error as an issue at its place in the file. */
export function expressionParser(file: string): { issues: ScenarioIssue[]; parse: <T>(at: (string | number)[], f: () => T) => T | undefined } {
  const issues: ScenarioIssue[] = [];
  const parse = <T>(at: (string | number)[], f: () => T): T | undefined => {
    try {
      return f();
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      issues.push(positioned(file, at, error));
      return undefined;
    }
  };
  return { issues, parse };
}

/**
 * An expression error at its place in the file: the string's line, and its
 * column plus the error's column within the expression (plus one for an
 * opening quote). A block scalar or folded string may shift it; the message
 * names the expression's own column as well.
 */
function positioned(file: string, at: (string | number)[], error: ExpressionError): ScenarioIssue {
  const path = at.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  try {
    const text = readScenarioText(file);
    const { doc, lineCounter } = parseSource(text);
    const { offset } = locate(doc, at, "value");
    const quote = text[offset] === '"' || text[offset] === "'" ? 1 : 0;
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, col: pos.col + quote + error.column - 1, path, message: stripPrefix(error.message) };
  } catch {
    return { file, line: 0, col: 0, path, message: stripPrefix(error.message) };
  }
}

/** An issue at a field of the scenario file (its value's line and column). */
export function scenarioIssueAt(file: string, at: (string | number)[], message: string): ScenarioIssue {
  const path = at.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
  try {
    const { doc, lineCounter } = parseSource(readScenarioText(file));
    const pos = lineCounter.linePos(locate(doc, at, "value").offset);
    return { file, line: pos.line, col: pos.col, path, message };
  } catch {
    return { file, line: 0, col: 0, path, message };
  }
}

/** The issue names the field already: drop the "optimize.maximize: " the parser put in front. */
function stripPrefix(message: string): string {
  const colon = message.indexOf(": ");
  return colon >= 0 ? message.slice(colon + 2) : message;
}
