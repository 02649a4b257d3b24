import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holmAdjust, pairedComparison, unpairedComparison } from "../src/metrics/pairedStats.js";

const close = (actual: number | null, expected: number, tol = 1e-6) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected)));
};

describe("pairedComparison known answers (R t.test(b, a, paired = TRUE))", () => {
  // d = b - a = 1..10: mean 5.5, sd = sqrt(110/12) = 3.0276504, se = sd/sqrt(10) = 0.9574271,
  // t = 5.7445626, df = 9. t_{0.975,9} = 2.262157 -> CI 5.5 ± 2.1658506 = [3.334149, 7.665851];
  // two-sided p = 0.0002782 (R: t.test(1:10) prints the same t, df, p and CI).
  const a = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
  const b = a.map((x, i) => x + i + 1);

  it("matches mean, CI, p and sd of the differences", () => {
    const r = pairedComparison(a, b);
    expect(r.n_a).toBe(10);
    expect(r.n_b).toBe(10);
    close(r.mean_a, 3.9);
    close(r.mean_b, 9.4);
    close(r.diff, 5.5, 1e-12);
    close(r.sd_diff, Math.sqrt(110 / 12), 1e-12);
    close(r.ci_low, 3.334149);
    close(r.ci_high, 7.665851);
    close(r.p_value, 0.000278196, 1e-5);
  });

  it("uses the level parameter: 90% CI with t_{0.95,9} = 1.833113 -> 5.5 ± 1.755072", () => {
    const r = pairedComparison(a, b, 0.9);
    close(r.ci_low, 3.744928);
    close(r.ci_high, 7.255072);
    close(r.p_value, 0.000278196, 1e-5);
    expect(() => pairedComparison(a, b, 1)).toThrow(RangeError);
    expect(() => pairedComparison(a, b, 0)).toThrow(RangeError);
  });

  it("reports variance reduction 1 - var(d)/(var(a)+var(b))", () => {
    // a = 1..4: var 5/3; b = [2,4,5,9]: mean 5, SS 26, var 26/3; d = [1,2,2,5]: mean 2.5, SS 9, var 3.
    // VR = 1 - 3 / (31/3) = 22/31.
    const r = pairedComparison([1, 2, 3, 4], [2, 4, 5, 9]);
    close(r.variance_reduction, 22 / 31, 1e-12);
    close(r.sd_diff, Math.sqrt(3), 1e-12);
    close(r.diff, 2.5, 1e-12);
  });

  it("reports the effect size diff / sqrt((var(a) + var(b)) / 2)", () => {
    // Same samples: var(a) + var(b) = 31/3, so d = 2.5 / sqrt(31/6).
    close(pairedComparison([1, 2, 3, 4], [2, 4, 5, 9]).effect_size, 2.5 / Math.sqrt(31 / 6), 1e-12);
    // A shift of one sd: a = 1..4 and b = a + sqrt(5/3) have var 5/3 each, d = 1 exactly in theory.
    close(pairedComparison([1, 2, 3, 4], [1, 2, 3, 4].map((x) => x + Math.sqrt(5 / 3))).effect_size, 1, 1e-12);
  });

  it("drops a pair when either side is null, NaN or infinite", () => {
    const r = pairedComparison([...a, null, 1, NaN, 2], [...b, 5, Infinity, 3, -Infinity]);
    const ref = pairedComparison(a, b);
    expect(r).toEqual(ref);
    expect(() => pairedComparison([1, 2], [1])).toThrow(RangeError);
  });
});

describe("unpairedComparison known answers (R t.test(b, a), Welch)", () => {
  it("equal n, equal variance: t = 2, df = 10", () => {
    // a = [5,7,10,11,13,14]: mean 10, SS 60, var 12; b = [10,11,13,14,17,19]: mean 14, var 12.
    // se^2 = 12/6 + 12/6 = 4, se = 2, t = 4/2 = 2, df = 16 / (2 * 2^2/5) = 10.
    // p = 0.07338803; t_{0.975,10} = 2.228139 -> CI 4 ± 4.456278 = [-0.456278, 8.456278].
    // Effect size 4 / sqrt((12 + 12) / 2) = 4 / sqrt(12).
    const r = unpairedComparison([5, 7, 10, 11, 13, 14], [10, 11, 13, 14, 17, 19]);
    expect([r.n_a, r.n_b]).toEqual([6, 6]);
    close(r.mean_a, 10, 1e-12);
    close(r.mean_b, 14, 1e-12);
    close(r.diff, 4, 1e-12);
    close(r.p_value, 0.07338803);
    close(r.ci_low, -0.456278);
    close(r.ci_high, 8.456278);
    expect(r.sd_diff).toBeNull();
    expect(r.variance_reduction).toBeNull();
    close(r.effect_size, 4 / Math.sqrt(12), 1e-12);
  });

  it("unequal n and variance: fractional Welch–Satterthwaite df", () => {
    // a = 1..5: mean 3, var 2.5; b = 2,4,..,14: mean 8, var 56/3.
    // se^2 = 2.5/5 + (56/3)/7 = 19/6, se = 1.7795130, t = 5/se = 2.8097574,
    // df = (19/6)^2 / (0.5^2/4 + (8/3)^2/6) = 8.0371058, t_{0.975,df} = 2.3041523,
    // CI 5 ± 4.1002691 = [0.8997309, 9.1002691], p = 0.02274726 (scipy/R Welch agree).
    const r = unpairedComparison([1, 2, 3, 4, 5], [2, 4, 6, 8, 10, 12, 14]);
    close(r.diff, 5, 1e-12);
    close(r.ci_low, 0.8997309);
    close(r.ci_high, 9.1002691);
    close(r.p_value, 0.02274726);
  });

  it("drops non-finite entries independently on each side", () => {
    const r = unpairedComparison([1, null, 2, 3, 4, NaN, 5], [Infinity, 2, 4, 6, 8, 10, 12, 14]);
    expect(r).toEqual(unpairedComparison([1, 2, 3, 4, 5], [2, 4, 6, 8, 10, 12, 14]));
    expect([r.n_a, r.n_b]).toEqual([5, 7]);
  });
});

describe("degenerate cases", () => {
  it("A/A on common random numbers: exactly zero differences read as CI [0,0], p = 1", () => {
    const x = [0.1, 0.7, 0.30000000000000004, 12.5];
    const r = pairedComparison(x, [...x]);
    expect(r).toMatchObject({ diff: 0, ci_low: 0, ci_high: 0, p_value: 1, sd_diff: 0, variance_reduction: 1 });
  });

  it("constant nonzero difference: CI [diff, diff], p = 0", () => {
    const r = pairedComparison([1, 2, 3], [3, 4, 5]);
    expect(r).toMatchObject({ diff: 2, ci_low: 2, ci_high: 2, p_value: 0, sd_diff: 0 });
    // 0.1 + 0.1 + 0.1 = 0.30000000000000004, yet a constant sample's mean is its value exactly.
    expect(pairedComparison([0, 0, 0], [0.1, 0.1, 0.1])).toMatchObject({ diff: 0.1, ci_low: 0.1, ci_high: 0.1, p_value: 0 });
    const u = unpairedComparison([1, 1, 1], [3, 3]);
    expect(u).toMatchObject({ diff: 2, ci_low: 2, ci_high: 2, p_value: 0 });
    expect(unpairedComparison([4, 4], [4, 4, 4])).toMatchObject({ diff: 0, ci_low: 0, ci_high: 0, p_value: 1 });
  });

  it("variance_reduction and effect_size are null when var(a) + var(b) == 0", () => {
    expect(pairedComparison([2, 2, 2], [5, 5, 5])).toMatchObject({ variance_reduction: null, effect_size: null });
    expect(unpairedComparison([2, 2, 2], [5, 5])).toMatchObject({ effect_size: null });
  });

  it("too little data: means and diff as available, CI and p null", () => {
    expect(pairedComparison([1, null], [3, 4])).toEqual({
      n_a: 1, n_b: 1, mean_a: 1, mean_b: 3, diff: 2,
      ci_low: null, ci_high: null, p_value: null, sd_diff: null, variance_reduction: null, effect_size: null,
    });
    expect(pairedComparison([], [])).toMatchObject({ n_a: 0, mean_a: null, diff: null, p_value: null });
    expect(unpairedComparison([1], [2, 4, 6])).toMatchObject({
      n_a: 1, n_b: 3, mean_a: 1, mean_b: 4, diff: 3, ci_low: null, ci_high: null, p_value: null,
    });
    expect(unpairedComparison([], [2, 4])).toMatchObject({ mean_a: null, mean_b: 3, diff: null, p_value: null });
  });
});

describe("holmAdjust", () => {
  it("known answer: [0.01, 0.04, 0.03, 0.005] -> [0.03, 0.06, 0.06, 0.02]", () => {
    // sorted: 0.005*4 = 0.02, 0.01*3 = 0.03, 0.03*2 = 0.06, 0.04*1 = 0.04 -> running max 0.06.
    const r = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((e, i) => close(r[i]!, e, 1e-12));
  });

  it("ignores nulls (and NaN) for m, caps at 1, rejects out-of-range p", () => {
    const r = holmAdjust([null, 0.01, 0.5, NaN, 0.02]);
    expect(r[0]).toBeNull();
    expect(r[3]).toBeNull();
    close(r[1]!, 0.03, 1e-12);
    close(r[4]!, 0.04, 1e-12);
    expect(r[2]).toBe(0.5);
    expect(holmAdjust([0.6, 0.7])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
    expect(() => holmAdjust([0.1, 1.5])).toThrow(RangeError);
  });
});

// Bounded doubles so sums and squares stay finite; small integers make ties and zero variance common.
const value = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
const maybe = fc.oneof({ weight: 9, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(null, NaN, Infinity) });
const pairs = fc.array(fc.tuple(maybe, maybe), { maxLength: 30 });
const pValue = fc.oneof(fc.constantFrom(0, 1, 0.05), fc.double({ min: 0, max: 1, noNaN: true }));

const neg = (x: number | null) => (x === null ? null : -x + 0);
const pos = (x: number | null) => (x === null ? null : x + 0);

function checkStats(r: ReturnType<typeof pairedComparison>) {
  if (r.p_value === null) return;
  expect(r.p_value).toBeGreaterThanOrEqual(0);
  expect(r.p_value).toBeLessThanOrEqual(1);
  expect(r.ci_low!).toBeLessThanOrEqual(r.diff!);
  expect(r.ci_high!).toBeGreaterThanOrEqual(r.diff!);
}

describe("properties", () => {
  it("CI contains diff and p is in [0, 1]; swapping a and b negates diff and keeps p", () => {
    fc.assert(
      fc.property(pairs, (rows) => {
        const a = rows.map((r) => r[0]);
        const b = rows.map((r) => r[1]);
        for (const cmp of [pairedComparison, unpairedComparison]) {
          const ab = cmp(a, b);
          const ba = cmp(b, a);
          checkStats(ab);
          checkStats(ba);
          // Exact: negating every difference negates each sum exactly (+ 0 folds -0 into 0).
          expect(neg(ba.diff)).toBe(pos(ab.diff));
          expect(ba.p_value).toBe(ab.p_value);
          expect(neg(ba.ci_low)).toBe(pos(ab.ci_high));
          expect(neg(ba.ci_high)).toBe(pos(ab.ci_low));
        }
      }),
    );
  });

  it("holm: >= raw p, <= 1, order-preserving and permutation-equivariant", () => {
    const arb = fc
      .array(fc.oneof({ weight: 9, arbitrary: pValue }, { weight: 1, arbitrary: fc.constant(null) }), { maxLength: 25 })
      .chain((ps) => fc.tuple(fc.constant(ps), fc.shuffledSubarray(ps.map((_, i) => i), { minLength: ps.length, maxLength: ps.length })));
    fc.assert(
      fc.property(arb, ([ps, perm]) => {
        const adj = holmAdjust(ps);
        expect(adj.length).toBe(ps.length);
        ps.forEach((p, i) => {
          if (p === null) {
            expect(adj[i]).toBeNull();
            return;
          }
          expect(adj[i]!).toBeGreaterThanOrEqual(p);
          expect(adj[i]!).toBeLessThanOrEqual(1);
          ps.forEach((q, j) => {
            if (q !== null && p <= q) expect(adj[i]!).toBeLessThanOrEqual(adj[j]!);
          });
        });
        expect(holmAdjust(perm.map((i) => ps[i]))).toEqual(perm.map((i) => adj[i]));
      }),
    );
  });
});
