// One optimisation candidate's score from its replicate runs, and a
// generation's losses for CMA-ES (issue 21).
//
// Every candidate runs on the same replicate seeds (common random numbers), so
// differences between candidates are not drowned by seed noise. The objective
// is computed per replicate, then averaged; its standard error is the sample
// standard deviation over sqrt(replicates). A constraint holds on the mean over
// replicates of (left - right).
import { evaluate, meanAndSe, metricsOf, type Constraint, type Expr, type MetricLookup } from "./objective.js";

export interface Problem {
  /** The expression as written, and whether a larger value is better. */
  objectiveText: string;
  objective: Expr;
  sense: "maximize" | "minimize";
  constraints: readonly Constraint[];
}

export interface CandidateScore {
  /** The objective over replicates; undefined when some replicate has none. */
  mean: number | undefined;
  se: number | undefined;
  feasible: boolean;
  /** Sum over constraints of how far the replicate mean is on the wrong side; undefined when some replicate has no value. */
  violation: number | undefined;
  /** Why the candidate is infeasible (empty when feasible). */
  reason: string;
}

/**
 * Score a candidate from its replicates' summary rows (undefined: a failed
 * run). A replicate whose objective or a constraint reads an empty metric
 * cell, divides by zero, or failed has no value, and then the candidate is
 * infeasible with no violation: it ranks after every candidate that has one.
 */
export function scoreCandidate(problem: Problem, replicates: readonly (MetricLookup | undefined)[]): CandidateScore {
  const undefinedIn = (expr: Expr, what: string): string | undefined => {
    for (const [r, row] of replicates.entries()) {
      if (row === undefined) return `replicate ${r} failed`;
      if (evaluate(expr, row) === undefined) {
        const empty = metricsOf(expr).filter((m) => row(m) === undefined);
        return `${what} undefined in replicate ${r} (${empty.length > 0 ? `no value for ${empty.join(", ")}` : "not a finite number, e.g. a division by zero"})`;
      }
    }
    return undefined;
  };
  const values = (expr: Expr) => replicates.map((row) => evaluate(expr, row!)!);
  const objectiveProblem = undefinedIn(problem.objective, "the objective");
  const objective = objectiveProblem === undefined ? meanAndSe(values(problem.objective)) : undefined;
  const reasons: string[] = objectiveProblem === undefined ? [] : [objectiveProblem];
  let violation: number | undefined = 0;
  for (const c of problem.constraints) {
    const gap: Expr = c.op === "<=" ? { kind: "binary", op: "-", left: c.left, right: c.right } : { kind: "binary", op: "-", left: c.right, right: c.left };
    const missing = undefinedIn(gap, `constraint "${c.text}"`);
    if (missing !== undefined) {
      reasons.push(missing);
      violation = undefined;
      continue;
    }
    const over = meanAndSe(values(gap)).mean;
    if (over > 0) {
      reasons.push(`constraint "${c.text}" violated by ${over}`);
      if (violation !== undefined) violation += over;
    }
  }
  if (objectiveProblem !== undefined && violation === 0) violation = undefined;
  return { mean: objective?.mean, se: objective?.se, feasible: reasons.length === 0, violation, reason: reasons.join("; ") };
}

/** The loss CMA-ES minimises for a feasible score: the objective, negated when maximising. */
export function objectiveLoss(problem: Pick<Problem, "sense">, score: CandidateScore): number {
  return problem.sense === "maximize" ? -score.mean! : score.mean!;
}

/**
 * Losses for one generation, by Deb's feasibility rule (K. Deb, "An efficient
 * constraint handling method for genetic algorithms", Comput. Methods Appl.
 * Mech. Engrg. 186, 2000): feasible candidates first, by objective; then
 * infeasible ones by total violation; then those with no value at all. CMA-ES
 * uses only the ranking of the losses (Hansen, arXiv:1604.00772, sec. 3), so
 * each loss is the candidate's rank (0 = best), equal scores sharing a rank:
 * finite, and comparable between feasible and infeasible candidates.
 */
export function generationLosses(problem: Pick<Problem, "sense">, scores: readonly CandidateScore[]): number[] {
  const key = (s: CandidateScore): [number, number] => (s.feasible ? [0, objectiveLoss(problem, s)] : s.violation !== undefined ? [1, s.violation] : [2, 0]);
  const keys = scores.map(key);
  const order = scores.map((_, i) => i).sort((a, b) => keys[a]![0] - keys[b]![0] || keys[a]![1] - keys[b]![1] || a - b);
  const losses = new Array<number>(scores.length).fill(0);
  order.forEach((candidate, position) => {
    const previous = position > 0 ? order[position - 1]! : undefined;
    const same = previous !== undefined && keys[previous]![0] === keys[candidate]![0] && keys[previous]![1] === keys[candidate]![1];
    losses[candidate] = same ? losses[previous]! : position;
  });
  return losses;
}

/** Whether feasible score `a` is strictly better than `b` (the best so far keeps the earlier of equals). */
export function betterThan(problem: Pick<Problem, "sense">, a: CandidateScore, b: CandidateScore | undefined): boolean {
  if (!a.feasible) return false;
  if (b === undefined) return true;
  return objectiveLoss(problem, a) < objectiveLoss(problem, b);
}
