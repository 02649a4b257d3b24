import { describe, expect, it } from "vitest";
import { copyGain, mean, ratioOfMeans, sybilGain } from "../src/metrics/gains.js";

describe("gain ratios", () => {
  it("mean is null when empty", () => {
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
  });
  it("ratioOfMeans divides means and is null on an empty group or a baseline <= 0", () => {
    // mean(a) = 6, mean(b) = 4 -> 1.5
    expect(ratioOfMeans([4, 8], [2, 4, 6])).toBe(1.5);
    expect(ratioOfMeans([-3, -1], [1, 3])).toBe(-1);
    expect(ratioOfMeans([], [1])).toBeNull();
    expect(ratioOfMeans([1], [])).toBeNull();
    expect(ratioOfMeans([1], [0])).toBeNull();
    expect(ratioOfMeans([1], [-2, 1])).toBeNull();
    expect(() => ratioOfMeans([NaN], [1])).toThrow(/mean: values must be finite/);
  });
  it("copyGain = mean duplicator profit / mean honest profit", () => {
    expect(copyGain([30, 10], [10, 10, 10, 10])).toBe(2);
    expect(copyGain([30], [-5, 5])).toBeNull();
  });
  it("sybilGain = cluster reward / single-identity reward, null without a positive baseline", () => {
    expect(sybilGain(150, 100)).toBe(1.5);
    expect(sybilGain(100, 100)).toBe(1);
    expect(sybilGain(5, 0)).toBeNull();
    expect(sybilGain(5, -1)).toBeNull();
    expect(() => sybilGain(Infinity, 1)).toThrow(/sybilGain/);
  });
});
