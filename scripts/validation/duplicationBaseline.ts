// Uncoordinated duplication: k agents each pick one of n open tasks uniformly and
// independently (the `independent` coordination policy), so the expected number
// of distinct tasks picked is n(1 − (1 − 1/n)^k) (occupancy: each task is missed
// by all k with probability (1 − 1/n)^k). Run through the policy seam with the
// registry's own policy and seeded streams.
import { createPolicy } from "../../src/runner/policies.js";
import type { TaskBoardView } from "../../src/sim/economy/seams.js";
import { RngStreams } from "../../src/sim/rng/index.js";
import { meanTolerance, type ValidationCase, type ValidationRow } from "./types.js";

const SETTINGS: readonly { n: number; k: number }[] = [
  { n: 10, k: 5 },
  { n: 10, k: 10 },
  { n: 50, k: 100 },
];

function distinctShare(n: number, k: number, seed: number): number {
  const policy = createPolicy("coordination", { use: "independent", params: {} }, new RngStreams(seed));
  const board: TaskBoardView = { openCount: n, openAt: (i) => i, inFlight: () => 0, serial: (t) => t };
  const picked = new Uint8Array(n);
  for (let a = 0; a < k; a++) picked[policy.chooseTask(a, board, 0)] = 1;
  return picked.reduce((s, x) => s + x, 0) / n;
}

export const uncoordinatedDuplication: ValidationCase = {
  id: "uncoordinated-duplication",
  mechanism: "coordination: independent",
  source: "Occupancy (balls into bins): E[distinct] = n(1 − (1 − 1/n)^k)",
  claim: "k agents choosing among n open tasks with no coordination cover n(1 − (1 − 1/n)^k) distinct tasks; the rest of their work is duplicated.",
  run({ quick }) {
    const replicates = quick ? 200 : 2000;
    return SETTINGS.map(({ n, k }): ValidationRow => {
      const shares = Array.from({ length: replicates }, (_, r) => distinctShare(n, k, r + 1));
      const { mean, tolerance, from } = meanTolerance(shares);
      return { label: `n = ${n} tasks, k = ${k} agents: distinct share`, measured: mean, published: 1 - (1 - 1 / n) ** k, tolerance, toleranceFrom: from };
    });
  },
};
