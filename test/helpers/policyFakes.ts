// Small fakes shared by the policy unit tests.
import type { PolicyContext } from "../../src/policies/types.js";
import type { TaskBoardView } from "../../src/sim/economy/seams.js";
import { RngStreams } from "../../src/sim/rng/index.js";

/** A policy context with seeded streams (seed 1). */
export const ctx = (): PolicyContext => {
  const streams = new RngStreams(1);
  return { stream: (name: string) => streams.stream(`t.${name}`) };
};

/** A board over slots 0..n-1 whose serials can be changed to simulate slot reuse. */
export function fakeBoard(n: number): { board: TaskBoardView; serials: number[] } {
  const serials = Array.from({ length: n }, (_, i) => 100 + i);
  const board: TaskBoardView = { openCount: n, openAt: (i) => i, inFlight: () => 0, serial: (t) => serials[t]! };
  return { board, serials };
}
