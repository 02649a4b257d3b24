import { describe, expect, it } from "vitest";
import { ExpressionError, evaluate, meanAndSe, metricsOf, parseConstraint, parseExpression } from "../src/search/objective.js";
import { generationLosses, scoreCandidate, type CandidateScore, type Problem } from "../src/search/candidate.js";
import { METRIC_NAMES as NAMES } from "../src/runner/optimize/problem.js";
const row = (values: Record<string, number | undefined>) => (name: string) => values[name];

function errorOf(f: () => unknown): ExpressionError {
  try {
    f();
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error("expected an ExpressionError");
}

describe("objective expressions", () => {
  it("parses precedence, unary minus, parentheses and abs", () => {
    const at = row({ value_delivered_micro: 100, wasted_compute_micro: 3 });
    expect(evaluate(parseExpression("value_delivered_micro - 10 * wasted_compute_micro", "o", NAMES), at)).toBe(70);
    expect(evaluate(parseExpression("-(1 + 2) * 3", "o", NAMES), at)).toBe(-9);
    expect(evaluate(parseExpression("--2 - -3", "o", NAMES), at)).toBe(5);
    expect(evaluate(parseExpression("abs(wasted_compute_micro - 5) / 2", "o", NAMES), at)).toBe(1);
    expect(evaluate(parseExpression("8 / 4 / 2", "o", NAMES), at)).toBe(1);
    expect(evaluate(parseExpression("1.5e2 + .5", "o", NAMES), at)).toBe(150.5);
    expect(metricsOf(parseExpression("wasted_compute_micro + value_delivered_micro * wasted_compute_micro", "o", NAMES))).toEqual(["wasted_compute_micro", "value_delivered_micro"]);
  });

  it("names the column of an unknown metric and suggests the closest", () => {
    const e = errorOf(() => parseExpression("value_delivred_micro", "objective", NAMES));
    expect(e.message).toBe("objective: unknown metric value_delivred_micro at column 1; did you mean value_delivered_micro?");
    expect(e.column).toBe(1);
    expect(errorOf(() => parseExpression("1 + zzzz", "objective", NAMES)).message).toMatch(/unknown metric zzzz at column 5 \(see `coordsim metrics`/);
  });

  it("names the column of syntax errors", () => {
    expect(errorOf(() => parseExpression("1 +", "o", NAMES)).message).toBe('o: expected a number, a metric name, abs( or ( at column 4, got the end');
    expect(errorOf(() => parseExpression("(1 + 2", "o", NAMES)).message).toBe('o: expected ")" closing the "(" at column 1 at column 7, got the end');
    expect(errorOf(() => parseExpression("1 2", "o", NAMES)).column).toBe(3);
    expect(errorOf(() => parseExpression("sqrt(2)", "o", NAMES)).message).toMatch(/unknown function sqrt at column 1/);
    expect(errorOf(() => parseExpression("2 # 3", "o", NAMES)).column).toBe(3);
    expect(errorOf(() => parseExpression("1 <= 2", "o", NAMES)).message).toMatch(/a comparison belongs in constraints/);
  });

  it("parses constraints with either side an expression", () => {
    const c = parseConstraint("duplicate_execution_share <= 0.2", "c", NAMES);
    expect(c.op).toBe("<=");
    expect(evaluate(c.right, row({}))).toBe(0.2);
    expect(parseConstraint("1 >= abs(duplicate_execution_share)", "c", NAMES).op).toBe(">=");
    expect(errorOf(() => parseConstraint("duplicate_execution_share", "c", NAMES)).message).toMatch(/expected <= or >= at column 26/);
    expect(errorOf(() => parseConstraint("duplicate_execution_share < 1", "c", NAMES)).message).toMatch(/column 27 \(use <=/);
    expect(errorOf(() => parseConstraint("0 <= duplicate_execution_share <= 1", "c", NAMES)).message).toMatch(/second at column 32/);
  });

  it("an empty cell or a division by zero leaves the replicate without a value", () => {
    expect(evaluate(parseExpression("duplicate_execution_share + 1", "o", NAMES), row({}))).toBeUndefined();
    expect(evaluate(parseExpression("1 / (duplicate_execution_share - 1)", "o", NAMES), row({ duplicate_execution_share: 1 }))).toBeUndefined();
  });

  it("mean and standard error", () => {
    expect(meanAndSe([5])).toEqual({ mean: 5, se: 0 });
    const { mean, se } = meanAndSe([1, 2, 3, 4]);
    expect(mean).toBe(2.5);
    expect(se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 12);
  });
});

describe("candidate scores and Deb's rule", () => {
  const problem: Problem = {
    objectiveText: "value_delivered_micro",
    objective: parseExpression("value_delivered_micro", "o", NAMES),
    sense: "maximize",
    constraints: [parseConstraint("duplicate_execution_share <= 0.2", "c", NAMES)],
  };
  const cand = (v: number[], d: number[]) => scoreCandidate(problem, v.map((x, i) => row({ value_delivered_micro: x, duplicate_execution_share: d[i] })));

  it("scores over replicates; a constraint holds on the mean", () => {
    const s = cand([10, 20], [0.1, 0.25]);
    expect(s).toMatchObject({ mean: 15, se: 5, feasible: true, violation: 0, reason: "" });
    const bad = cand([10, 20], [0.3, 0.3]);
    expect(bad.feasible).toBe(false);
    expect(bad.violation).toBeCloseTo(0.1, 12);
    expect(bad.reason).toMatch(/constraint "duplicate_execution_share <= 0.2" violated by 0.09999/);
  });

  it("an undefined metric or a failed run makes the candidate infeasible with a reason", () => {
    const empty = scoreCandidate(problem, [row({ value_delivered_micro: 1, duplicate_execution_share: 0 }), row({ value_delivered_micro: 1 })]);
    expect(empty).toMatchObject({ feasible: false, violation: undefined });
    expect(empty.reason).toBe('constraint "duplicate_execution_share <= 0.2" undefined in replicate 1 (no value for duplicate_execution_share)');
    const failed = scoreCandidate(problem, [undefined]);
    expect(failed).toMatchObject({ feasible: false, violation: undefined, mean: undefined });
    expect(failed.reason).toMatch(/^the objective undefined in replicate 0 \(replicate 0 failed|replicate 0 failed/);
  });

  it("ranks feasible by objective, then infeasible by violation, then undefined; ties share a rank", () => {
    const s = (mean: number | undefined, feasible: boolean, violation: number | undefined): CandidateScore => ({ mean, se: 0, feasible, violation, reason: feasible ? "" : "x" });
    const scores = [s(undefined, false, undefined), s(1, false, 0.5), s(5, true, 0), s(9, true, 0), s(1, false, 0.1), s(5, true, 0)];
    expect(generationLosses({ sense: "maximize" }, scores)).toEqual([5, 4, 1, 0, 3, 1]);
    expect(generationLosses({ sense: "minimize" }, scores)).toEqual([5, 4, 0, 2, 3, 0]);
  });
});
