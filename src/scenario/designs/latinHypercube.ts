// Latin hypercube sampling (M. D. McKay, R. J. Beckman and W. J. Conover, "A
// comparison of three methods for selecting values of input variables in the
// analysis of output from a computer code", Technometrics 21(2), 1979): in every
// dimension the n points fall one in each stratum [i/n, (i+1)/n), at a uniform
// position inside it; the strata are matched across dimensions by independent
// random permutations.
import { Stream, streamSeed } from "../../sim/rng/index.js";

/** Largest double below 1: a jittered coordinate that rounds up to 1 is put back inside its stratum. */
const BELOW_ONE = 1 - 2 ** -53;

/** Fisher-Yates shuffle of 0..n-1 (Durstenfeld's in-place form). */
function permutation(n: number, stream: Stream): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = stream.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** `n` points in [0, 1)^dimensions, one per stratum per dimension; point i's coordinate d is (π_d(i) + U) / n. */
export function latinHypercube(n: number, dimensions: number, seed: number): number[][] {
  const stream = new Stream(streamSeed(seed, "design.lhs"));
  const columns = Array.from({ length: dimensions }, () => permutation(n, stream).map((stratum) => Math.min(BELOW_ONE, (stratum + stream.uniform()) / n)));
  return Array.from({ length: n }, (_, i) => columns.map((column) => column[i]!));
}
