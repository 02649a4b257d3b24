import { describe, expect, it } from "vitest";
import { auc } from "../src/metrics/auc.js";
import { averageRanks } from "../src/metrics/rank.js";
import { pearson, spearman } from "../src/metrics/spearman.js";

describe("averageRanks", () => {
  it("gives tied values the mean of the ranks they span", () => {
    // sorted: 5 (rank 1), 10 (rank 2), 20,20,20 (ranks 3,4,5 -> 4 each)
    expect(Array.from(averageRanks([10, 20, 20, 5, 20]))).toEqual([2, 4, 4, 1, 4]);
    // 1 2.5 2.5 4
    expect(Array.from(averageRanks([3, 7, 7, 9]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(averageRanks([2, 2, 2]))).toEqual([2, 2, 2]);
    expect(Array.from(averageRanks([]))).toEqual([]);
  });
  it("orders infinities and treats -0 as 0", () => {
    expect(Array.from(averageRanks([Infinity, -Infinity, 0, -0]))).toEqual([4, 1, 2.5, 2.5]);
  });
  it("rejects NaN", () => {
    expect(() => averageRanks([1, NaN])).toThrow(/averageRanks: NaN at 1/);
  });
});

describe("auc (Mann–Whitney, ties count 1/2)", () => {
  it("matches a hand-computed case with ties", () => {
    // positives (honest) score 0.9, 0.8, 0.5; negatives (adversarial) score 0.8, 0.3, 0.8.
    // Pairwise: 0.9 beats all three negatives            -> 3
    //           0.8 ties 0.8 (1/2), beats 0.3, ties 0.8  -> 2
    //           0.5 loses to 0.8 twice, beats 0.3        -> 1
    // U = 6 over 3*3 = 9 pairs -> AUC = 2/3.
    // Rank check: 0.3->1, 0.5->2, 0.8,0.8,0.8->4, 0.9->6; positive rank sum 6+4+2 = 12; U = 12 - 3*4/2 = 6.
    const scores = [0.9, 0.8, 0.8, 0.5, 0.3, 0.8];
    const honest = [true, true, false, true, false, false];
    expect(auc(scores, honest)).toBe(2 / 3);
    expect(auc(scores, Uint8Array.from([1, 1, 0, 1, 0, 0]))).toBe(2 / 3);
  });
  it("second hand case: one tie across classes", () => {
    // positives 2, 3; negatives 1, 2. Pairs: (2,1)=1 (2,2)=1/2 (3,1)=1 (3,2)=1 -> U = 3.5 of 4 -> 0.875
    expect(auc([2, 1, 3, 2], [true, false, true, false])).toBe(0.875);
  });
  it("is 1 for perfect separation, 0 when inverted, 1/2 when all tied", () => {
    expect(auc([5, 6, 1, 2], [true, true, false, false])).toBe(1);
    expect(auc([5, 6, 1, 2], [false, false, true, true])).toBe(0);
    expect(auc([4, 4, 4, 4, 4], [true, false, true, false, false])).toBe(0.5);
  });
  it("is null when a class is empty and rejects bad input", () => {
    expect(auc([1, 2], [true, true])).toBeNull();
    expect(auc([1, 2], new Uint8Array(2))).toBeNull();
    expect(auc([], [])).toBeNull();
    expect(() => auc([1, 2], [true])).toThrow(/auc: 2 scores but 1 labels/);
    expect(() => auc([NaN, 2], [true, false])).toThrow(/NaN/);
  });
});

describe("spearman (Pearson of average ranks)", () => {
  it("matches a hand-computed case with ties in x", () => {
    // x = 1,2,2,3 -> ranks 1,2.5,2.5,4 ; y = 10,30,20,40 -> ranks 1,3,2,4 ; both means 2.5
    // dx = -1.5,0,0,1.5 ; dy = -1.5,0.5,-0.5,1.5
    // Σdxdy = 2.25+0+0+2.25 = 4.5 ; Σdx² = 4.5 ; Σdy² = 5 ; ρ = 4.5/√22.5 = √0.9
    const rho = spearman([1, 2, 2, 3], [10, 30, 20, 40]);
    expect(rho).not.toBeNull();
    expect(Math.abs(rho! - Math.sqrt(0.9))).toBeLessThanOrEqual(1e-15);
  });
  it("matches a hand-computed case with ties in y", () => {
    // x = 1..5 -> ranks 1..5 ; y = 5,6,7,8,7 -> ranks 1,2,3.5,5,3.5 ; means 3
    // dx = -2,-1,0,1,2 ; dy = -2,-1,0.5,2,0.5
    // Σdxdy = 4+1+0+2+1 = 8 ; Σdx² = 10 ; Σdy² = 4+1+0.25+4+0.25 = 9.5 ; ρ = 8/√95
    const rho = spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);
    expect(Math.abs(rho! - 8 / Math.sqrt(95))).toBeLessThanOrEqual(1e-15);
  });
  it("is ±1 for monotone relations, whatever their shape", () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBe(1);
    expect(spearman([1, 2, 3, 4], [0, -1, -5, -100])).toBe(-1);
  });
  it("is null for n < 2 or a constant input, and rejects bad input", () => {
    expect(spearman([], [])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
    expect(spearman([3, 3, 3], [1, 2, 3])).toBeNull();
    expect(spearman([1, 2, 3], [0, 0, 0])).toBeNull();
    expect(() => spearman([1, 2], [1])).toThrow(/spearman: lengths differ/);
    expect(() => spearman([1, NaN], [1, 2])).toThrow(/NaN/);
  });
  it("pearson is the plain correlation and rejects non-finite values", () => {
    // x = 0,1,2 ; y = 0,1,5 : dx = -1,0,1 ; ȳ = 2, dy = -2,-1,3 ; Σdxdy = 5 ; Σdx² = 2 ; Σdy² = 14 ; r = 5/√28
    expect(Math.abs(pearson([0, 1, 2], [0, 1, 5])! - 5 / Math.sqrt(28))).toBeLessThanOrEqual(1e-15);
    expect(() => pearson([1, Infinity], [1, 2])).toThrow(/pearson: non-finite value at 1/);
  });
});
