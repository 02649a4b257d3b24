// Known-answer tests of the sensitivity estimators on analytical functions
// (issue 20, Must show): Ishigami and the Sobol' G-function through the Saltelli
// 2010 / Jansen 1999 estimators, Morris on linear functions, and the seed-noise
// variance split. A/B matrices come from a quasi-random sequence written here.
import { describe, expect, test } from "vitest";
import { Stream } from "../src/sim/rng/index.js";
import { bootstrapIntervals, quantileSorted } from "../src/metrics/sensitivity/bootstrap.js";
import { morrisStats } from "../src/metrics/sensitivity/morris.js";
import { sobolIndices, sobolIndicesWithIntervals, type SobolOutputs } from "../src/metrics/sensitivity/sobolIndices.js";
import { varianceDecomposition } from "../src/metrics/sensitivity/varianceDecomposition.js";

/**
 * The R_d Kronecker sequence (Roberts 2018, "The unreasonable effectiveness of
 * quasirandom sequences"): x_n = frac(1/2 + n α) with α_i = φ_d^-i, φ_d the
 * positive root of x^(d+1) = x + 1. A low-discrepancy point set in any
 * dimension from three lines, standing in for the sweep's Sobol' generator.
 */
function kronecker(d: number): (n: number) => number[] {
  let phi = 2;
  for (let i = 0; i < 100; i++) phi = (1 + phi) ** (1 / (d + 1));
  const alpha = Array.from({ length: d }, (_, i) => (1 / phi ** (i + 1)) % 1);
  return (n) => alpha.map((a) => (0.5 + n * a) % 1);
}

/** f on Saltelli's cross-sampling: point j of the 2k-dimensional sequence gives A_j (first k) and B_j (last k). */
function crossSample(k: number, n: number, point: (j: number) => number[], f: (u: number[]) => number): SobolOutputs {
  const a: number[] = [];
  const b: number[] = [];
  const ab: number[][] = Array.from({ length: k }, () => []);
  for (let j = 0; j < n; j++) {
    const u = point(j);
    const A = u.slice(0, k);
    const B = u.slice(k);
    a.push(f(A));
    b.push(f(B));
    for (let i = 0; i < k; i++) ab[i]!.push(f(A.map((x, c) => (c === i ? B[i]! : x))));
  }
  return { a, b, ab };
}

// Ishigami & Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [-π, π]³.
// Partial variances (Sobol' & Levitan 1999; Saltelli et al. 2008, Global
// Sensitivity Analysis: The Primer, §4.9): V1 = (1 + bπ⁴/5)²/2, V2 = a²/8,
// V3 = 0, V13 = b²π⁸(1/18 - 1/50) = 8b²π⁸/225, V = V1 + V2 + V13 = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2.
const ISHIGAMI_A = 7;
const ISHIGAMI_B = 0.1;
function ishigami(u: number[]): number {
  const x = u.map((v) => -Math.PI + 2 * Math.PI * v);
  return Math.sin(x[0]!) + ISHIGAMI_A * Math.sin(x[1]!) ** 2 + ISHIGAMI_B * x[2]! ** 4 * Math.sin(x[0]!);
}
const PI4 = Math.PI ** 4;
const PI8 = Math.PI ** 8;
const V1 = (1 + (ISHIGAMI_B * PI4) / 5) ** 2 / 2;
const V2 = ISHIGAMI_A ** 2 / 8;
const V13 = (8 * ISHIGAMI_B ** 2 * PI8) / 225;
const V_ISHIGAMI = ISHIGAMI_A ** 2 / 8 + (ISHIGAMI_B * PI4) / 5 + (ISHIGAMI_B ** 2 * PI8) / 18 + 0.5;
const ISHIGAMI_S1 = [V1 / V_ISHIGAMI, V2 / V_ISHIGAMI, 0];
const ISHIGAMI_ST = [(V1 + V13) / V_ISHIGAMI, V2 / V_ISHIGAMI, V13 / V_ISHIGAMI];

// Sobol' G-function g = Π (|4u_i - 2| + a_i) / (1 + a_i) on [0, 1]^k (Saltelli et
// al. 2010 §3): V_i = 1 / (3 (1 + a_i)²), V = Π (1 + V_i) - 1,
// S_i = V_i / V, S_Ti = V_i Π_{j≠i} (1 + V_j) / V.
const G_A = [0, 1, 4.5, 9, 99, 99, 99, 99];
const gFunction = (u: number[]) => u.reduce((p, x, i) => (p * (Math.abs(4 * x - 2) + G_A[i]!)) / (1 + G_A[i]!), 1);
const G_VI = G_A.map((a) => 1 / (3 * (1 + a) ** 2));
const G_PRODUCT = G_VI.reduce((p, v) => p * (1 + v), 1);
const G_S1 = G_VI.map((v) => v / (G_PRODUCT - 1));
const G_ST = G_VI.map((v) => (v * G_PRODUCT) / (1 + v) / (G_PRODUCT - 1));

const N = 2 ** 13;
const BOOT = { resamples: 1000, seed: "known-answer" };

describe("Sobol' indices (Saltelli 2010 first order, Jansen 1999 total) on analytical functions", () => {
  test("the analytic values are the published ones", () => {
    expect(ISHIGAMI_S1.map((s) => Number(s.toFixed(4)))).toEqual([0.3139, 0.4424, 0]);
    expect(ISHIGAMI_ST.map((s) => Number(s.toFixed(4)))).toEqual([0.5576, 0.4424, 0.2437]);
    expect(G_S1[0]).toBeCloseTo(0.7162, 4);
  });

  test.each([
    { name: "Ishigami (a = 7, b = 0.1)", k: 3, f: ishigami, s1: ISHIGAMI_S1, st: ISHIGAMI_ST },
    { name: "G-function (a = 0, 1, 4.5, 9, 99 x4)", k: 8, f: gFunction, s1: G_S1, st: G_ST },
  ])("$name: every S1 and ST lies within its 95% bootstrap interval, N = 2^13", ({ k, f, s1, st }) => {
    const e = sobolIndicesWithIntervals(crossSample(k, N, kronecker(2 * k), f), BOOT);
    for (let i = 0; i < k; i++) {
      expect(s1[i]!, `S1 of factor ${i + 1}: ${e.s1[i]} in [${e.s1Interval[i]!.low}, ${e.s1Interval[i]!.high}]`).toBeGreaterThanOrEqual(e.s1Interval[i]!.low!);
      expect(s1[i]!).toBeLessThanOrEqual(e.s1Interval[i]!.high!);
      expect(st[i]!, `ST of factor ${i + 1}: ${e.st[i]} in [${e.stInterval[i]!.low}, ${e.stInterval[i]!.high}]`).toBeGreaterThanOrEqual(e.stInterval[i]!.low!);
      expect(st[i]!).toBeLessThanOrEqual(e.stInterval[i]!.high!);
      // The intervals are informative, not just wide: they separate the G-function's important factors from the a = 99 ones.
      expect(e.stInterval[i]!.high! - e.stInterval[i]!.low!).toBeLessThan(0.1);
    }
    // The point estimates rank the factors as the analytic totals do.
    const rank = (xs: number[]) => xs.map((_, i) => i).sort((x, y) => xs[y]! - xs[x]! || x - y);
    expect(rank(e.st).slice(0, 3)).toEqual(rank(st).slice(0, 3));
  });

  test("pseudo-random inputs: the intervals cover the analytic Ishigami indices at about their 95% level", () => {
    // 30 independent small studies x 6 indices: coverage of a calibrated 95% interval is ~Binomial(180, 0.95).
    const stream = new Stream("coverage");
    let covered = 0;
    let total = 0;
    for (let study = 0; study < 30; study++) {
      const e = sobolIndicesWithIntervals(crossSample(3, 512, () => Array.from({ length: 6 }, () => stream.uniform()), ishigami), { resamples: 400, seed: `study-${study}` });
      for (let i = 0; i < 3; i++) {
        covered += Number(ISHIGAMI_S1[i]! >= e.s1Interval[i]!.low! && ISHIGAMI_S1[i]! <= e.s1Interval[i]!.high!);
        covered += Number(ISHIGAMI_ST[i]! >= e.stInterval[i]!.low! && ISHIGAMI_ST[i]! <= e.stInterval[i]!.high!);
        total += 2;
      }
    }
    expect(covered / total).toBeGreaterThan(0.85);
    expect(covered / total).toBeLessThan(1);
  });

  test("a factor f does not use has S1 = ST = 0 exactly", () => {
    const e = sobolIndices(crossSample(3, 256, kronecker(6), (u) => 3 * u[0]! + u[1]!));
    expect(e.s1[2]).toBe(0);
    expect(e.st[2]).toBe(0);
    expect(e.st[0]).toBeGreaterThan(e.st[1]!);
  });

  test("a constant output has no indices (NaN) rather than 0/0 noise", () => {
    const e = sobolIndices({ a: [1, 1], b: [1, 1], ab: [[1, 1]] });
    expect(e.s1[0]).toBeNaN();
    expect(e.st[0]).toBeNaN();
  });

  test("the same inputs and seed give the same intervals; another seed other ones", () => {
    const y = crossSample(3, 128, kronecker(6), ishigami);
    const one = sobolIndicesWithIntervals(y, { resamples: 200, seed: "s" });
    expect(sobolIndicesWithIntervals(y, { resamples: 200, seed: "s" })).toEqual(one);
    expect(sobolIndicesWithIntervals(y, { resamples: 200, seed: "t" }).s1Interval).not.toEqual(one.s1Interval);
  });
});

describe("bootstrap percentile intervals", () => {
  test("quantiles interpolate between order statistics (type 7)", () => {
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileSorted([0, 10], 0.25)).toBe(2.5);
    expect(quantileSorted([7], 0.975)).toBe(7);
  });

  test("the interval of a mean brackets it and narrows as 1/sqrt(n)", () => {
    const stream = new Stream("normal");
    const widths = [100, 400].map((n) => {
      const xs = Array.from({ length: n }, () => stream.normal());
      const mean = (rows: ArrayLike<number>) => {
        let s = 0;
        for (let r = 0; r < rows.length; r++) s += xs[rows[r]!]!;
        return s / rows.length;
      };
      const [ci] = bootstrapIntervals(n, 1, { resamples: 2000, seed: "b" }, (rows) => [mean(rows)]);
      const all = Array.from({ length: n }, (_, i) => i);
      expect(ci!.low!).toBeLessThan(mean(all));
      expect(ci!.high!).toBeGreaterThan(mean(all));
      return ci!.high! - ci!.low!;
    });
    // 2 x 1.96 / sqrt(n) for a standard normal: 0.392 and 0.196.
    expect(widths[0]! / widths[1]!).toBeGreaterThan(1.6);
    expect(widths[0]! / widths[1]!).toBeLessThan(2.5);
  });

  test("zero resamples give null bounds", () => {
    expect(bootstrapIntervals(5, 2, { resamples: 0, seed: "x" }, () => [1, 2])).toEqual([
      { low: null, high: null },
      { low: null, high: null },
    ]);
  });
});

/** Morris trajectories on the p-level grid (Morris 1991): a random start, each factor moved once by Δ = p / (2(p - 1)) in a random order, up where it fits, else down. */
function morrisEffects(k: number, r: number, p: number, f: (u: number[]) => number, stream: Stream): number[][] {
  const delta = p / (2 * (p - 1));
  const effects: number[][] = Array.from({ length: k }, () => []);
  for (let t = 0; t < r; t++) {
    let u = Array.from({ length: k }, () => stream.int(p) / (p - 1));
    const order = Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = stream.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const i of order) {
      const next = u.map((x, c) => (c === i ? (x + delta <= 1 ? x + delta : x - delta) : x));
      effects[i]!.push((f(next) - f(u)) / (next[i]! - u[i]!));
      u = next;
    }
  }
  return effects;
}

describe("Morris elementary effects (Morris 1991; mu* of Campolongo et al. 2007)", () => {
  const c = [3, -8, 0.5, 0, -2];
  const linear = (u: number[]) => u.reduce((s, x, i) => s + c[i]! * x, 0);

  test("on a linear function with 2 levels (exact arithmetic) mu* = |c_i|, mu = c_i, sigma = 0 exactly", () => {
    const stats = morrisStats(morrisEffects(5, 10, 2, linear, new Stream("m2")));
    expect(stats.map((s) => s.muStar)).toEqual(c.map(Math.abs));
    expect(stats.map((s) => s.mu)).toEqual(c);
    expect(stats.map((s) => s.sigma)).toEqual([0, 0, 0, 0, 0]);
  });

  test("on a linear function with 4 levels mu* = |c_i| up to rounding and ranks the factors by |c_i|", () => {
    const stats = morrisStats(morrisEffects(5, 20, 4, linear, new Stream("m4")));
    stats.forEach((s, i) => {
      expect(s.muStar).toBeCloseTo(Math.abs(c[i]!), 12);
      expect(s.mu).toBeCloseTo(c[i]!, 12);
      expect(s.sigma).toBeLessThan(1e-12);
    });
    const ranked = stats.map((_, i) => i).sort((x, y) => stats[y]!.muStar - stats[x]!.muStar || x - y);
    expect(ranked).toEqual([1, 0, 4, 2, 3]);
  });

  test("effects of opposite sign cancel in mu but not in mu*; sigma measures the non-linearity", () => {
    const stats = morrisStats([[2, -2, 2, -2]]);
    expect(stats[0]).toEqual({ mu: 0, muStar: 2, sigma: Math.sqrt(16 / 3) });
  });

  test("one trajectory has no sigma", () => {
    expect(morrisStats([[1.5]])[0]!.sigma).toBeNaN();
  });
});

describe("variance decomposition: seed noise versus factors (one-way random-effects ANOVA)", () => {
  test("points differing only by noise give noise share 1; noiseless replicates give factor share 1", () => {
    expect(varianceDecomposition([[1, 2], [1, 2], [1, 2]])).toEqual({ noiseShare: 1, factorShare: 0 });
    expect(varianceDecomposition([[1, 1], [3, 3], [5, 5]])).toEqual({ noiseShare: 0, factorShare: 1 });
  });

  test("recovers known variance components and the shares add up to 1", () => {
    // y = point effect (sd 2) + seed noise (sd 1): noise share 1 / (1 + 4) = 0.2.
    const stream = new Stream("anova");
    const points = Array.from({ length: 400 }, () => {
      const effect = 2 * stream.normal();
      return Array.from({ length: 5 }, () => effect + stream.normal());
    });
    const shares = varianceDecomposition(points)!;
    expect(shares.noiseShare).toBeGreaterThan(0.17);
    expect(shares.noiseShare).toBeLessThan(0.23);
    expect(shares.noiseShare + shares.factorShare).toBeCloseTo(1, 15);
  });

  test("a worked example: [0, 2], [4, 6], [2, 4] give noise share 2/5", () => {
    // MS_within = (2 + 2 + 2) / 3 = 2; means 1, 5, 3: MS_between = 2 (4 + 4 + 0) / 2 = 8; n0 = 2: σ²_b = (8 - 2) / 2 = 3.
    const shares = varianceDecomposition([[0, 2], [4, 6], [2, 4]])!;
    expect(shares.noiseShare).toBeCloseTo(2 / 5, 15);
    expect(shares.factorShare).toBeCloseTo(3 / 5, 15);
  });

  test("unbalanced points use n0; a point with no value is skipped; no replicates means no split", () => {
    expect(varianceDecomposition([[1], [2], [3]])).toBeNull();
    expect(varianceDecomposition([[1, 1]])).toBeNull();
    expect(varianceDecomposition([[4, 4], [4, 4]])).toBeNull();
    expect(varianceDecomposition([[0, 2], [4, 6], [2, 4], []])!.noiseShare).toBeCloseTo(2 / 5, 15);
    // [0, 2], [4, 6], [3]: MS_w = 4 / 2 = 2, MS_b = (2·4 + 2·4 + 0) / 2 = 8, n0 = (5 - 9/5) / 2 = 1.6, σ²_b = 6 / 1.6 = 3.75.
    expect(varianceDecomposition([[0, 2], [4, 6], [3]])!.noiseShare).toBeCloseTo(2 / 5.75, 15);
  });
});
