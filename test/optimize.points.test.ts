import { describe, expect, it } from "vitest";
import { planPointsSweep, replanSweep } from "../src/scenario/sweep.js";

describe("sweeps over explicit points (an optimisation generation's candidates)", () => {
  const points = { factors: { "tasks.rate": { uniform: [1, 3] as [number, number] }, "policies.attribution": { categorical: ["uniform", "volume"] } }, u: [[0, 0.25], [0.5, 0.75], [1, 0.999]] };

  it("maps each point's unit coordinates with the design factor mapping, on common replicate seeds", () => {
    const plan = planPointsSweep(points, { baseSeed: 7, replicates: 2 });
    expect(plan.points).toBe(3);
    expect(plan.parameters.map((p) => p.path)).toEqual(["tasks.rate", "policies.attribution"]);
    expect(plan.runs.filter((r) => r.replicate === 0).map((r) => r.values)).toEqual([[1, "uniform"], [2, "volume"], [3, "volume"]]);
    // Replicate r has one seed at every point.
    for (const r of [0, 1]) expect(new Set(plan.runs.filter((run) => run.replicate === r).map((run) => run.seed)).size).toBe(1);
    expect(plan.runs[0]!.seed).not.toBe(plan.runs[1]!.seed);
    expect(plan.designPoints.map((d) => d.u)).toEqual(points.u);
  });

  it("re-plans identically from what sweep.json records (merge, notebooks)", () => {
    const plan = planPointsSweep(points, { baseSeed: 7, replicates: 2 });
    expect(replanSweep({ axes: [], points: JSON.parse(JSON.stringify(plan.explicitPoints)) as typeof points, seed: 7, replicates: 2 })).toEqual(plan);
  });
});
