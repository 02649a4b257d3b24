// Known-answer tests for the trust math against the shared reference vectors
// (test/fixtures/metric_vectors_public.json; formulas in REFERENCE.md §4).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emaTrust } from "../src/policies/trust/ema.js";
import { BetaTable } from "../src/policies/trust/betaTable.js";
import { eigenTrust, eigenTrustFixedPoint, pretrustVector } from "../src/policies/trust/math/eigenTrust.js";
import { betaExpectation, betaRating, emaStep, forget } from "../src/policies/trust/math/reputation.js";
import { StakeBook } from "../src/policies/trust/math/stakeBook.js";
import { Kind } from "../src/sim/economy/seams.js";
import { RngStreams } from "../src/sim/rng/index.js";

interface Num {
  exact: string;
  float: number;
}
interface EigenVector {
  id: string;
  n: number;
  local_trust_raw: string[][];
  pretrusted: number[];
  alpha: string;
  epsilon: number;
  max_iterations: number;
  p: { float: number[] };
  iterates_exact: { float: number[] }[];
  fixed_point: { float: number[] };
}
interface BetaVector {
  id: string;
  forgetting_lambda: string;
  events: [string, string][];
  steps: { r: Num; s: Num; expectation: Num; rating: Num }[];
}
interface EmaVector {
  id: string;
  R0: string;
  beta: string;
  observations: string[];
  values: { float: number[] };
}
interface StakeVector {
  id: string;
  stake0: string;
  whistleblower_fraction: string;
  trace: { event: [string, string]; stake: Num; whistleblower_total: Num; burned_total: Num; reputation: Num; weight: Num }[];
}

const vectors = JSON.parse(readFileSync(new URL("./fixtures/metric_vectors_public.json", import.meta.url), "utf8")) as {
  eigentrust: EigenVector[];
  beta_reputation: BetaVector[];
  ema_reputation: EmaVector[];
  stake_slash: StakeVector[];
};

/** Parse an exact fraction string ("p/q" or "p") as a double. */
const frac = (s: string): number => {
  const [p, q] = s.split("/");
  return Number(p) / (q === undefined ? 1 : Number(q));
};
const matrix = (rows: string[][]) => rows.map((row) => row.map(frac));
const within = (actual: ArrayLike<number>, expected: readonly number[], tol: number) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((x, i) => expect(Math.abs(actual[i]! - x), `entry ${i}: ${actual[i]} vs ${x}`).toBeLessThanOrEqual(tol));
};

describe("eigentrust known-answer vectors", () => {
  it("has the three public vectors", () => expect(vectors.eigentrust.map((v) => v.id)).toEqual(["et_simple_4", "et_malicious_collective_5", "et_dangling_negative_4"]));
  for (const v of vectors.eigentrust) {
    const s = matrix(v.local_trust_raw);
    const alpha = frac(v.alpha);
    it(`${v.id}: pre-trust vector and the iterates t0..t3`, () => {
      within(pretrustVector(v.n, v.pretrusted, new Float64Array(v.n)), v.p.float, 0);
      v.iterates_exact.forEach((iterate, k) => {
        const { t, iterations } = eigenTrust(s, v.pretrusted, alpha, 0, k);
        expect(iterations).toBe(k);
        within(t, iterate.float, 1e-15);
      });
    });
    it(`${v.id}: power iteration (epsilon ${v.epsilon}) reaches the exact fixed point to 1e-10`, () => {
      const { t, iterations } = eigenTrust(s, v.pretrusted, alpha, v.epsilon, v.max_iterations);
      expect(iterations).toBeLessThan(v.max_iterations);
      within(t, v.fixed_point.float, 1e-10);
      expect(Math.abs(t.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    });
    it(`${v.id}: the linear solve gives the fixed point to 1e-12`, () => {
      within(eigenTrustFixedPoint(s, v.pretrusted, alpha), v.fixed_point.float, 1e-12);
    });
  }

  it("pre-trust bounds the malicious collective: it holds only what honest peers leak to it", () => {
    const v = vectors.eigentrust.find((x) => x.id === "et_malicious_collective_5")!;
    const { t } = eigenTrust(matrix(v.local_trust_raw), v.pretrusted, frac(v.alpha), 1e-12, 10_000);
    const collective = t[3]! + t[4]!;
    expect(collective).toBeLessThan(Math.min(t[0]!, t[1]!, t[2]!));
    // Without pre-trust (uniform p) the collective keeps far more of the mass.
    const uniform = eigenTrust(matrix(v.local_trust_raw), [], frac(v.alpha), 1e-12, 10_000).t;
    expect(uniform[3]! + uniform[4]!).toBeGreaterThan(2 * collective);
  });

  it("rejects bad inputs with the function's name", () => {
    expect(() => pretrustVector(3, [3], new Float64Array(3))).toThrow(/^pretrustVector: pre-trusted peer must be an integer in \[0,3\), got 3/);
    expect(() => eigenTrust([[0]], [], 1.5, 0, 1)).toThrow(/alpha must be in \[0,1\], got 1.5/);
    expect(() => eigenTrustFixedPoint([[0, 1], [1, 0]], [], 0)).toThrow(/^eigenTrustFixedPoint: alpha must be > 0/);
  });
});

describe("beta reputation known-answer vectors", () => {
  for (const v of vectors.beta_reputation) {
    it(`${v.id}: r, s, expectation and rating after every step`, () => {
      const lambda = frac(v.forgetting_lambda);
      const table = new BetaTable();
      let r = 0;
      let s = 0;
      v.events.forEach(([pos, neg], k) => {
        r = forget(r, lambda, frac(pos));
        s = forget(s, lambda, frac(neg));
        table.observe(Kind.agent, 7, frac(pos), frac(neg), lambda);
        const step = v.steps[k]!;
        expect(Math.abs(r - step.r.float)).toBeLessThan(1e-12);
        expect(Math.abs(s - step.s.float)).toBeLessThan(1e-12);
        expect(Math.abs(betaExpectation(r, s) - step.expectation.float)).toBeLessThan(1e-12);
        expect(Math.abs(betaRating(r, s) - step.rating.float)).toBeLessThan(1e-12);
        expect(Math.abs(table.expectation(Kind.agent, 7) - step.expectation.float)).toBeLessThan(1e-12);
      });
    });
  }
});

describe("ema reputation known-answer vectors", () => {
  for (const v of vectors.ema_reputation) {
    it(`${v.id}: R after every observation`, () => {
      let R = frac(v.R0);
      const got = v.observations.map((x) => (R = emaStep(R, frac(v.beta), frac(x))));
      within(got, v.values.float, 1e-12);
    });
  }

  it("ema_basic through the ema policy (binary verdicts, starting at 1/2)", () => {
    const v = vectors.ema_reputation.find((x) => x.id === "ema_basic")!;
    const streams = new RngStreams(1);
    const trust = emaTrust.create(emaTrust.schema.parse({ beta: frac(v.beta), initial: frac(v.R0) }), { stream: (n) => streams.stream(n) });
    const got = v.observations.map((x) => (trust.report(0, 2, 5, x === "1", 0), trust.reputation(Kind.agent, 2)));
    within(got, v.values.float, 1e-12);
  });
});

describe("stake-and-slash known-answer vector", () => {
  for (const v of vectors.stake_slash) {
    it(`${v.id}: stake, whistleblower, burned, reputation and weight after every event`, () => {
      const book = new StakeBook(frac(v.stake0), frac(v.whistleblower_fraction));
      for (const step of v.trace) {
        const [event, amount] = step.event;
        if (event === "bond") book.bond(frac(amount));
        else if (event === "reward") book.reward(frac(amount));
        else if (event === "slash") book.slash(frac(amount));
        else throw new Error(`unknown event ${event}`);
        expect(Math.abs(book.stake - step.stake.float)).toBeLessThan(1e-12);
        expect(Math.abs(book.whistleblower - step.whistleblower_total.float)).toBeLessThan(1e-12);
        expect(Math.abs(book.burned - step.burned_total.float)).toBeLessThan(1e-12);
        expect(Math.abs(book.reputation - step.reputation.float)).toBeLessThan(1e-12);
        expect(Math.abs(book.weight - step.weight.float)).toBeLessThan(1e-12);
      }
    });
  }
  it("rejects a slash fraction outside [0,1]", () => {
    expect(() => new StakeBook(10, 0).slash(2)).toThrow(/^StakeBook.slash: fraction must be in \[0,1\], got 2/);
  });
});
