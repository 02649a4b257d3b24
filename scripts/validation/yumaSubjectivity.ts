// Yuma Consensus, subtensor docs/consensus.md "Subjectivity variance": with 60%
// honest stake, weight deviations σ_W = 0, 0.2 and 0.4 need 60%, 67% and 73%
// honest utility W_H for the honest side to keep E_H >= S_H whatever the cabal
// does. Run through coordsim's Yuma epoch (src/policies/trust/math) with the
// doc's network (64 validators, 448 servers); docs/yuma.md has the full table.
import { DOC_SETUP, runStudy } from "../../src/policies/trust/math/yumaMonteCarlo.js";
import { meanTolerance, type ValidationCase } from "./types.js";

const PUBLISHED = [
  { sigma: 0, utility: 0.6 },
  { sigma: 0.2, utility: 0.67 },
  { sigma: 0.4, utility: 0.73 },
];
/** The doc gives whole percentages: half a percentage point of rounding is part of the tolerance. */
const ROUNDING = 0.005;

export const yumaSubjectivity: ValidationCase = {
  id: "yuma-subjectivity",
  mechanism: "trust: yuma (epoch maths)",
  source: "opentensor/subtensor docs/consensus.md, Monte Carlo simulations, subjectivity variance (S_H = 0.6)",
  claim: "The honest utility needed for E_H >= S_H rises with weight subjectivity: 60%, 67% and 73% at σ_W = 0, 0.2 and 0.4.",
  run({ quick }) {
    const utilities = Array.from({ length: 11 }, (_, k) => 0.5 + k * 0.05);
    const cabalWeights = quick ? [0, 0.2, 0.4, 0.6, 0.8, 1] : Array.from({ length: 11 }, (_, k) => k / 10);
    const replicates = quick ? 3 : 5;
    const study = runStudy(DOC_SETUP, { sigmas: PUBLISHED.map((p) => p.sigma), utilities, cabalWeights, replicates, seed: 1 });
    return PUBLISHED.map((p, s) => {
      const t = meanTolerance(Array.from(study.thresholds[s]!));
      return {
        label: `σ_W = ${p.sigma}: honest utility needed for E_H >= S_H`,
        measured: t.mean,
        published: p.utility,
        tolerance: t.tolerance + ROUNDING,
        toleranceFrom: `${t.from} + 0.005 rounding of the published percentage`,
      };
    });
  },
};
