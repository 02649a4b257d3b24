import fc from "fast-check";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { AliasTable, logFactorial, logPoissonPmf, RngStreams, Stream, streamSeed, ZipfSampler, zipfWeights } from "../src/sim/rng/index.js";

const zipf = new ZipfSampler(30, 1.1);
const alias = new AliasTable([3, 0, 1, 6]);

/** Every kind of draw, so the CRN property covers variable-consumption methods (rejection, polar spare). */
const OPS: readonly ((s: Stream) => number | boolean)[] = [
  (s) => s.uint32(),
  (s) => s.uniform(),
  (s) => s.uniformRange(-2, 5),
  (s) => s.int(7),
  (s) => s.int(3 * 2 ** 30),
  (s) => s.int(2 ** 40 + 3),
  (s) => s.exponential(0.5),
  (s) => s.normal(1, 2),
  (s) => s.lognormal(0, 1),
  (s) => s.poisson(3),
  (s) => s.poisson(40),
  (s) => s.bernoulli(0.3),
  (s) => s.zipfRank(zipf),
  (s) => alias.sample(s),
];

function draws(s: Stream, n: number): number[] {
  return Array.from({ length: n }, () => s.uint32());
}

function moments(n: number, draw: () => number): { mean: number; variance: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: (sumSq - n * mean * mean) / (n - 1) };
}

/** Assert mean within 6 standard errors and variance within `varTol` relative error. */
function expectMoments(n: number, draw: () => number, mean: number, variance: number, varTol = 0.05): void {
  const m = moments(n, draw);
  expect(Math.abs(m.mean - mean)).toBeLessThan(6 * Math.sqrt(variance / n));
  expect(Math.abs(m.variance / variance - 1)).toBeLessThan(varTol);
}

/** Pearson chi-square of counts against same-length probabilities (cells with expected count < 5 pooled); asserts a generous bound. */
function expectFits(counts: ArrayLike<number>, probs: ArrayLike<number>, n: number): void {
  expect(counts.length).toBe(probs.length);
  let chi = 0;
  let cells = 0;
  let pooledObs = 0;
  let pooledExp = 0;
  for (let i = 0; i < probs.length; i++) {
    const e = n * probs[i]!;
    if (e < 5) {
      pooledObs += counts[i]!;
      pooledExp += e;
    } else {
      chi += (counts[i]! - e) ** 2 / e;
      cells++;
    }
  }
  if (pooledExp >= 1) {
    chi += (pooledObs - pooledExp) ** 2 / pooledExp;
    cells++;
  } else {
    expect(pooledObs).toBeLessThanOrEqual(4);
  }
  const df = cells - 1;
  expect(chi).toBeLessThan(df + 6 * Math.sqrt(2 * df) + 10);
}

function histogram(n: number, size: number, draw: () => number): Float64Array {
  const counts = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    const k = draw();
    counts[Math.min(k, size - 1)]!++;
  }
  return counts;
}

/** P(X = k) for k < size, then P(X >= size) in the last cell, by the recurrence p(k) = p(k-1) mean / k. */
function poissonPmf(mean: number, size: number): Float64Array {
  const p = new Float64Array(size + 1);
  p[0] = Math.exp(-mean);
  let sum = p[0];
  for (let k = 1; k < size; k++) sum += p[k] = (p[k - 1]! * mean) / k;
  p[size] = Math.max(0, 1 - sum);
  return p;
}

describe("stream derivation and common random numbers", () => {
  it("draws of (name, k) are independent of other streams, creation order and interleaving", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.integer({ min: 0, max: 500 }),
        // Other entities on both sides of k, including ids on the sparse (Map) path.
        fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1 << 22, max: 2 ** 40 })), { maxLength: 12 }),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.nat(OPS.length - 1)), { maxLength: 80 }),
        fc.boolean(),
        (seed, k, otherIds, kAt, schedule, viaFamily) => {
          const streams = new RngStreams(seed);
          // Create the others and k in a generated order; other names and the
          // entity-less stream of the same name share the instance too.
          const ids = otherIds.filter((id) => id !== k);
          ids.splice(kAt % (ids.length + 1), 0, k);
          const pool = ids.map((id) => (viaFamily ? streams.family("agent").get(id) : streams.stream("agent", id)));
          pool.push(streams.stream("agent"), streams.family("other").get(k), streams.stream("agen", k));
          const mine = streams.stream("agent", k);
          const seen: (number | boolean)[] = [];
          const ops: number[] = [];
          for (const [who, op] of schedule) {
            const s = pool[who % pool.length]!;
            const x = OPS[op]!(s);
            if (s === mine) {
              seen.push(x);
              ops.push(op);
            }
          }
          const alone = new RngStreams(seed).stream("agent", k);
          expect(ops.map((op) => OPS[op]!(alone))).toEqual(seen);
        },
      ),
    );
  });

  it("caches streams: stream(), family().get() and repeated calls return one object", () => {
    const streams = new RngStreams(1);
    expect(streams.stream("x", 3)).toBe(streams.stream("x", 3));
    expect(streams.family("x").get(3)).toBe(streams.stream("x", 3));
    expect(streams.stream("x")).toBe(streams.stream("x"));
    expect(streams.family("x").get(2 ** 40)).toBe(streams.stream("x", 2 ** 40)); // sparse id path
    expect(streams.stream("x")).not.toBe(streams.stream("x", 0));
  });

  it("same seed gives the same sequence; a different seed, name or entity gives a different one", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), fc.string({ minLength: 1 }), fc.nat(), (s1, s2, name, id) => {
        const a = draws(new RngStreams(s1).stream(name, id), 4);
        expect(draws(new RngStreams(s1).stream(name, id), 4)).toEqual(a);
        if (s1 !== s2) expect(draws(new RngStreams(s2).stream(name, id), 4)).not.toEqual(a);
        expect(draws(new RngStreams(s1).stream(name + "x", id), 4)).not.toEqual(a);
        expect(draws(new RngStreams(s1).stream(name, id + 1), 4)).not.toEqual(a);
        expect(draws(new RngStreams(s1).stream(name), 4)).not.toEqual(a);
      }),
    );
  });

  it("encodes (seed, name, id) injectively", () => {
    const triple = fc.tuple(fc.integer(), fc.string(), fc.option(fc.nat(), { nil: undefined }));
    fc.assert(
      fc.property(triple, triple, (x, y) => {
        const same = x[0] === y[0] && x[1] === y[1] && x[2] === y[2];
        expect(streamSeed(...x) === streamSeed(...y)).toBe(same);
      }),
    );
    expect(streamSeed(1, "a:1", 2)).not.toBe(streamSeed(1, "a", 12));
  });

  it("steps tyche-i exactly as seedrandom does", () => {
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const ref = seedrandom.tychei(seed);
        const s = new Stream(seed);
        for (let i = 0; i < 50; i++) expect(s.uint32()).toBe(ref.int32() >>> 0);
      }),
    );
  });

  it("draw() is the first uniform of the stream and caches nothing", () => {
    const streams = new RngStreams(9);
    const u = streams.draw("trait", 5);
    expect(streams.draw("trait", 5)).toBe(u);
    expect(streams.stream("trait", 5).uniform()).toBe(u);
    expect(streams.draw("trait", 5)).toBe(u);
  });

  it("golden: pins the derivation and the first draws", () => {
    expect(streamSeed(42, "golden", 7)).toBe("cs1:42:6:golden:7");
    expect(streamSeed(-3, "golden")).toBe("cs1:-3:6:golden:-");
    const fresh = (): Stream => new RngStreams(42).stream("golden", 7);
    expect(draws(fresh(), 4)).toEqual(GOLDEN.uint32);
    const s = fresh();
    expect([s.uniform(), s.int(1000), s.exponential(1), s.normal(), s.normal(), s.poisson(3), s.poisson(50), s.lognormal(0, 1)]).toEqual(
      GOLDEN.mixed,
    );
  });
});

/** Stream (42, "golden", 7). If these change, every recorded run changes: bump DERIVATION in streams.ts on purpose, never by accident. */
const GOLDEN = {
  uint32: [4248220413, 1097748502, 923088058, 2662144371],
  // uniform, int(1000), exponential(1), normal() twice (a polar pair), poisson(3), poisson(50), lognormal(0, 1)
  mixed: [0.9891158882944993, 58, 0.9671335614704678, -0.07388246515293395, 2.2316234980181267, 1, 52, 0.2169010562932607],
};

describe("distributions (fixed seeds, generous tolerances)", () => {
  const N = 200_000;
  const rng = (name: string): Stream => new RngStreams(20240601).stream(name);

  it("uniform: [0,1), 53 bits, mean 1/2, variance 1/12", () => {
    const s = rng("uniform");
    let odd = 0;
    let inRange = true;
    for (let i = 0; i < 10_000; i++) {
      const u = s.uniform();
      inRange &&= u >= 0 && u < 1;
      odd += (u * 2 ** 53) % 2;
    }
    expect(inRange).toBe(true);
    expect(odd).toBeGreaterThan(4500); // the 53rd bit is random, not always 0
    expectMoments(N, () => s.uniform(), 0.5, 1 / 12);
    expectMoments(N, () => s.uniformRange(-3, 5), 1, 64 / 12);
  });

  it("int: uniform cells, and no modulo bias for large n", () => {
    const s = rng("int");
    expectFits(histogram(N, 10, () => s.int(10)), new Float64Array(10).fill(0.1), N);
    for (const n of [3 * 2 ** 30, 1.5 * 2 ** 52]) {
      // Modulo reduction would make the lowest third of [0, n) twice as likely.
      let low = 0;
      let inRange = true;
      for (let i = 0; i < N; i++) {
        const x = s.int(n);
        inRange &&= Number.isInteger(x) && x >= 0 && x < n;
        if (x < n / 3) low++;
      }
      expect(inRange).toBe(true);
      expect(Math.abs(low / N - 1 / 3)).toBeLessThan(0.01);
    }
    expect(s.int(1)).toBe(0);
  });

  it("exponential, normal, lognormal, bernoulli: moments", () => {
    const s = rng("continuous");
    expectMoments(N, () => s.exponential(2), 0.5, 0.25);
    expectMoments(N, () => s.normal(3, 2), 3, 4);
    expectMoments(N, () => s.normal(), 0, 1);
    // The polar method returns pairs; the two halves must be uncorrelated.
    let cross = 0;
    for (let i = 0; i < N; i++) cross += s.normal() * s.normal();
    expect(Math.abs(cross / N)).toBeLessThan(6 / Math.sqrt(N));
    const [mu, sigma] = [0.5, 0.4];
    const lnMean = Math.exp(mu + sigma ** 2 / 2);
    expectMoments(N, () => s.lognormal(mu, sigma), lnMean, (Math.exp(sigma ** 2) - 1) * lnMean ** 2, 0.08);
    expectMoments(N, () => Number(s.bernoulli(0.3)), 0.3, 0.21);
    for (let i = 0; i < 100; i++) expect([s.bernoulli(0), s.bernoulli(1)]).toEqual([false, true]);
  });

  it("poisson: exact pmf by inversion (small mean) and PTRS (mean >= 10)", () => {
    const s = rng("poisson");
    for (const mean of [0.05, 3.7, 9.99, 10, 25, 300]) {
      const size = Math.ceil(mean + 12 * Math.sqrt(mean) + 20);
      expectFits(histogram(N, size + 1, () => s.poisson(mean)), poissonPmf(mean, size), N);
    }
    expectMoments(N, () => s.poisson(1e6), 1e6, 1e6);
    expectMoments(50_000, () => s.poisson(1e12), 1e12, 1e12);
    expectMoments(50_000, () => s.poisson(1e15) - 1e15, 0, 1e15); // centred: the squares would round
    expect(s.poisson(0)).toBe(0);
  });

  it("logFactorial and logPoissonPmf match summed logs", () => {
    let exact = 0;
    for (let k = 0; k <= 300; k++) {
      if (k > 1) exact += Math.log(k);
      expect(Math.abs(logFactorial(k) - exact)).toBeLessThanOrEqual(1e-12 * Math.max(1, exact));
      for (const mean of [0.5, 10, 37.5, 250]) {
        const direct = -mean + k * Math.log(mean) - exact;
        expect(Math.abs(logPoissonPmf(k, mean) - direct)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(direct), exact));
      }
    }
  });

  it("alias table: frequencies follow the weights, zero weights never drawn", () => {
    const weights = [1, 2, 3, 4, 0, 10, 0.5];
    const table = new AliasTable(weights);
    const s = rng("alias");
    const counts = histogram(N, weights.length, () => table.sample(s));
    expect(counts[4]).toBe(0);
    const total = weights.reduce((a, b) => a + b, 0);
    expectFits(counts, weights.map((w) => w / total), N);
    expect(new AliasTable([5]).sample(s)).toBe(0);
  });

  it("alias table: any weights give in-range draws that skip zero weights, deterministically", () => {
    const weight = fc.oneof(fc.constant(0), fc.double({ min: 1e-300, max: 1e300, noNaN: true }));
    fc.assert(
      fc.property(fc.array(weight, { minLength: 1, maxLength: 40 }).filter((w) => w.some((x) => x > 0)), fc.integer(), (w, seed) => {
        const sum = w.reduce((a, b) => a + b, 0);
        fc.pre(Number.isFinite(sum));
        const a = new AliasTable(w);
        const b = new AliasTable(w);
        const s1 = new RngStreams(seed).stream("a");
        const s2 = new RngStreams(seed).stream("a");
        for (let i = 0; i < 200; i++) {
          const x = a.sample(s1);
          expect(w[x]).toBeGreaterThan(0);
          expect(b.sample(s2)).toBe(x);
        }
      }),
    );
  });

  it("zipf: weights normalized and decreasing, rank frequencies follow them", () => {
    const w = zipfWeights(1000, 1.2);
    expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    expect(w[0]! / w[1]!).toBeCloseTo(2 ** 1.2, 12);
    for (let i = 1; i < w.length; i++) expect(w[i]!).toBeLessThan(w[i - 1]!);
    const sampler = new ZipfSampler(50, 0.9);
    const s = rng("zipf");
    const counts = histogram(N, 51, () => s.zipfRank(sampler));
    expect(counts[0]).toBe(0); // ranks start at 1
    expectFits(counts.subarray(1), zipfWeights(50, 0.9), N);
  });
});

describe("parameter validation", () => {
  const s = new RngStreams(1).stream("v");
  const cases: [() => unknown, string][] = [
    [() => s.exponential(-1), "exponential: rate must be > 0 and finite, got -1"],
    [() => s.exponential(0), "exponential: rate must be > 0 and finite, got 0"],
    [() => s.exponential(NaN), "exponential: rate must be > 0 and finite, got NaN"],
    [() => s.normal(0, -1), "normal: sd must be finite and >= 0, got -1"],
    [() => s.normal(Infinity), "normal: mean must be finite, got Infinity"],
    [() => s.lognormal(0, -0.5), "lognormal: sigma must be finite and >= 0, got -0.5"],
    [() => s.lognormal(NaN, 1), "lognormal: mu must be finite, got NaN"],
    [() => s.poisson(-2), "poisson: mean must be in [0, 1e15], got -2"],
    [() => s.poisson(NaN), "poisson: mean must be in [0, 1e15], got NaN"],
    [() => s.poisson(2e15), "poisson: mean must be in [0, 1e15], got 2000000000000000"],
    [() => s.bernoulli(1.5), "bernoulli: p must be in [0, 1], got 1.5"],
    [() => s.int(0), "int: n must be a safe integer >= 1, got 0"],
    [() => s.int(2.5), "int: n must be a safe integer >= 1, got 2.5"],
    [() => s.int(2 ** 53), "int: n must be a safe integer >= 1, got 9007199254740992"],
    [() => s.uniformRange(2, 1), "uniformRange: need finite a <= b, got a=2, b=1"],
    [() => s.uniformRange(-Infinity, 1), "uniformRange: need finite a <= b, got a=-Infinity, b=1"],
    [() => new AliasTable([]), "AliasTable: need between 1 and 2^31-1 weights, got 0"],
    [() => new AliasTable([1, -1]), "AliasTable: weight[1] must be finite and >= 0, got -1"],
    [() => new AliasTable([1, NaN]), "AliasTable: weight[1] must be finite and >= 0, got NaN"],
    [() => new AliasTable([0, 0]), "AliasTable: weights must have a positive finite sum, got 0"],
    [() => new AliasTable([1e308, 1e308]), "AliasTable: weights must have a positive finite sum, got Infinity"],
    [() => zipfWeights(0, 1), "zipfWeights: n must be an integer in [1, 2^31-1], got 0"],
    [() => new ZipfSampler(10, 0), "ZipfSampler: s must be > 0 and finite, got 0"],
    [() => new RngStreams(1.5), "RngStreams: seed must be a safe integer, got 1.5"],
    [() => new RngStreams(1).stream("x", -1), 'stream "x": entityId must be a non-negative safe integer, got -1'],
    [() => new RngStreams(1).family("x").get(0.5), 'stream "x": entityId must be a non-negative safe integer, got 0.5'],
    [() => new RngStreams(1).stream(""), 'RngStreams.stream: name must be a non-empty string, got ""'],
    [() => new RngStreams(1).draw("x", NaN), "RngStreams.draw: entityId must be a non-negative safe integer, got NaN"],
  ];
  it.each(cases.map(([f, msg]) => ({ f, msg })))("$msg", ({ f, msg }) => {
    expect(f).toThrow(new Error(msg));
  });
});
