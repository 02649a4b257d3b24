// Beta reputation with Whitby, Jøsang & Indulska's iterated filter of unfair
// raters: the beta quantile, hand-worked filter cases, the no-unfair-raters
// property, the policy's epoch-end filtering, and the steady state of beta
// evidence with forgetting under a constant positive rate.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenario } from "../src/scenario/index.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";
import { betaTrust } from "../src/policies/trust/beta.js";
import { BetaTable } from "../src/policies/trust/betaTable.js";
import { betaCdf, betaQuantile, logGamma } from "../src/policies/trust/math/betaQuantile.js";
import { filterUnfairRaters } from "../src/policies/trust/math/unfairFilter.js";
import { Kind, type TrustPolicy, type ValidatorsView } from "../src/sim/economy/seams.js";
import { RngStreams } from "../src/sim/rng/index.js";

/** I_x(a, b) for integer a, b by the binomial identity I_x(a, b) = P(Binomial(a + b − 1, x) >= a), independent of the continued fraction. */
function binomialCdf(x: number, a: number, b: number): number {
  const n = a + b - 1;
  let sum = 0;
  let choose = 1; // C(n, j), built up from j = 0
  for (let j = 0; j <= n; j++) {
    if (j > 0) choose = (choose * (n - j + 1)) / j;
    if (j >= a) sum += choose * x ** j * (1 - x) ** (n - j);
  }
  return sum;
}

describe("beta CDF and quantile", () => {
  it("log-gamma matches factorials", () => {
    for (let n = 1; n <= 20; n++) {
      let f = 1;
      for (let k = 2; k < n; k++) f *= k;
      expect(logGamma(n)).toBeCloseTo(Math.log(f), 12);
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });

  it("closed forms: Beta(a, 1) = x^a, Beta(1, b) = 1 − (1 − x)^b, Beta(2, 2) = 3x² − 2x³, and their quantiles", () => {
    for (const x of [0.01, 0.1, 0.37, 0.5, 0.9, 0.999]) {
      expect(betaCdf(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 13);
      expect(betaCdf(x, 1, 7)).toBeCloseTo(1 - (1 - x) ** 7, 13);
      expect(betaCdf(x, 2, 2)).toBeCloseTo(3 * x * x - 2 * x ** 3, 13);
    }
    for (const p of [0.01, 0.5, 0.99]) {
      expect(betaQuantile(p, 2, 1)).toBeCloseTo(Math.sqrt(p), 13);
      expect(betaQuantile(p, 1, 11)).toBeCloseTo(1 - (1 - p) ** (1 / 11), 13);
      expect(betaQuantile(p, 1, 1)).toBeCloseTo(p, 13);
    }
    expect(betaQuantile(0.5, 6, 6)).toBeCloseTo(0.5, 13);
  });

  it("agrees with the binomial identity for integer shapes (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (a, b, x) => {
        expect(Math.abs(betaCdf(x, a, b) - binomialCdf(x, a, b))).toBeLessThan(1e-11);
        const q = betaQuantile(x, a, b);
        expect(Math.abs(betaCdf(q, a, b) - x)).toBeLessThan(1e-9);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it("rejects bad shapes and probabilities", () => {
    expect(() => betaCdf(0.5, 0, 1)).toThrow(/shape parameters must be finite and > 0/);
    expect(() => betaQuantile(1.5, 1, 1)).toThrow(/p must be in \[0,1\]/);
  });
});

const honest10 = (): [number, number][] => Array.from({ length: 10 }, () => [9, 1]);
function filter(raters: [number, number][], q = 0.01): { passes: number; excludedAt: number[] } {
  const excludedAt: number[] = [];
  const passes = filterUnfairRaters(
    raters.length,
    raters.map((x) => x[0]),
    raters.map((x) => x[1]),
    q,
    excludedAt,
  );
  return { passes, excludedAt };
}

describe("Whitby–Jøsang–Indulska iterated filter: hand-worked cases (q = 0.01)", () => {
  it("10 honest raters (9 approvals, 1 rejection each) and 3 badmouthers (10 rejections): all 3 out at pass 1", () => {
    // Pass 1: E = (90 + 1)/(90 + 40 + 2) = 91/132. Honest: I_E(10, 2) = E^10 (11 − 10E) = 0.0996 in [0.01, 0.99], kept;
    // badmouther: I_E(1, 11) = 1 − (1 − E)^11 = 1 − 2.6e-6 > 0.99, excluded.
    const E1 = 91 / 132;
    expect(betaCdf(E1, 10, 2)).toBeCloseTo(E1 ** 10 * (11 - 10 * E1), 13);
    expect(betaCdf(E1, 10, 2)).toBeCloseTo(0.09956, 4);
    expect(betaCdf(E1, 1, 11)).toBeGreaterThan(0.99);
    // Pass 2: E = 91/102; I_E(10, 2) = 0.664: nobody more.
    const E2 = 91 / 102;
    expect(E2 ** 10 * (11 - 10 * E2)).toBeCloseTo(0.66397, 4);
    const { passes, excludedAt } = filter([...honest10(), [0, 10], [0, 10], [0, 10]]);
    expect(passes).toBe(1);
    expect(excludedAt).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
  });

  it("2 badmouthers and 1 mild unfair rater (5 and 5): the badmouthers at pass 1, the mild one at pass 2", () => {
    // Pass 1: E = 96/132 = 8/11; mild I_{8/11}(6, 6) = 0.94875 <= 0.99, kept.
    expect(binomialCdf(8 / 11, 6, 6)).toBeCloseTo(0.94875, 5);
    // Pass 2 (badmouthers out): E = 96/112 = 6/7; I_{6/7}(6, 6) = 0.99795 > 0.99, excluded.
    expect(binomialCdf(6 / 7, 6, 6)).toBeCloseTo(0.99795, 5);
    // Pass 3: E = 91/102 as above, nobody more.
    const { passes, excludedAt } = filter([...honest10(), [0, 10], [0, 10], [5, 5]]);
    expect(passes).toBe(2);
    expect(excludedAt).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2]);
  });

  it("ballot-stuffing is symmetric: 10 honest raters of a bad subject (1 and 9) and 3 stuffers (10 and 0)", () => {
    const { passes, excludedAt } = filter([...honest10().map(([r, s]): [number, number] => [s, r]), [10, 0], [10, 0], [10, 0]]);
    expect(passes).toBe(1);
    expect(excludedAt.slice(10)).toEqual([1, 1, 1]);
    expect(excludedAt.slice(0, 10).every((x) => x === 0)).toBe(true);
  });

  it("a lone rater is always consistent with its own score; no raters, no passes", () => {
    expect(filter([[0, 10]]).excludedAt).toEqual([0]);
    expect(filter([]).passes).toBe(0);
    expect(() => filter([[1, 1]], 0.5)).toThrow(/q must be in \(0, 0.5\)/);
  });

  it("with no unfair raters the filter excludes (almost) nobody (property: under 5% of honest raters over many subjects)", () => {
    const rng = new RngStreams(11).stream("test.filter");
    let raters = 0;
    let excluded = 0;
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 3, max: 30 }), fc.integer({ min: 1, max: 40 }), (p, n, checks) => {
        const r: number[] = [];
        const s: number[] = [];
        for (let k = 0; k < n; k++) {
          let yes = 0;
          for (let c = 0; c < checks; c++) if (rng.uniform() < p) yes++;
          r.push(yes);
          s.push(checks - yes);
        }
        const out: number[] = [];
        filterUnfairRaters(n, r, s, 0.01, out);
        raters += n;
        excluded += out.filter((x) => x !== 0).length;
        expect(out.filter((x) => x !== 0).length).toBeLessThanOrEqual(Math.ceil(0.34 * n)); // never a large share of one subject's raters
      }),
      { seed: 3, numRuns: 400 },
    );
    expect(excluded / raters).toBeLessThan(0.05);
  });
});

const VALIDATORS: ValidatorsView = { count: 13, stake: () => 0, slash: () => 0, models: 0, weights: () => {} };
const build = (params: unknown): TrustPolicy => betaTrust.create(betaTrust.schema.parse(params), { stream: (n) => new RngStreams(1).stream(n) });

describe("beta trust policy with the filter", () => {
  it("without `filter` the policy is the plain beta reputation (no epoch hook; reports count at once)", () => {
    const plain = build({});
    expect(plain.onEpoch).toBeUndefined();
    plain.report(0, 0, 0, true, 0);
    expect(plain.reputation(Kind.agent, 0)).toBeCloseTo(2 / 3, 15);
  });

  it("holds reports until the epoch, then drops the excluded validators' reports for that subject only", () => {
    const lambda = 0.99;
    const policy = build({ forgetting: lambda, filter: { quantile: 0.01 } });
    // Agent 0 (model 0): validators 0..9 approve 9 and reject 1 each; 10..12 reject 10 each.
    const reports: [number, boolean][] = [];
    for (let v = 0; v < 10; v++) for (let k = 0; k < 10; k++) reports.push([v, k !== 3]);
    for (let v = 10; v < 13; v++) for (let k = 0; k < 10; k++) reports.push([v, false]);
    for (const [v, ok] of reports) policy.report(v, 0, 0, ok, 0);
    // Agent 1 (model 0): validator 10 approves it once; it is the only rater of agent 1, so it is kept there.
    policy.report(10, 1, 0, true, 0);
    expect(policy.reputation(Kind.agent, 0)).toBe(0.5);
    policy.onEpoch!(1, VALIDATORS);
    const expected = new BetaTable();
    for (const [v, ok] of reports) if (v < 10) expected.observe(Kind.agent, 0, ok ? 1 : 0, ok ? 0 : 1, lambda);
    expect(policy.reputation(Kind.agent, 0)).toBe(expected.expectation(Kind.agent, 0));
    expect(policy.reputation(Kind.agent, 1)).toBeCloseTo(2 / 3, 15);
    // Model 0's raters: the same validators plus validator 10's approval of agent 1 (11 checks: 1 yes, 10 no): still excluded for the model.
    const model = new BetaTable();
    for (const [v, ok] of reports) if (v < 10) model.observe(Kind.model, 0, ok ? 1 : 0, ok ? 0 : 1, lambda);
    expect(policy.reputation(Kind.model, 0)).toBe(model.expectation(Kind.model, 0));
    // The next epoch starts afresh: one approval by validator 12 counts.
    policy.report(12, 0, 0, true, 2);
    policy.onEpoch!(3, VALIDATORS);
    expected.observe(Kind.agent, 0, 1, 0, lambda);
    expect(policy.reputation(Kind.agent, 0)).toBe(expected.expectation(Kind.agent, 0));
  });

  it("a reset during the epoch forgets the entity's held reports", () => {
    const policy = build({ filter: {} });
    policy.report(0, 0, 0, false, 0);
    policy.report(1, 0, 0, false, 0);
    policy.reset(Kind.agent, 0);
    policy.report(2, 0, 0, true, 0);
    policy.onEpoch!(1, VALIDATORS);
    expect(policy.reputation(Kind.agent, 0)).toBeCloseTo(2 / 3, 15);
  });

  it("rejects a quantile outside (0, 0.5) naming the field", () => {
    const r = betaTrust.schema.safeParse({ filter: { quantile: 0.5 } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("expected 0 < quantile < 0.5");
    expect(r.error?.issues[0]?.path).toEqual(["filter", "quantile"]);
    expect(betaTrust.schema.safeParse({ filter: { q: 0.1 } }).success).toBe(false);
  });
});

describe("beta reputation with forgetting: steady state under a constant positive rate p", () => {
  // Each report adds p positive and 1 − p negative evidence: r_n = p (1 − λ^n)/(1 − λ), s_n = (1 − p)(1 − λ^n)/(1 − λ),
  // so r → p/(1 − λ), s → (1 − p)/(1 − λ) and E → (p/(1 − λ) + 1)/(1/(1 − λ) + 2).
  for (const [p, lambda] of [
    [0.8, 0.99],
    [0.3, 0.9],
    [0.95, 0.5],
  ] as const) {
    it(`p = ${p}, λ = ${lambda}`, () => {
      const table = new BetaTable();
      let r = 0;
      let s = 0;
      for (let n = 1; n <= 6000; n++) {
        table.observe(Kind.agent, 0, p, 1 - p, lambda);
        r = lambda * r + p;
        s = lambda * s + (1 - p);
        if (n === 10 || n === 100) {
          const g = (1 - lambda ** n) / (1 - lambda);
          expect(r).toBeCloseTo(p * g, 12);
          expect(table.expectation(Kind.agent, 0)).toBeCloseTo((p * g + 1) / (g + 2), 12);
        }
      }
      expect(r).toBeCloseTo(p / (1 - lambda), 10);
      expect(s).toBeCloseTo((1 - p) / (1 - lambda), 10);
      expect(table.expectation(Kind.agent, 0)).toBeCloseTo((p / (1 - lambda) + 1) / (1 / (1 - lambda) + 2), 13);
    });
  }
});

describe("beta filter and badmouthing: bad scenario values exit 2 naming the field", () => {
  const dir = tempDir();
  const base = readFileSync(join(ROOT, "scenarios/gallery/trust-beta-filtered.yaml"), "utf8");
  let n = 0;
  for (const [from, to, field, message] of [
    ["quantile: 0.01", "quantile: 0.7", "policies.trust.params.filter.quantile", "expected 0 < quantile < 0.5"],
    ["quantile: 0.01", "quantile: -1", "policies.trust.params.filter.quantile", "expected a number in [0,1], got -1"],
    ["{ quantile: 0.01 }", "{ q: 0.01 }", "policies.trust.params.filter", "unknown key"],
    ["badmouthing: 3", "badmouth: 3", "validators.mix.badmouth", "allowed: honest, colluding, lazy, weight-copier, badmouthing"],
  ] as const) {
    it(`${to} -> ${field}`, async () => {
      const file = join(dir, `s${n++}.yaml`);
      expect(base).toContain(from);
      writeFileSync(file, base.replace(from, to));
      const r = await runCli("run", file, "--out", join(dir, "out"), "--quiet");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(field);
      expect(r.stderr).toContain(message);
    });
  }
});

describe("gallery trust-beta-filtered: the filter lifts the honest models' reputations under badmouthing", () => {
  it("models' mean reputation is higher with the filter than without, on the same world", () => {
    const load = (trust?: string) => loadScenario(join(ROOT, "scenarios/gallery/trust-beta-filtered.yaml"), { catalog: builtinCatalog, overrides: trust === undefined ? [] : [`policies.trust=${trust}`] });
    const modelsMean = (s: ReturnType<typeof load>) => {
      const rows = [...simulate(s).entities.rows()].filter((row) => row[1] === "model");
      return rows.reduce((a, row) => a + Number(row[8]), 0) / rows.length;
    };
    const filtered = modelsMean(load());
    const plain = modelsMean(load("beta"));
    expect(filtered).toBeGreaterThan(plain + 0.1);
  }, 60_000);
});

describe("badmouthing validators", () => {
  const run = (agents: string, validators: string) => {
    const s = loadScenario(join(ROOT, "scenarios/gallery/trust-beta-filtered.yaml"), {
      catalog: builtinCatalog,
      overrides: ["duration=72", `agents.mix=${agents}`, `validators.mix=${validators}`, "policies.trust=beta"],
    });
    const { summary } = simulate(s);
    return { verifications: Number(summary.verifications), rejected: Number(summary.rejected_results), wrongPaid: Number(summary.wrong_results_paid) };
  };

  it("reject every checked result of honest agents (correct or not)", () => {
    const r = run("{ honest: 1 }", "{ badmouthing: 10 }");
    expect(r.verifications).toBeGreaterThan(100);
    expect(r.rejected).toBe(r.verifications);
  });

  it("judge adversarial agents truthfully (their results are wrong: all rejected, as by honest validators)", () => {
    const bad = run("{ malicious: 1 }", "{ badmouthing: 10 }");
    const honest = run("{ malicious: 1 }", "{ honest: 10 }");
    expect(bad).toEqual(honest);
  });
});
