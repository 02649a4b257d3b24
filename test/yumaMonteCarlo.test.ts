import { describe, expect, it } from "vitest";
import { crossing, DOC_SETUP, honestCount, meanAndSe, runStudy, worstCase } from "../src/policies/trust/math/yumaMonteCarlo.js";

// A coarse version of the subtensor docs' study (docs/yuma.md): S_H = 0.6, σ_W in {0, 0.2, 0.4},
// W_H in 0.5..1 by 0.1, W_C in 0..1 by 0.2, R replicates. Every tolerance is 3 standard errors
// computed here from the replicates, never a hand-set constant.
const R = 4;
const grid = { sigmas: [0, 0.2, 0.4], utilities: [0.5, 0.6, 0.7, 0.8, 0.9, 1], cabalWeights: [0, 0.2, 0.4, 0.6, 0.8, 1], replicates: R, seed: 7 };
const result = runStudy(DOC_SETUP, grid);

describe("Yuma Monte Carlo (subtensor docs/consensus.md, subjectivity variance)", () => {
  it("sizes each side as the source does (at least one member)", () => {
    expect([honestCount(0.6, 64), honestCount(0.6, 448), honestCount(0.001, 64), honestCount(0.999, 64)]).toEqual([38, 268, 1, 63]);
    expect(crossing([0.5, 0.6, 0.7], [-0.2, -0.1, 0.1])).toBeCloseTo(0.65, 12);
    expect(crossing([0.5, 0.6], [0, 1])).toBe(0.5);
    expect(crossing([0.5, 0.6], [-1, -1])).toBe(Infinity);
  });

  it("is deterministic for a seed", () => {
    const again = runStudy(DOC_SETUP, { ...grid, sigmas: [0.4], utilities: [0.7], cabalWeights: [1], replicates: 1 });
    expect(again.margins[0]![0]![0]![0]).toBe(result.margins[2]![2]![5]![0]);
  });

  grid.sigmas.forEach((sigma, s) => {
    it(`σ_W = ${sigma}: the cabal holds E_H below S_H at low honest utility, and it is at or above S_H at high utility whatever W_C`, () => {
      const low = worstCase(result, s, 0);
      expect(low.mean + 3 * low.se).toBeLessThan(0);
      const top = grid.utilities.length - 1;
      grid.cabalWeights.forEach((_, c) => {
        const { mean, se } = meanAndSe(result.margins[s]![top]![c]!);
        expect(mean - 3 * se).toBeGreaterThanOrEqual(0);
      });
    });
  });

  it("the required honest utility rises strictly with σ_W (paired over replicates, margin 3 SE)", () => {
    for (let s = 1; s < grid.sigmas.length; s++) {
      const rise = result.thresholds[s]!.map((t, r) => t - result.thresholds[s - 1]![r]!);
      const { mean, se } = meanAndSe(rise);
      expect(mean - 3 * se, `σ_W ${grid.sigmas[s - 1]} -> ${grid.sigmas[s]}: rise ${mean} ± ${se}`).toBeGreaterThan(0);
    }
  });
});
