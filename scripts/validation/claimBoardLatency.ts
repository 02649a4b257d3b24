// Claim-board duplication vs latency, derived: one open task; other agents look
// at the market at Poisson times of total rate Λ (each a fresh agent, so every
// look is independent); the first look starts the task at time 0 and the task
// stays open for W hours of work. Under `claim-board` every look in [0, L)
// (before the claim is visible) starts the task again, so the expected number
// of duplicate executions per task is Λ·min(L, W) — 0 as the latency L → 0 —
// while with no coordination (`independent`) every look in [0, W) duplicates:
// Λ·W. Run through the registry's policies and the coordination seam.
import { createPolicy } from "../../src/runner/policies.js";
import type { TaskBoardView } from "../../src/sim/economy/seams.js";
import { RngStreams } from "../../src/sim/rng/index.js";
import { meanAndSe, type ValidationCase, type ValidationRow } from "./types.js";

const RATE = 20; // looks per hour, Λ
const WORK = 0.5; // hours the task stays open, W

function duplicates(choice: { use: string; params: Record<string, unknown> }, seed: number): number {
  const streams = new RngStreams(seed);
  const policy = createPolicy("coordination", choice, streams);
  const board: TaskBoardView = { openCount: 1, openAt: () => 0, inFlight: () => 0, serial: () => 7 };
  const looks = streams.stream("validation.claimBoard.looks");
  if (policy.chooseTask(0, board, 0) !== 0) throw new Error("the first look must take the free task");
  policy.onStart?.(0, 0, board, 0);
  let dups = 0;
  let agent = 1;
  for (let t = looks.exponential(RATE); t < WORK; t += looks.exponential(RATE), agent++) {
    if (policy.chooseTask(agent, board, t) === 0) {
      policy.onStart?.(agent, 0, board, t);
      dups++;
    }
  }
  return dups;
}

export const claimBoardLatency: ValidationCase = {
  id: "claim-board-latency",
  mechanism: "coordination: claim-board",
  source: "Derived: Poisson looks of rate Λ at one task; duplicates are the looks before its claim is visible, E = Λ·min(L, W)",
  claim: "A claim board duplicates a task's work only for looks within the latency L of its first start: Λ·min(L, W) duplicates per task, tending to 0 as L → 0, against Λ·W with no coordination.",
  run({ quick }) {
    const replicates = quick ? 400 : 4000;
    const settings: { label: string; choice: { use: string; params: Record<string, unknown> }; expected: number }[] = [
      ...[0, 0.01, 0.05, 0.1, 0.25].map((latency) => ({ label: `claim-board, latency ${latency} h`, choice: { use: "claim-board", params: { latency } }, expected: RATE * Math.min(latency, WORK) })),
      { label: "independent (no coordination)", choice: { use: "independent", params: {} }, expected: RATE * WORK },
    ];
    return settings.map(({ label, choice, expected }): ValidationRow => {
      const { mean, se } = meanAndSe(Array.from({ length: replicates }, (_, r) => duplicates(choice, r + 1)));
      return {
        label: `${label}: duplicates per task (Λ = ${RATE}/h, W = ${WORK} h)`,
        measured: mean,
        published: expected,
        // At L = 0 there is no variance to estimate (every replicate is 0): the check is exact.
        tolerance: 3 * se,
        toleranceFrom: `3 SE over ${replicates} replicates`,
      };
    });
  },
};
