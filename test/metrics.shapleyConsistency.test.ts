import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { shapleyL1Distance, shapleyLinfDistance, shapleyShareDistances, shapleyTvDistance } from "../src/metrics/shapleyConsistency.js";

interface Exact {
  exact: string | null;
  float: number | null;
}
interface ConsistencyVector {
  id: string;
  allocated: string[];
  shapley: string[];
  l1_share_distance: Exact;
  total_variation: Exact;
  linf_share_distance: Exact;
}

const vectors = (
  JSON.parse(readFileSync(new URL("./fixtures/metric_vectors_public.json", import.meta.url), "utf8")) as { shapley_consistency: ConsistencyVector[] }
).shapley_consistency;

/** Exact "p/q" or "p" (Python Fraction str) to the nearest double; p and q are small integers here, so one division rounds correctly. */
function frac(s: string): number {
  const m = /^(-?\d+)(?:\/(\d+))?$/.exec(s);
  if (!m) throw new Error(`bad fraction ${s}`);
  return Number(m[1]) / (m[2] === undefined ? 1 : Number(m[2]));
}

function expectClose(actual: number | null, expected: Exact) {
  if (expected.exact === null) {
    expect(actual).toBeNull();
    return;
  }
  const want = frac(expected.exact);
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
}

describe("shapley consistency known-answer vectors (shared/reference §5)", () => {
  it("has vectors to check", () => expect(vectors.length).toBeGreaterThanOrEqual(7));
  for (const v of vectors) {
    it(`${v.id}: l1, total variation, linf`, () => {
      const r = v.allocated.map(frac);
      const phi = v.shapley.map(frac);
      expectClose(shapleyL1Distance(r, phi), v.l1_share_distance);
      expectClose(shapleyTvDistance(r, phi), v.total_variation);
      expectClose(shapleyLinfDistance(r, phi), v.linf_share_distance);
      const all = shapleyShareDistances(Float64Array.from(r), Float64Array.from(phi));
      if (v.total_variation.exact === null) expect(all).toBeNull();
      else expect(all).toEqual({ l1: shapleyL1Distance(r, phi), tv: shapleyTvDistance(r, phi), linf: shapleyLinfDistance(r, phi) });
    });
  }
});

describe("shapley consistency edge cases", () => {
  it("is null when nothing is allocated or nothing has positive Shapley value", () => {
    expect(shapleyTvDistance([], [])).toBeNull();
    expect(shapleyTvDistance([1, 2], [0, -3])).toBeNull();
    expect(shapleyTvDistance([0, 0], [1, 1])).toBeNull();
  });
  it("rejects mismatched lengths, negative rewards and non-finite values", () => {
    expect(() => shapleyTvDistance([1], [1, 2])).toThrow(/1 rewards but 2 Shapley values/);
    expect(() => shapleyTvDistance([1, -1], [1, 1])).toThrow(/rewards must be finite and >= 0, got -1 at 1/);
    expect(() => shapleyTvDistance([1, 1], [NaN, 1])).toThrow(/Shapley values must be finite, got NaN at 0/);
    expect(() => shapleyTvDistance([Infinity, 1], [1, 1])).toThrow(/rewards/);
  });
});
