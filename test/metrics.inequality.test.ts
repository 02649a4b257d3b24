import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gini, jain, theil } from "../src/metrics/inequality.js";

interface InequalityVector {
  id: string;
  rewards_float: number[];
  gini_population: { float: number };
  jain: { float: number };
  theil_T: { float: number };
}

const vectors = (JSON.parse(readFileSync(new URL("./fixtures/metric_vectors_public.json", import.meta.url), "utf8")) as { inequality: InequalityVector[] }).inequality;

const close = (actual: number | null, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
};

describe("inequality known-answer vectors (shared/reference)", () => {
  it("has vectors to check", () => expect(vectors.length).toBeGreaterThan(5));
  for (const v of vectors) {
    it(`${v.id}: gini (population), jain, theil T`, () => {
      close(gini(v.rewards_float), v.gini_population.float);
      close(jain(v.rewards_float), v.jain.float);
      close(theil(v.rewards_float), v.theil_T.float);
    });
  }
});

describe("inequality edge cases", () => {
  it("is null on empty input and rejects negative or non-finite values", () => {
    expect(gini([])).toBeNull();
    expect(jain([])).toBeNull();
    expect(theil([])).toBeNull();
    expect(() => gini([1, -1])).toThrow(/gini: values must be finite and >= 0, got -1 at 1/);
    expect(() => jain([NaN])).toThrow(/jain/);
    expect(() => theil([Infinity])).toThrow(/theil/);
  });
  it("jain survives values whose squares underflow", () => {
    expect(jain([5e-324, 0])).toBe(0.5);
    expect(jain([1e-200, 1e-200])).toBe(1);
  });

  it("does not depend on the order of entries", () => {
    expect(gini([0, 3, 7, 0])).toBe(gini([7, 0, 0, 3]));
  });
});
