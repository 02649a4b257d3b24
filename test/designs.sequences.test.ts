import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sobolPoints } from "../src/scenario/designs/sobol.js";
import { latinHypercube } from "../src/scenario/designs/latinHypercube.js";
import { morrisTrajectories } from "../src/scenario/designs/morris.js";
import { saltelliPoints, SALTELLI_MAX_FACTORS } from "../src/scenario/designs/saltelli.js";
import { SOBOL_MAX_DIMENSIONS } from "../src/scenario/designs/joeKuoDirections.js";

/** Each of the 2^m intervals [j/2^m, (j+1)/2^m) of every coordinate holds exactly one of the points. */
function balanced(points: readonly number[][], m: number): boolean {
  const cells = 2 ** m;
  const dims = points[0]!.length;
  for (let d = 0; d < dims; d++) {
    const hits = new Array<number>(cells).fill(0);
    for (const p of points) hits[Math.floor(p[d]! * cells)]!++;
    if (hits.some((h) => h !== 1)) return false;
  }
  return true;
}

describe("Sobol' sequence (Joe & Kuo new-joe-kuo-6.21201, Gray code)", () => {
  it("reproduces the published first 8 points in 3 dimensions (scipy.stats.qmc.Sobol(d=3, scramble=False))", () => {
    expect(sobolPoints(8, 3)).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ]);
  });

  it("matches scipy deep into the table: point 1000 in dimensions 121..128 and point 1023 in 61..64", () => {
    const points = sobolPoints(1024, 128);
    expect(points[1000]!.slice(120)).toEqual([0.2548828125, 0.7763671875, 0.4970703125, 0.5498046875, 0.4541015625, 0.6748046875, 0.1689453125, 0.5439453125]);
    expect(points[1023]!.slice(60, 64)).toEqual([0.1025390625, 0.1962890625, 0.7900390625, 0.0400390625]);
  });

  it("embeds 128 dimensions (64 sobol-design factors) and refuses more", () => {
    expect(SOBOL_MAX_DIMENSIONS).toBe(128);
    expect(SALTELLI_MAX_FACTORS).toBe(64);
    expect(() => sobolPoints(1, 129)).toThrow(/\[1, 128\]/);
    expect(() => saltelliPoints(1, 65, 1)).toThrow(/at most 64 factors/);
  });

  it("balances every 2^m prefix in each 1-D projection, plain and scrambled", () => {
    const plain = sobolPoints(1024, 128);
    const scrambled = sobolPoints(1024, 128, 7);
    for (let m = 0; m <= 10; m++) {
      expect(balanced(plain.slice(0, 2 ** m), m)).toBe(true);
      expect(balanced(scrambled.slice(0, 2 ** m), m)).toBe(true);
    }
    // A prefix that is not a power of two, or one point off, is not balanced: the check can fail.
    expect(balanced(scrambled.slice(1, 1 + 2 ** 6), 6)).toBe(false);
  });

  it("scrambles: seeded, reproducible, different per seed, inside [0, 1)", () => {
    const a = sobolPoints(64, 4, 1);
    expect(sobolPoints(64, 4, 1)).toEqual(a);
    expect(sobolPoints(64, 4, 2)).not.toEqual(a);
    expect(a).not.toEqual(sobolPoints(64, 4));
    for (const p of a) for (const x of p) expect(x >= 0 && x < 1).toBe(true);
    // Unlike the plain sequence, point 0 is not the origin.
    expect(a[0]!.every((x) => x === 0)).toBe(false);
  });

  it("scrambled 2-D projections stay nets: 2^m points put one point in each of 2^m equal-area boxes of shape 2^-a × 2^-(m-a) (t = 0 for dimensions 1 and 2)", () => {
    const points = sobolPoints(256, 2, 11).slice(0, 256);
    for (let a = 0; a <= 8; a++) {
      const seen = new Set<string>();
      for (const [x, y] of points) seen.add(`${Math.floor(x! * 2 ** a)}:${Math.floor(y! * 2 ** (8 - a))}`);
      expect(seen.size).toBe(256);
    }
  });
});

describe("Latin hypercube", () => {
  it("puts exactly one point in each of the n strata of every dimension", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, dims, seed) => {
        const points = latinHypercube(n, dims, seed);
        expect(points).toHaveLength(n);
        for (let d = 0; d < dims; d++) {
          const strata = points.map((p) => Math.floor(p[d]! * n)).sort((x, y) => x - y);
          expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("is reproducible per seed and pairs strata differently across dimensions", () => {
    expect(latinHypercube(50, 3, 9)).toEqual(latinHypercube(50, 3, 9));
    const points = latinHypercube(50, 2, 9);
    const diagonal = points.every((p) => Math.floor(p[0]! * 50) === Math.floor(p[1]! * 50));
    expect(diagonal).toBe(false);
  });
});

describe("Morris trajectories", () => {
  it("each step moves exactly one factor by ±Δ = p/(2(p-1)) on the level grid, every factor once per trajectory", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom(2, 4, 6, 8), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (r, k, p, seed) => {
        const delta = p / (2 * (p - 1));
        for (const t of morrisTrajectories(r, k, p, seed)) {
          expect(t.points).toHaveLength(k + 1);
          expect([...t.moved].sort((a, b) => a - b)).toEqual(Array.from({ length: k }, (_, i) => i));
          for (const point of t.points) {
            for (const u of point) {
              expect(u >= 0 && u <= 1).toBe(true);
              expect(Number.isInteger(Math.round(u * (p - 1))) && Math.abs(u - Math.round(u * (p - 1)) / (p - 1)) === 0).toBe(true);
            }
          }
          for (let s = 1; s <= k; s++) {
            const changed = t.points[s]!.map((u, i) => (u !== t.points[s - 1]![i] ? i : -1)).filter((i) => i >= 0);
            expect(changed).toEqual([t.moved[s - 1]]);
            const i = changed[0]!;
            expect(Math.abs(Math.abs(t.points[s]![i]! - t.points[s - 1]![i]!) - delta)).toBeLessThan(1e-12);
          }
        }
      }),
      { numRuns: 80 },
    );
  });

  it("rejects odd level counts (Δ would fall off the grid)", () => {
    expect(() => morrisTrajectories(1, 2, 5, 1)).toThrow(/even/);
  });

  it("uses both directions and varied starts", () => {
    const steps = morrisTrajectories(40, 3, 4, 3).flatMap((t) => t.points.slice(1).map((p, s) => p[t.moved[s]!]! - t.points[s]![t.moved[s]!]!));
    expect(steps.some((d) => d > 0)).toBe(true);
    expect(steps.some((d) => d < 0)).toBe(true);
  });
});

describe("Saltelli cross-sampling", () => {
  it("orders A_j, B_j, AB_j^(1..k) and builds AB^(i) as A with column i from B", () => {
    const k = 3;
    const points = saltelliPoints(4, k, 5);
    expect(points).toHaveLength(4 * (k + 2));
    const sobol = sobolPoints(4, 2 * k, 5);
    for (let j = 0; j < 4; j++) {
      const [a, b, ...ab] = points.slice(j * (k + 2), (j + 1) * (k + 2));
      expect(a).toEqual({ block: "A", base: j, factor: null, u: sobol[j]!.slice(0, k) });
      expect(b).toEqual({ block: "B", base: j, factor: null, u: sobol[j]!.slice(k) });
      ab.forEach((row, i) => {
        expect(row.block).toBe("AB");
        expect(row.factor).toBe(i + 1);
        expect(row.u).toEqual(a!.u.map((x, c) => (c === i ? b!.u[c] : x)));
      });
    }
  });
});
