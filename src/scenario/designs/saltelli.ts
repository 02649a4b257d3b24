// Saltelli's cross-sampling for first-order and total Sobol' indices (A.
// Saltelli et al., "Variance based sensitivity analysis of model output. Design
// and estimator for the total sensitivity index", Comput. Phys. Commun. 181(2),
// 2010, section 3): two independent N × k matrices A and B (here the first and
// last k columns of one 2k-dimensional scrambled Sobol' point per row) and, for
// each factor i, AB^(i) = A with column i taken from B. N(k+2) points in all.
import { sobolPoints } from "./sobol.js";
import { SOBOL_MAX_DIMENSIONS } from "./joeKuoDirections.js";

/** Most factors a sobol design takes: its points have 2k dimensions. */
export const SALTELLI_MAX_FACTORS = Math.floor(SOBOL_MAX_DIMENSIONS / 2);

/** One row of the cross-sampling: which matrix, which base row j, and for AB the 1-based factor i. */
export interface SaltelliPoint {
  block: "A" | "B" | "AB";
  base: number;
  factor: number | null;
  u: number[];
}

/** Base j's points at j(k+2)+0 = A_j, j(k+2)+1 = B_j, j(k+2)+1+i = AB_j^(i) for i = 1..k. */
export function saltelliPoints(base: number, factors: number, scrambleSeed: number): SaltelliPoint[] {
  if (factors > SALTELLI_MAX_FACTORS) throw new Error(`saltelliPoints: at most ${SALTELLI_MAX_FACTORS} factors (${SOBOL_MAX_DIMENSIONS} Sobol' dimensions), got ${factors}`);
  const out: SaltelliPoint[] = [];
  sobolPoints(base, 2 * factors, scrambleSeed).forEach((point, j) => {
    const a = point.slice(0, factors);
    const b = point.slice(factors);
    out.push({ block: "A", base: j, factor: null, u: a }, { block: "B", base: j, factor: null, u: b });
    for (let i = 0; i < factors; i++) out.push({ block: "AB", base: j, factor: i + 1, u: a.map((x, c) => (c === i ? b[i]! : x)) });
  });
  return out;
}
