/**
 * Termination criteria of the CMA-ES, with pycma's names and default tolerances (Hansen's pycma,
 * cma/evolution_strategy.py `CMAOptions`: tolx 1e-11, tolfun 1e-11, tolconditioncov 1e14,
 * noeffectaxis, noeffectcoord) and the tutorial's Appendix B.3 (arXiv:1604.00772). The history
 * length 10 + ⌈30n/λ⌉ is the one pycma and CyberAgentAILab/cmaes (`_funhist_term`) use for tolfun.
 */

export const TOLX = 1e-11;
export const TOLFUN = 1e-11;
export const TOL_CONDITION_COV = 1e14;

/** Generations of best losses tolfun looks back over: 10 + ⌈30n/λ⌉. */
export function tolfunHistoryLength(n: number, lambda: number): number {
  return 10 + Math.ceil((30 * n) / lambda);
}

export interface TerminationInput {
  n: number;
  lambda: number;
  /** Completed generations, including the one just told. */
  generation: number;
  mean: readonly number[];
  sigma: number;
  pc: readonly number[];
  cov: readonly (readonly number[])[];
  /** Eigenvalues of C (D²) and eigenvectors as columns of B. */
  eigenvalues: readonly number[];
  eigenvectors: readonly (readonly number[])[];
  /** Best loss of each of the last generations, oldest first (at most tolfunHistoryLength). */
  bestLossHistory: readonly number[];
  /** All losses of the generation just told. */
  losses: readonly number[];
}

/** Return the first criterion met, in the order below, or undefined. */
export function terminationReason(s: TerminationInput): string | undefined {
  const { n, sigma } = s;
  const maxEig = Math.max(...s.eigenvalues);
  const minEig = Math.min(...s.eigenvalues);
  // conditioncov: cond(C) = max(D²)/min(D²) beyond 1e14 makes the sampling numerically meaningless.
  if (!(minEig > 0) || maxEig / minEig > TOL_CONDITION_COV) return "conditioncov";
  // tolx: every coordinate's standard deviation and every σ·p_c entry below tolx.
  let tolx = true;
  for (let i = 0; i < n; i++) {
    if (!(sigma * Math.sqrt(s.cov[i]![i]!) < TOLX && sigma * Math.abs(s.pc[i]!) < TOLX)) tolx = false;
  }
  if (tolx) return "tolx";
  // tolfun: the range of the best losses over the history and of the current generation's losses below tolfun.
  const history = tolfunHistoryLength(n, s.lambda);
  if (s.bestLossHistory.length >= history) {
    const range = (xs: readonly number[]) => Math.max(...xs) - Math.min(...xs);
    if (range(s.bestLossHistory) < TOLFUN && range(s.losses) < TOLFUN) return "tolfun";
  }
  // noeffectaxis: adding 0.1 σ along principal axis (g mod n) leaves the mean unchanged in floating point.
  const axis = s.generation % n;
  const scale = 0.1 * sigma * Math.sqrt(Math.max(0, s.eigenvalues[axis]!));
  if (s.mean.every((m, i) => m + scale * s.eigenvectors[i]![axis]! === m)) return "noeffectaxis";
  // noeffectcoord: adding 0.2 σ √C_ii to some coordinate i leaves it unchanged.
  if (s.mean.some((m, i) => m + 0.2 * sigma * Math.sqrt(s.cov[i]![i]!) === m)) return "noeffectcoord";
  return undefined;
}
