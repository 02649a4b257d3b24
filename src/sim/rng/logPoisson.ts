// Poisson log-probabilities for the PTRS acceptance test in stream.ts.

const HALF_LOG_2PI = 0.9189385332046727;
/** log(k!) for k = 0..9, below the range where the Stirling tail is accurate. */
const SMALL_LOG_FACTORIAL: readonly number[] = [1, 1, 2, 6, 24, 120, 720, 5040, 40320, 362880].map((f) => Math.log(f));

/** log(k!) - ((k + 1/2) log k - k + log(2π)/2) by the Stirling series; error < 1e-12 for k >= 10. */
function stirlingTail(k: number): number {
  const r = 1 / k;
  const r2 = r * r;
  return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
}

/** Return log(k!) for integer k >= 0. */
export function logFactorial(k: number): number {
  return k < 10 ? SMALL_LOG_FACTORIAL[k]! : (k + 0.5) * Math.log(k) - k + HALF_LOG_2PI + stirlingTail(k);
}

/**
 * Return log P(X = k) for X ~ Poisson(mean). For k >= 10 it is written around
 * d = k - mean, as d - k log1p(d / mean) - ..., because the textbook
 * -mean + k log(mean) - log(k!) cancels terms of size ~k log k and loses all
 * precision for means beyond ~1e12.
 */
export function logPoissonPmf(k: number, mean: number): number {
  if (k < 10) return -mean + k * Math.log(mean) - SMALL_LOG_FACTORIAL[k]!;
  const d = k - mean;
  return d - k * Math.log1p(d / mean) - 0.5 * Math.log(k) - HALF_LOG_2PI - stirlingTail(k);
}
