// Closed-form reputation updates (REFERENCE.md §4): Jøsang–Ismail beta
// reputation and the exponential moving average. Pure functions on numbers.

/** Return the forgetting update of an evidence count: λ·count + fresh (Jøsang & Ismail 2002). */
export function forget(count: number, lambda: number, fresh: number): number {
  return lambda * count + fresh;
}

/** Return the beta reputation expectation E = (r + 1) / (r + s + 2), the mean of Beta(r + 1, s + 1). */
export function betaExpectation(r: number, s: number): number {
  return (r + 1) / (r + s + 2);
}

/** Return the beta reputation rating Rep = (r − s) / (r + s + 2) = 2E − 1, in (−1, 1). */
export function betaRating(r: number, s: number): number {
  return (r - s) / (r + s + 2);
}

/** Return the exponential moving average step R ← (1 − β)R + βx. */
export function emaStep(previous: number, beta: number, x: number): number {
  return (1 - beta) * previous + beta * x;
}
