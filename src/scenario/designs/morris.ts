// Morris elementary-effects trajectories (M. D. Morris, "Factorial sampling
// plans for preliminary computational experiments", Technometrics 33(2), 1991;
// F. Campolongo, J. Cariboni and A. Saltelli, "An effective screening design for
// sensitivity analysis of large models", Environ. Model. Softw. 22(10), 2007).
// On the level grid {0, 1/(p-1), ..., 1} (p even) with Δ = p/(2(p-1)), each
// trajectory starts at a random grid point and moves the k factors one at a
// time, in a random order, each by +Δ or -Δ: k+1 points, each step changing
// exactly one factor. This is Morris's B* = (J x* + (Δ/2)((2B - J)D* + J)) P*
// written out step by step; Campolongo's selection of the r most spread
// trajectories from a larger pool is not applied (every trajectory is random).
import { Stream, streamSeed } from "../../sim/rng/index.js";

/** One trajectory's points (k+1 of them) and, per step s >= 1, the 0-based factor it moved. */
export interface MorrisTrajectory {
  points: number[][];
  moved: number[];
}

/** Δ in level steps: p/2 steps of 1/(p-1) is p/(2(p-1)). */
const jumpLevels = (levels: number): number => levels / 2;

/**
 * `trajectories` trajectories over `factors` factors on `levels` (even, >= 2)
 * levels. Coordinates are exactly level/(levels - 1), so a step's difference is
 * ±Δ up to one rounding.
 */
export function morrisTrajectories(trajectories: number, factors: number, levels: number, seed: number): MorrisTrajectory[] {
  if (!(Number.isInteger(levels) && levels >= 2 && levels % 2 === 0)) throw new Error(`morrisTrajectories: levels must be an even integer >= 2, got ${levels}`);
  const stream = new Stream(streamSeed(seed, "design.morris"));
  const jump = jumpLevels(levels);
  const result: MorrisTrajectory[] = [];
  for (let t = 0; t < trajectories; t++) {
    // x*: a level from which +Δ stays on the grid; D*: the direction of each factor's move.
    const low = Array.from({ length: factors }, () => stream.int(levels - jump));
    const up = Array.from({ length: factors }, () => stream.bernoulli(0.5));
    const level = low.map((l, i) => (up[i] ? l : l + jump));
    const order = Array.from({ length: factors }, (_, i) => i);
    for (let i = factors - 1; i > 0; i--) {
      const j = stream.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const toUnit = (l: number) => l / (levels - 1);
    const points = [level.map(toUnit)];
    for (const factor of order) {
      level[factor] = level[factor]! + (up[factor] ? jump : -jump);
      points.push(level.map(toUnit));
    }
    result.push({ points, moved: order });
  }
  return result;
}
