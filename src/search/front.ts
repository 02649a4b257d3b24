// The Pareto front of a search's candidates over several objectives
// (optimize.front, issue 21): each candidate's objectives as means over its
// replicates, and the candidates no other candidate dominates.
//
// Dominance is on the means, each objective in its own sense: a dominates b
// when a is at least as good on every objective and strictly better on one.
// Only feasible candidates with every objective defined take part; equal
// points do not dominate each other, so both stay on the front.
import { evaluate, meanAndSe, type Expr, type MetricLookup } from "./objective.js";

export interface FrontObjective {
  text: string;
  expr: Expr;
  sense: "maximize" | "minimize";
}

export interface FrontValue {
  mean: number | undefined;
  se: number | undefined;
}

/** Each objective's mean and SE over a candidate's replicates; undefined where a replicate failed or has no value. */
export function frontValues(front: readonly FrontObjective[], replicates: readonly (MetricLookup | undefined)[]): FrontValue[] {
  return front.map((objective) => {
    const values: number[] = [];
    for (const row of replicates) {
      const v = row === undefined ? undefined : evaluate(objective.expr, row);
      if (v === undefined) return { mean: undefined, se: undefined };
      values.push(v);
    }
    return values.length === 0 ? { mean: undefined, se: undefined } : meanAndSe(values);
  });
}

export interface FrontPoint {
  feasible: boolean;
  /** The objectives' means, in the front's order. */
  means: readonly (number | undefined)[];
}

function dominates(senses: readonly FrontObjective["sense"][], a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let i = 0; i < senses.length; i++) {
    const better = senses[i] === "maximize" ? a[i]! - b[i]! : b[i]! - a[i]!;
    if (better < 0) return false;
    if (better > 0) strictly = true;
  }
  return strictly;
}

/** Indices (ascending) of the feasible points with every mean defined that no other such point dominates. */
export function paretoFront(senses: readonly FrontObjective["sense"][], points: readonly FrontPoint[]): number[] {
  const eligible = points.flatMap((p, i) => (p.feasible && p.means.length === senses.length && p.means.every((m) => m !== undefined && Number.isFinite(m)) ? [i] : []));
  return eligible.filter((i) => !eligible.some((j) => j !== i && dominates(senses, points[j]!.means as number[], points[i]!.means as number[])));
}
