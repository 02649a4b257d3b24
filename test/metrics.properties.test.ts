import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auc } from "../src/metrics/auc.js";
import { gini, jain, theil } from "../src/metrics/inequality.js";
import { shapleyShareDistances, shapleyTvDistance } from "../src/metrics/shapleyConsistency.js";
import { spearman } from "../src/metrics/spearman.js";

const EPS = 1e-12;
// Small integer-ish pool so ties are common, mixed with arbitrary doubles.
const score = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
const reward = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 1e9, noNaN: true }));
// gini/jain/theil (src/metrics/inequality.ts) square or divide by tiny sums: values below ~1e-154 underflow
// (e.g. jain([5e-324, 0]) is NaN), so their domain here is 0 or [1e-6, 1e12] — rewards are micro-unit amounts.
const inequalityReward = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.double({ min: 1e-6, max: 1e12, noNaN: true }));
const phiValue = fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 5 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }));

/** n-tuples of per-entity values plus a permutation of 0..n-1. */
function entities<T>(value: fc.Arbitrary<T>, minLength = 0) {
  return fc.array(value, { minLength, maxLength: 40 }).chain((rows) =>
    fc.tuple(
      fc.constant(rows),
      fc.shuffledSubarray(
        rows.map((_, i) => i),
        { minLength: rows.length, maxLength: rows.length },
      ),
    ),
  );
}
const permute = <T>(xs: readonly T[], perm: readonly number[]): T[] => perm.map((i) => xs[i]!);
const near = (a: number | null, b: number | null) => {
  if (a === null || b === null) expect(a).toBe(b);
  else expect(Math.abs(a - b)).toBeLessThanOrEqual(EPS * Math.max(1, Math.abs(b)));
};

describe("metric bounds on random inputs", () => {
  it("AUC is in [0, 1] (null only when a class is empty)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(score, fc.boolean()), { maxLength: 40 }), (rows) => {
        const a = auc(rows.map((r) => r[0]), rows.map((r) => r[1]));
        const nPos = rows.filter((r) => r[1]).length;
        if (nPos === 0 || nPos === rows.length) expect(a).toBeNull();
        else expect(a! >= 0 && a! <= 1).toBe(true);
      }),
    );
  });
  it("AUC(labels) + AUC(flipped labels) = 1", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(score, fc.boolean()), { minLength: 2, maxLength: 40 }), (rows) => {
        const a = auc(rows.map((r) => r[0]), rows.map((r) => r[1]));
        const b = auc(rows.map((r) => r[0]), rows.map((r) => !r[1]));
        if (a !== null) near(a + b!, 1);
      }),
    );
  });
  it("Spearman is in [-1, 1], symmetric, and 1 against itself when defined", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(score, score), { maxLength: 40 }), (rows) => {
        const x = rows.map((r) => r[0]);
        const y = rows.map((r) => r[1]);
        const rho = spearman(x, y);
        if (rho !== null) expect(rho >= -1 && rho <= 1).toBe(true);
        expect(spearman(y, x)).toBe(rho);
        const self = spearman(x, x);
        if (self !== null) expect(self).toBe(1);
      }),
    );
  });
  it("TV distance is in [0, 1], l1 = 2·tv, linf <= tv, and scale-invariant", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(reward, phiValue), { maxLength: 40 }), fc.integer({ min: 1, max: 1000 }), (rows, k) => {
        const r = rows.map((x) => x[0]);
        const phi = rows.map((x) => x[1]);
        const d = shapleyShareDistances(r, phi);
        if (d === null) return;
        expect(d.tv >= 0 && d.tv <= 1).toBe(true);
        expect(d.l1 >= 0 && d.l1 <= 2).toBe(true);
        expect(d.linf).toBeLessThanOrEqual(d.tv + EPS);
        near(d.tv, d.l1 / 2);
        const scaled = shapleyTvDistance(r.map((v) => v * k), phi.map((v) => v * k));
        expect(Math.abs(scaled! - d.tv)).toBeLessThanOrEqual(1e-9);
      }),
    );
  });
  it("TV distance is 0 when rewards are proportional to the clipped Shapley values", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 20 }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (phi, k) => {
        const tv = shapleyTvDistance(phi.map((p) => Math.max(p, 0) * k), phi);
        if (phi.some((p) => p > 0)) expect(tv!).toBeLessThanOrEqual(1e-12);
        else expect(tv).toBeNull();
      }),
    );
  });
  it("Gini in [0, (n-1)/n], Jain in [1/n, 1], Theil in [0, ln n]", () => {
    fc.assert(
      fc.property(fc.array(inequalityReward, { minLength: 1, maxLength: 40 }), (x) => {
        const n = x.length;
        const g = gini(x)!;
        const j = jain(x)!;
        const t = theil(x)!;
        expect(g).toBeGreaterThanOrEqual(0);
        expect(g).toBeLessThanOrEqual((n - 1) / n);
        expect(j).toBeGreaterThanOrEqual(1 / n);
        expect(j).toBeLessThanOrEqual(1);
        expect(t).toBeGreaterThanOrEqual(0);
        expect(t).toBeLessThanOrEqual(Math.log(n));
      }),
    );
  });
});

describe("metrics are invariant to permuting entity ids", () => {
  it("AUC (exact: rank sums are half-integers)", () => {
    fc.assert(
      fc.property(entities(fc.tuple(score, fc.boolean())), ([rows, perm]) => {
        const p = permute(rows, perm);
        expect(auc(p.map((r) => r[0]), p.map((r) => r[1]))).toBe(auc(rows.map((r) => r[0]), rows.map((r) => r[1])));
      }),
    );
  });
  it("Spearman (exact)", () => {
    fc.assert(
      fc.property(entities(fc.tuple(score, score)), ([rows, perm]) => {
        const p = permute(rows, perm);
        expect(spearman(p.map((r) => r[0]), p.map((r) => r[1]))).toBe(spearman(rows.map((r) => r[0]), rows.map((r) => r[1])));
      }),
    );
  });
  it("TV distance (to 1e-12: sums run in entity order)", () => {
    fc.assert(
      fc.property(entities(fc.tuple(reward, phiValue)), ([rows, perm]) => {
        const p = permute(rows, perm);
        near(shapleyTvDistance(p.map((r) => r[0]), p.map((r) => r[1])), shapleyTvDistance(rows.map((r) => r[0]), rows.map((r) => r[1])));
      }),
    );
  });
  it("Gini, Jain and Theil (to 1e-12: their totals are summed in entity order)", () => {
    fc.assert(
      fc.property(entities(inequalityReward), ([x, perm]) => {
        const p = permute(x, perm);
        near(gini(p), gini(x));
        near(jain(p), jain(x));
        near(theil(p), theil(x));
      }),
    );
  });
});
