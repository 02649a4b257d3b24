/**
 * Default strategy parameters of the (μ/μ_w, λ)-CMA-ES with positive recombination weights,
 * exactly as Table 1 of N. Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772
 * (2016/2023), restricted to w_i ≥ 0 (no active/negative weights). Each formula was checked
 * against CyberAgentAILab/cmaes cmaes/_cma.py (eqs. 48–56 there: λ, μ, w', μ_eff, c1, cμ, cσ,
 * dσ, cc and E‖N(0,I)‖; it additionally gives the worst half negative weights) and Hansen's
 * pycma cma/purecma.py (cc, cσ, c1, cμ identical; purecma takes w'_i = ln(μ + 1/2) − ln i,
 * equal to the tutorial's ln((λ+1)/2) − ln i for even λ, and a simplified d_σ: we keep Table 1).
 */
export interface CmaEsParameters {
  n: number;
  /** λ, the population size. */
  lambda: number;
  /** μ = ⌊λ/2⌋, the number of parents recombined. */
  mu: number;
  /** w_1 ≥ … ≥ w_μ > 0, summing to 1. */
  weights: number[];
  /** μ_eff = (Σ w_i)² / Σ w_i² = 1 / Σ w_i². */
  muEff: number;
  /** c_σ, the learning rate of the step-size path. */
  cSigma: number;
  /** d_σ, the step-size damping. */
  dSigma: number;
  /** c_c, the learning rate of the rank-one evolution path. */
  cc: number;
  /** c_1, the rank-one learning rate. */
  c1: number;
  /** c_μ, the rank-μ learning rate. */
  cMu: number;
  /** E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²)) (tutorial, p. 28 / Appendix A). */
  chiN: number;
  /** Generations between eigendecompositions of C (lazy update, see `eigenInterval`). */
  eigenInterval: number;
}

/** α_cov = 2 (Table 1). */
const ALPHA_COV = 2;

/** Hansen's default population size λ = 4 + ⌊3 ln n⌋ (Table 1, eq. 48). */
export function defaultPopulationSize(n: number): number {
  return 4 + Math.floor(3 * Math.log(n));
}

/** The Table 1 defaults for dimension n and population size λ (default 4 + ⌊3 ln n⌋). */
export function cmaEsParameters(n: number, lambda = defaultPopulationSize(n)): CmaEsParameters {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`CMA-ES: dimension must be an integer >= 1, got ${n}`);
  if (!Number.isSafeInteger(lambda) || lambda < 2) throw new RangeError(`CMA-ES: populationSize must be an integer >= 2, got ${lambda}`);
  const mu = Math.floor(lambda / 2);
  // w'_i = ln((λ+1)/2) − ln i for i = 1..μ (eq. 49), normalised to sum 1 (eq. 53, positive part).
  const raw: number[] = [];
  for (let i = 1; i <= mu; i++) raw.push(Math.log((lambda + 1) / 2) - Math.log(i));
  const rawSum = raw.reduce((s, w) => s + w, 0);
  const weights = raw.map((w) => w / rawSum);
  const muEff = 1 / weights.reduce((s, w) => s + w * w, 0);
  // Step-size control (eq. 55).
  const cSigma = (muEff + 2) / (n + muEff + 5);
  const dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
  // Covariance matrix adaptation (eqs. 56–58).
  const cc = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
  const c1 = ALPHA_COV / ((n + 1.3) ** 2 + muEff);
  const cMu = Math.min(1 - c1, (ALPHA_COV * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + (ALPHA_COV * muEff) / 2));
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  return { n, lambda, mu, weights, muEff, cSigma, dSigma, cc, c1, cMu, chiN, eigenInterval: eigenInterval(n, c1, cMu) };
}

/**
 * Lazy eigendecomposition: the tutorial's reference code (arXiv:1604.00772, Appendix C, the
 * Matlab `purecmaes.m`) decomposes when `counteval - eigeneval > lambda/(c1+cmu)/N/10`, i.e.
 * when more than x = 1/(10 n (c1 + cμ)) generations have passed since the last decomposition,
 * which keeps the O(n³) decomposition at O(n²) per sample. In whole generations that is every
 * ⌊x⌋ + 1 generations. Since c1 + cμ is of order μ_eff/n², x grows roughly like n/μ_eff; with
 * the default λ it stays below 1 for n ≤ 82 (tested), so at the factor counts coordsim searches
 * (n ≤ 64) B and D are refreshed every generation; beyond that, every 2, 3, ... generations. (Hansen's current purecma.py uses a different gap, 0.5 λ/(c1 + cμ)/n²
 * evaluations; we follow the tutorial.)
 */
function eigenInterval(n: number, c1: number, cMu: number): number {
  return Math.floor(1 / (10 * n * (c1 + cMu))) + 1;
}
