import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { factorValue, toFactor } from "../src/scenario/designs/factors.js";
import { designPointCount, designPoints, type DesignSpec } from "../src/scenario/designs/design.js";
import { planDesignSweep, planSweep, replanSweep, seededDesign } from "../src/scenario/sweep.js";
import { designCsv } from "../src/output/designCsv.js";
import { resolveSweepHere } from "../src/runner/sweep/resolve.js";
import { ScenarioError } from "../src/scenario/errors.js";
import { manifestParameters, readSweepManifest } from "../src/output/sweepManifest.js";

const tmp = mkdtempSync(join(tmpdir(), "coordsim-designs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("factor mapping (issue 20 contract)", () => {
  it("maps u in [0, 1) per kind", () => {
    expect(factorValue(toFactor("x", { uniform: [100, 2000] }), 0.25)).toBe(575);
    expect(factorValue(toFactor("x", { loguniform: [0.5, 20] }), 0)).toBeCloseTo(0.5, 14);
    expect(factorValue(toFactor("x", { loguniform: [1, 100] }), 0.5)).toBeCloseTo(10, 12);
    const integer = toFactor("x", { integer: [5, 8] });
    expect([0, 0.2499, 0.25, 0.5, 0.75, 0.9999999, 1].map((u) => factorValue(integer, u))).toEqual([5, 5, 6, 7, 8, 8, 8]);
    const categorical = toFactor("x", { categorical: ["uniform", "volume", "coverage-shapley"] });
    expect([0, 0.33, 0.34, 0.67, 0.9999, 1].map((u) => factorValue(categorical, u))).toEqual(["uniform", "uniform", "volume", "coverage-shapley", "coverage-shapley", "coverage-shapley"]);
  });
});

const design: DesignSpec & { seed: number } = {
  kind: "sobol",
  n: 4,
  seed: 7,
  factors: { "tasks.rate": { loguniform: [0.5, 4] }, "agents.count": { integer: [2, 6] }, "policies.attribution": { categorical: ["uniform", "volume"] } },
};

describe("planDesignSweep", () => {
  it("is point-major, replicate-minor with common random numbers across points, values mapped from design.csv's u", () => {
    const plan = planDesignSweep(design, { baseSeed: 3, replicates: 2 });
    expect(plan.points).toBe(4 * 5);
    expect(plan.runs).toHaveLength(40);
    expect(plan.runs.slice(0, 3).map((r) => r.id)).toEqual(["p00-r0", "p00-r1", "p01-r0"]);
    const grid = planSweep([{ path: "x", values: [1, 2] }], { baseSeed: 3, replicates: 2 });
    for (const run of plan.runs) expect(run.seed).toBe(grid.runs[run.replicate]!.seed);
    plan.runs.forEach((run) => {
      const u = plan.designPoints[run.point]!.u;
      expect(run.values).toEqual([factorValue(toFactor("a", design.factors["tasks.rate"]!), u[0]!), factorValue(toFactor("b", design.factors["agents.count"]!), u[1]!), factorValue(toFactor("c", design.factors["policies.attribution"]!), u[2]!)]);
    });
    expect(plan.parameters.map((p) => p.path)).toEqual(["tasks.rate", "agents.count", "policies.attribution"]);
  });

  it("re-plans identically from what sweep.json records", () => {
    const plan = planDesignSweep(design, { baseSeed: 3, replicates: 2 });
    expect(replanSweep({ axes: [], design, seed: 3, replicates: 2 })).toEqual(plan);
  });

  it("derives the design seed from the base seed when the scenario gives none", () => {
    const { seed: _seed, ...unseeded } = design;
    expect(seededDesign(unseeded, 3).seed).toBe(seededDesign(unseeded, 3).seed);
    expect(seededDesign(unseeded, 3).seed).not.toBe(seededDesign(unseeded, 4).seed);
    expect(seededDesign(design, 3).seed).toBe(7);
  });

  it("counts points as it expands them, for every kind", () => {
    const factors = design.factors;
    for (const spec of [{ kind: "lhs", n: 9 }, { kind: "sobol", n: 8 }, { kind: "morris", n: 5 }, { kind: "morris", n: 5, levels: 6 }, { kind: "grid" }, { kind: "grid", levels: 3 }] as const) {
      const d: DesignSpec = { ...spec, factors };
      expect(designPoints(d, 1)).toHaveLength(designPointCount(d));
    }
    // grid: 4 levels for each numeric factor, each category once; last factor fastest.
    const g = designPoints({ kind: "grid", factors }, 1);
    expect(g).toHaveLength(4 * 4 * 2);
    expect(g.slice(0, 3).map((p) => p.u)).toEqual([[0, 0, 0.25], [0, 0, 0.75], [0, 1 / 3, 0.25]]);
  });
});

describe("design.csv", () => {
  it("lists point, block, base, factor, then u:<path> per factor", () => {
    const text = designCsv(planDesignSweep(design, { baseSeed: 3, replicates: 2 }));
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("point,block,base,factor,u:tasks.rate,u:agents.count,u:policies.attribution");
    expect(lines).toHaveLength(21);
    expect(lines.slice(1, 6).map((l) => l.split(",").slice(0, 4).join(","))).toEqual(["0,A,0,", "1,B,0,", "2,AB,0,1", "3,AB,0,2", "4,AB,0,3"]);
    // u in full precision: the cells read back to the exact coordinates.
    const plan = planDesignSweep(design, { baseSeed: 3, replicates: 2 });
    lines.slice(1).forEach((l, p) => expect(l.split(",").slice(4).map(Number)).toEqual(plan.designPoints[p]!.u));
  });

  it("morris rows: block T, base = trajectory, factor = the one moved (1-based)", () => {
    const plan = planDesignSweep({ ...design, kind: "morris", n: 2 }, { baseSeed: 3, replicates: 1 });
    expect(plan.designPoints.map((p) => [p.block, p.base])).toEqual([0, 0, 0, 0, 1, 1, 1, 1].map((t) => ["T", t]));
    expect(plan.designPoints[0]!.factor).toBeNull();
    expect([1, 2, 3].map((s) => plan.designPoints[s]!.factor).sort()).toEqual([1, 2, 3]);
  });

  it("a grid sweep's rows: block G, base = the point, u = the value's interval midpoint", () => {
    const plan = planSweep([{ path: "a", values: [1, 2] }, { path: "b", values: ["x", "y", "z"] }], { baseSeed: 1, replicates: 2 });
    expect(designCsv(plan)).toBe(["point,block,base,factor,u:a,u:b", "0,G,0,,0.25,0.16666666666666666", "1,G,1,,0.25,0.5", "2,G,2,,0.25,0.8333333333333334", "3,G,3,,0.75,0.16666666666666666", "4,G,4,,0.75,0.5", "5,G,5,,0.75,0.8333333333333334", ""].join("\n"));
  });
});

describe("resolving a design sweep", () => {
  const scenario = (factors: string) =>
    `name: t\nduration: 5\nmodels: { count: 1 }\nagents: { count: 2 }\ntasks: { rate: 1 }\nsweep:\n  design:\n    kind: lhs\n    n: 3\n    factors:\n${factors}`;
  let files = 0;
  const failure = async (text: string): Promise<string> => {
    const file = join(tmp, `s${files++}.yaml`);
    writeFileSync(file, text);
    try {
      await resolveSweepHere({ file, overrides: [] });
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      return (error as ScenarioError).message;
    }
    throw new Error("expected the sweep to be rejected");
  };

  it("an unknown policy name among the categories is reported at its own line, as a grid value is", async () => {
    const message = await failure(scenario("      tasks.rate: { uniform: [1, 2] }\n      policies.attribution: { categorical: [uniform, volumee] }\n"));
    expect(message).toMatch(/:12:\d+ policies\.attribution: unknown attribution policy "volumee".*\(sweep\.design factor policies\.attribution categorical\[1\]\)/);
  });

  it("a bound outside the field's range is reported at the bound", async () => {
    const message = await failure(scenario("      agents.count: { integer: [0, 4] }\n"));
    expect(message).toMatch(/:11:\d+ agents\.count: expected an integer in \[1,.*\(sweep\.design factor agents\.count integer\[0\]\)/);
  });

  it("a point whose values fail together is reported at the factor, naming the point", async () => {
    // Every bound is valid alone, but uniform values of a count are not integers.
    const message = await failure(scenario("      agents.count: { uniform: [1, 4] }\n"));
    expect(message).toMatch(/:11:\d+ agents\.count: expected an integer.*\(sweep\.design point 0; a uniform factor takes fractional values, use integer: \[lo, hi\] for an integer field\)/);
  });
});

describe("sweep.json with a design", () => {
  const manifest = { coordsim_version: "x", scenario_file: "s.yaml", name: "t", seed: 3, definition_sha256: "h", axes: [], design, replicates: 2, runs_total: 40, shard: null, runs_in_folder: 40, status: "complete", failed: 0, started_at: "", wall_time_s: 1 };
  const read = (m: object) => {
    const dir = mkdtempSync(join(tmp, "m"));
    writeFileSync(join(dir, "sweep.json"), JSON.stringify(m));
    return () => readSweepManifest(dir);
  };

  it("reads back, its factors as runs.csv's parameter columns", () => {
    const m = read(manifest)();
    expect(manifestParameters(m).map((p) => p.path)).toEqual(["tasks.rate", "agents.count", "policies.attribution"]);
  });

  it("checks runs_total against the design's size, and the design itself", () => {
    expect(read({ ...manifest, runs_total: 24 })).toThrow(/runs_total: expected the design's size × replicates \(40\)/);
    expect(read({ ...manifest, design: { ...design, kind: "taguchi" } })).toThrow(/malformed sweep manifest: design: expected sweep\.design/);
    expect(read({ ...manifest, design: { ...design, seed: undefined } })).toThrow(/design\.seed: expected the design's seed/);
    expect(read({ ...manifest, axes: [{ path: "x", values: [1] }] })).toThrow(/axes: expected none beside a design/);
  });
});
