// Resolve `coordsim attack`'s search from the scenario's `attack:` block
// (issue 21): the attacker's factors, the gain to maximise and the cap on the
// attacker's budget, parsed as optimize's objective and constraints are, with
// the mechanism fixed by --against. The result is the generation loop's input
// (src/runner/optimize/run.ts): an attack is an optimisation whose objective
// is the attacker's gain, whose constraints are the cap, and whose factors are
// the attacker's.
import { createHash } from "node:crypto";
import { ScenarioError } from "../../scenario/errors.js";
import type { AttackSpec } from "../../scenario/attackSchema.js";
import { toFactor } from "../../scenario/designs/factors.js";
import { parseOverride } from "../../scenario/overrides.js";
import { parseConstraint, parseExpression, type Constraint, type Expr } from "../../search/objective.js";
import { expressionParser, METRIC_NAMES, scenarioIssueAt, type ResolvedOptimize } from "../optimize/problem.js";
import { loadScenarioIsolated } from "../sweep/isolatedLoad.js";

export interface AttackRequest {
  file: string;
  /** `--set` overrides applied to every run. */
  overrides: readonly string[];
  /** The mechanism settings the attack is against (`--against`), applied to every run after `overrides`. */
  against: readonly string[];
  seed?: number;
}

export interface ResolvedAttack extends ResolvedOptimize {
  attack: AttackSpec;
  against: readonly string[];
}

/** The attack search's seed when the block gives none: derived from the base seed, apart from optimize's. */
export function attackSeedOf(baseSeed: number): number {
  return createHash("sha256").update(`coordsim-attack:v1:${baseSeed}`).digest().readUInt32BE(0);
}

/**
 * `--against a=b,c=d`, repeatable: one override per `path=value`. A comma
 * splits only before another `path=`, so a value may hold commas (`[1, 2]`).
 */
export function splitAgainst(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(/,(?=\s*[A-Za-z_$][\w$.-]*\s*=)/).map((s) => s.trim())).filter((s) => s.length > 0);
}

export async function resolveAttack(request: AttackRequest): Promise<ResolvedAttack> {
  const overrides = [...request.overrides, ...request.against];
  const scenario = await loadScenarioIsolated({ file: request.file, overrides, ...(request.seed !== undefined ? { seed: request.seed } : {}) });
  const spec = scenario.attack;
  if (spec === undefined) {
    throw new ScenarioError([{ file: request.file, line: 0, col: 0, path: "attack", message: "the scenario has no attack block (factors, gain, cap, budget); see the README's attack section" }]);
  }
  const { issues, parse } = expressionParser(request.file);
  const gain: Expr | undefined = parse(["attack", "gain"], () => parseExpression(spec.gain, "attack.gain", METRIC_NAMES));
  const cap: (Constraint | undefined)[] = spec.cap.map((text, i) => parse(["attack", "cap", ...(spec.cap.length > 1 ? [i] : [])], () => parseConstraint(text, `attack.cap[${i}]`, METRIC_NAMES)));
  // A factor the mechanism also fixes would be overridden by the candidate's value: say so instead.
  const fixed = new Set(request.against.map((o) => parseOverride(o)).flatMap((p) => (p.ok ? [p.override.path.join(".")] : [])));
  for (const path of Object.keys(spec.factors)) {
    if (fixed.has(path)) issues.push(scenarioIssueAt(request.file, ["attack", "factors", path], `${path} is an attacker factor and also fixed by --against; the mechanism's settings and the attacker's must differ`));
  }
  if (issues.length > 0) throw new ScenarioError(issues);
  return {
    file: request.file,
    name: scenario.name,
    baseSeed: scenario.seed,
    spec,
    block: "attack",
    factors: Object.entries(spec.factors).map(([path, f]) => toFactor(path, f)),
    problem: { objectiveText: spec.gain, objective: gain!, sense: "maximize", constraints: cap as Constraint[] },
    searchSeed: spec.seed ?? attackSeedOf(scenario.seed),
    population: spec.population,
    attack: spec,
    against: [...request.against],
  };
}
