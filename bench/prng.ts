/**
 * Workload generator shared by every hold-model loop, so the reference heap
 * and the engine see exactly the same sequence of increments.
 *
 * mulberry32 is tiny and branch-free, so it adds the same small constant cost
 * to both loops and does not dominate the measurement.
 */

/** Return a mulberry32 generator of uniforms in [0, 1) seeded with `seed`. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Return a generator of exponential(mean 1) increments driven by mulberry32(seed). */
export function exponentialStream(seed: number): () => number {
  const u = mulberry32(seed);
  return () => -Math.log(1 - u());
}

/** Hold-model workload shared by the reference and engine loops. */
export interface HoldWorkload {
  /** Events pending at all times. */
  pending: number;
  /** Pop/push pairs measured after filling the queue. */
  holds: number;
  seed: number;
}
