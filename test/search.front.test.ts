import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { frontValues, paretoFront, type FrontObjective } from "../src/search/front.js";
import { parseExpression } from "../src/search/objective.js";

const VOCAB = { names: ["a", "b"], suggest: () => undefined };
const objective = (text: string, sense: FrontObjective["sense"]): FrontObjective => ({ text, expr: parseExpression(text, "front", VOCAB), sense });
const point = (...means: (number | undefined)[]) => ({ feasible: true, means });

describe("paretoFront", () => {
  it("keeps the points no other point dominates, worked by hand (both minimised)", () => {
    // (1,5) (2,2) (5,1) trade off; (3,3) is dominated by (2,2); (2,6) by (1,5).
    const points = [point(1, 5), point(3, 3), point(2, 2), point(5, 1), point(2, 6)];
    expect(paretoFront(["minimize", "minimize"], points)).toEqual([0, 2, 3]);
  });

  it("reads each objective in its own sense", () => {
    // Maximise the first, minimise the second: (5,1) dominates everything else here.
    const points = [point(1, 5), point(3, 3), point(2, 2), point(5, 1)];
    expect(paretoFront(["maximize", "minimize"], points)).toEqual([3]);
    expect(paretoFront(["maximize", "maximize"], points)).toEqual([0, 1, 3]);
  });

  it("keeps equal points (neither dominates the other) and drops infeasible or undefined ones", () => {
    const points = [point(1, 1), point(1, 1), { feasible: false, means: [0, 0] }, point(undefined, 0), point(2, 0.5)];
    expect(paretoFront(["minimize", "minimize"], points)).toEqual([0, 1, 4]);
  });

  it("is the set of undominated points (property, against a brute-force definition)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.boolean()), { maxLength: 25 }), (raw) => {
        const points = raw.map(([x, y, feasible]) => ({ feasible, means: [x, y] }));
        const front = paretoFront(["minimize", "maximize"], points);
        const dominated = (i: number) => points.some((q, j) => j !== i && q.feasible && q.means[0]! <= points[i]!.means[0]! && q.means[1]! >= points[i]!.means[1]! && (q.means[0]! < points[i]!.means[0]! || q.means[1]! > points[i]!.means[1]!));
        const expected = points.flatMap((p, i) => (p.feasible && !dominated(i) ? [i] : []));
        expect(front).toEqual(expected);
      }),
    );
  });
});

describe("frontValues", () => {
  it("gives each objective's mean and SE over the replicates, or nothing when a replicate has no value", () => {
    const rows = [(m: string) => ({ a: 1, b: 4 })[m], (m: string) => ({ a: 3, b: 8 })[m]];
    const [sum, ratio] = frontValues([objective("a + b", "minimize"), objective("b / a", "maximize")], rows);
    expect(sum).toEqual({ mean: 8, se: 3 });
    // 4/1 and 8/3: mean 10/3, sd |4 - 8/3|/sqrt(2), se sd/sqrt(2) = 2/3.
    expect(ratio!.mean).toBeCloseTo(10 / 3, 12);
    expect(ratio!.se).toBeCloseTo(2 / 3, 12);
    expect(frontValues([objective("a", "minimize")], [rows[0], undefined])).toEqual([{ mean: undefined, se: undefined }]);
    expect(frontValues([objective("a / (b - 4)", "minimize")], rows)).toEqual([{ mean: undefined, se: undefined }]);
  });
});
