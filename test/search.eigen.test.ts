import { describe, expect, it } from "vitest";
import { symmetricEigen } from "../src/search/eigen.js";
import { Stream } from "../src/sim/rng/index.js";

// The cyclic Jacobi eigendecomposition (src/search/eigen.ts) that CMA-ES samples through.
function randomSymmetric(stream: Stream, n: number): number[][] {
  const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i]![j] = a[j]![i] = stream.normal();
  return a;
}

describe("symmetricEigen (cyclic Jacobi)", () => {
  it("reconstructs A = B Λ Bᵀ with orthonormal B and ascending eigenvalues, n = 1..64", () => {
    const stream = new Stream("eigen-test");
    for (const n of [1, 2, 3, 7, 20, 64]) {
      const a = randomSymmetric(stream, n);
      const { values, vectors } = symmetricEigen(a);
      const scale = Math.max(...values.map(Math.abs));
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let rebuilt = 0;
          let gram = 0;
          for (let k = 0; k < n; k++) {
            rebuilt += vectors[i]![k]! * values[k]! * vectors[j]![k]!;
            gram += vectors[k]![i]! * vectors[k]![j]!;
          }
          expect(Math.abs(rebuilt - a[i]![j]!)).toBeLessThan(1e-12 * scale * n);
          expect(Math.abs(gram - (i === j ? 1 : 0))).toBeLessThan(1e-12 * n);
        }
      }
      for (let k = 1; k < n; k++) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
    }
  });

  it("gives the known spectrum of [[2, 1], [1, 2]] and of a diagonal matrix", () => {
    const { values, vectors } = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    expect(values[0]).toBeCloseTo(1, 14);
    expect(values[1]).toBeCloseTo(3, 14);
    expect(Math.abs(vectors[0]![1]!)).toBeCloseTo(Math.SQRT1_2, 14);
    expect(symmetricEigen([
      [5, 0],
      [0, -1],
    ]).values).toEqual([-1, 5]);
  });
});
