import { describe, expect, it } from "vitest";
import { pairingSummary } from "../src/cli/commands/compare.js";
import { movedInSomePair, type CompareRow } from "../src/output/compareCsv.js";
import { pairedComparison } from "../src/metrics/pairedStats.js";

function row(metric: string, a: (number | null)[], b: (number | null)[]): CompareRow {
  return { metric, variant_a: "x=1", variant_b: "x=2", paired: true, ...pairedComparison(a, b), p_holm: null };
}

describe("compare's pairing summary counts only the metrics the varied setting moved", () => {
  const untouched = row("tasks_arrived", [10, 12, 15, 11], [10, 12, 15, 11]); // VR 100%, says nothing
  const movedA = row("copy_gain", [1, 2, 3, 4], [2, 4, 5, 9]); // VR 22/31
  const movedB = row("gini", [1, 2, 3, 4], [1.5, 2.4, 3.6, 4.2]);
  const shifted = row("fees", [5, 5, 5], [7, 7, 7]); // moved, but nothing to reduce

  it("moved means: the values differ in at least one pair", () => {
    expect(movedInSomePair(untouched)).toBe(false);
    expect(movedInSomePair(movedA)).toBe(true);
    expect(movedInSomePair(shifted)).toBe(true);
    // Differences that average to 0 still moved.
    expect(movedInSomePair(row("m", [1, 2, 3], [2, 1, 3]))).toBe(true);
    expect(movedInSomePair(row("empty", [null, null], [null, null]))).toBe(false);
    expect(movedInSomePair({ ...movedA, paired: false })).toBe(false);
  });

  it("the median is over the moved metrics, and the untouched ones are counted as left out", () => {
    const vrs = [movedA, movedB].map((r) => r.variance_reduction!).sort((x, y) => x - y);
    const text = pairingSummary([untouched, movedA, untouched, movedB]);
    expect(text).toBe(`pairing reduced the variance of the differences by a median of ${(100 * vrs[0]!).toFixed(1)}% over the 2 metric(s) the varied setting moved (values differ in at least one pair); 2 metric(s) identical in every pair left out\n`);
    expect(text).not.toContain("100.0%");
  });

  it("says so when nothing moved, or when what moved has no variance", () => {
    expect(pairingSummary([untouched])).toBe("every pair gave identical values for all 1 metric(s) with values: the varied setting moved none of them\n");
    expect(pairingSummary([shifted, untouched])).toBe("1 metric(s) moved, none with a variance to reduce (constant within each variant); 1 metric(s) identical in every pair left out\n");
    expect(pairingSummary([])).toBe("");
  });
});
