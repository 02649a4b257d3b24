import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseOverride } from "../src/scenario/overrides.js";
import { formatOverride, parseShard, planSweep, replicateSeed, shardRuns } from "../src/scenario/sweep.js";
import { parseVary } from "../src/runner/compare/vary.js";

const axes = [
  { path: "policies.attribution", values: ["uniform", "volume", "coverage-shapley"] },
  { path: "providers.count", values: [10, 20] },
];

describe("sweep run list", () => {
  it("is point-major with the last axis varying fastest, ids zero-padded in run order", () => {
    const plan = planSweep(axes, { baseSeed: 42, replicates: 11 });
    expect(plan.points).toBe(6);
    expect(plan.runs).toHaveLength(66);
    expect(plan.runs[0]!.id).toBe("p0-r00");
    expect(plan.runs[11]!.values).toEqual(["uniform", 20]);
    expect(plan.runs[22]!.values).toEqual(["volume", 10]);
    expect(plan.runs.at(-1)!.id).toBe("p5-r10");
    const ids = plan.runs.map((r) => r.id);
    expect([...ids].sort()).toEqual(ids);
    expect(plan.runs.map((r) => r.index)).toEqual(plan.runs.map((_, i) => i));
  });

  it("gives replicate r the same seed at every grid point (common random numbers), distinct seeds across replicates", () => {
    const plan = planSweep(axes, { baseSeed: 42, replicates: 20 });
    for (const run of plan.runs) expect(run.seed).toBe(plan.runs[run.replicate]!.seed);
    expect(new Set(plan.runs.slice(0, 20).map((r) => r.seed)).size).toBe(20);
    expect(planSweep(axes, { baseSeed: 43, replicates: 1 }).runs[0]!.seed).not.toBe(plan.runs[0]!.seed);
  });

  it("is a pure function of its inputs (golden seeds: changing the derivation breaks reproducibility of published sweeps)", () => {
    expect([0, 1, 2].map((r) => replicateSeed(7, r))).toEqual([2897391914, 1885394436, 2330829121]);
    expect(replicateSeed(7, 0, "point-1")).toBe(2735397369);
  });

  it("with per-point lanes (compare --unpaired) gives every point its own seeds", () => {
    const plan = planSweep(axes, { baseSeed: 42, replicates: 5, unpaired: true });
    expect(new Set(plan.runs.map((r) => r.seed)).size).toBe(plan.runs.length);
  });

  it("shards partition the run list: disjoint, complete, balanced within one run", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 9 }), (n, count) => {
        const runs = planSweep([{ path: "x", values: Array.from({ length: Math.max(1, n) }, (_, i) => i) }], { baseSeed: 1, replicates: 1 }).runs;
        const shards = Array.from({ length: count }, (_, index) => shardRuns(runs, { index, count }));
        const all = shards.flat().map((r) => r.index).sort((a, b) => a - b);
        expect(all).toEqual(runs.map((r) => r.index));
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("parses --shard i/N and rejects anything else", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["3/3", "1/0", "-1/2", "1", "a/b", "1/2/3"]) expect(typeof parseShard(bad)).toBe("string");
  });

  it("formats overrides that read back as the same value (strings bare when safe)", () => {
    expect(formatOverride("policies.attribution", "volume")).toBe("policies.attribution=volume");
    expect(formatOverride("a", "true")).toBe('a="true"');
    expect(formatOverride("a", { honest: 0.9 })).toBe('a={"honest":0.9}');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean(), fc.dictionary(fc.string({ minLength: 1 }), fc.integer())), (value) => {
        const parsed = parseOverride(formatOverride("a.b", value));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.override.value).toEqual(Object.is(value, -0) ? 0 : value);
      }),
    );
  });
});

describe("--vary", () => {
  it("splits values on top-level commas and reads each as YAML", () => {
    expect(parseVary("policies.attribution=volume,coverage-shapley")).toEqual({ path: "policies.attribution", values: ["volume", "coverage-shapley"] });
    expect(parseVary("x={a: 1, b: 2},[1, 2],'c,d'")).toEqual({ path: "x", values: [{ a: 1, b: 2 }, [1, 2], "c,d"] });
    expect(parseVary("agents.count=10, 20")).toEqual({ path: "agents.count", values: [10, 20] });
  });

  it("rejects a missing path, one value or an empty value", () => {
    expect(parseVary("volume,uniform")).toMatch(/expects path=a,b/);
    expect(parseVary("x=volume")).toMatch(/at least two/);
    expect(parseVary("x=a,,b")).toMatch(/value 2 of 3 is empty/);
  });
});
