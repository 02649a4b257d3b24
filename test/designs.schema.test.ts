import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { ScenarioError, loadScenarioText } from "../src/scenario/index.js";

const base = "name: t\nduration: 10\nmodels: { count: 1 }\nagents: { count: 2 }\ntasks: { rate: 1 }\n";
/** base is 5 lines: `sweep:` is line 6, its first key line 7. */
const withSweep = (sweep: string) => `${base}sweep:\n${sweep}`;

function messageOf(text: string): string {
  try {
    loadScenarioText(text, "d.yaml", { catalog: builtinCatalog });
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).message;
  }
  throw new Error("expected the scenario to be rejected");
}

const design = (lines: string) => withSweep(`  design:\n${lines}`);

describe("sweep.design: errors at their line", () => {
  it("accepts each factor kind and each design kind", () => {
    for (const kind of ["lhs: 8", "sobol: 8", "morris: 8", "grid"]) {
      const [k, n] = kind.split(": ");
      const text = design(`    kind: ${k}\n${n === undefined ? "" : `    n: ${n}\n`}    factors:\n      tasks.rate: { loguniform: [0.5, 20] }\n      agents.count: { integer: [2, 9] }\n      providers.costPerUnit: { uniform: [100, 2000] }\n      policies.attribution: { categorical: [uniform, volume] }\n`);
      expect(() => loadScenarioText(text, "d.yaml", { catalog: builtinCatalog })).not.toThrow();
    }
  });

  it("lo < hi, loguniform lo > 0, integer bounds integers, categorical non-empty: each at its line", () => {
    const text = design(
      "    kind: lhs\n    n: 4\n    factors:\n" +
        "      tasks.rate: { uniform: [5, 5] }\n" + // line 11
        "      agents.count: { integer: [2.5, 9] }\n" +
        "      providers.costPerUnit: { loguniform: [0, 10] }\n" +
        "      policies.attribution: { categorical: [] }\n" +
        "      models.feePerCall: { uniform: [1, 2], integer: [1, 2] }\n",
    );
    const message = messageOf(text);
    expect(message).toContain("d.yaml:11:30 sweep.design.factors.tasks.rate.uniform: expected [lo, hi] with lo < hi, got [5, 5]");
    expect(message).toContain("d.yaml:12:32 sweep.design.factors.agents.count.integer: expected integer bounds, got [2.5, 9]");
    expect(message).toMatch(/d\.yaml:13:44 sweep\.design\.factors\.providers\.costPerUnit\.loguniform: expected lo > 0 \(log scale\), got 0/);
    expect(message).toMatch(/d\.yaml:14:44 sweep\.design\.factors\.policies\.attribution\.categorical: expected a non-empty list of values/);
    expect(message).toMatch(/d\.yaml:15:26 sweep\.design\.factors\.models\.feePerCall: expected exactly one of uniform, loguniform, integer, categorical/);
  });

  it("grid and design are mutually exclusive", () => {
    expect(messageOf(withSweep("  grid: { tasks.rate: [1, 2] }\n  design:\n    kind: lhs\n    n: 2\n    factors: { tasks.rate: { uniform: [1, 2] } }\n"))).toMatch(/d\.yaml:9:5 sweep\.design: expected grid or design, not both/);
  });

  it("each kind's required and forbidden fields", () => {
    expect(messageOf(design("    kind: sobol\n    factors: { tasks.rate: { uniform: [1, 2] } }\n"))).toMatch(/d\.yaml:8:\d+ sweep\.design\.kind: a sobol design needs n \(base points\)/);
    expect(messageOf(design("    kind: grid\n    n: 3\n    factors: { tasks.rate: { uniform: [1, 2] } }\n"))).toMatch(/d\.yaml:9:\d+ sweep\.design\.n: a grid design takes no n/);
    expect(messageOf(design("    kind: lhs\n    n: 3\n    levels: 4\n    factors: { tasks.rate: { uniform: [1, 2] } }\n"))).toMatch(/d\.yaml:10:\d+ sweep\.design\.levels: levels is for morris and grid designs, not lhs/);
    expect(messageOf(design("    kind: morris\n    n: 3\n    levels: 5\n    factors: { tasks.rate: { uniform: [1, 2] } }\n"))).toMatch(/d\.yaml:10:\d+ sweep\.design\.levels: expected an even number of levels/);
    expect(messageOf(design("    kind: taguchi\n    n: 3\n    factors: { tasks.rate: { uniform: [1, 2] } }\n"))).toMatch(/sweep\.design\.kind: expected one of grid, lhs, sobol, morris, got "taguchi"/);
    expect(messageOf(design("    kind: lhs\n    n: 3\n    factors: {}\n"))).toMatch(/d\.yaml:10:\d+ sweep\.design\.factors: expected at least one factor/);
  });

  it("factor paths obey the grid keys' rule", () => {
    expect(messageOf(design("    kind: lhs\n    n: 3\n    factors:\n      seed: { integer: [1, 9] }\n"))).toMatch(/d\.yaml:11:\d+ sweep\.design\.factors\.seed: cannot sweep seed \(use replicates/);
  });

  it("a sobol design takes at most 64 factors (128 embedded Sobol' dimensions)", () => {
    const factors = Array.from({ length: 65 }, (_, i) => `      policies.rewards.params.x${i}: { uniform: [0, 1] }\n`).join("");
    expect(messageOf(design(`    kind: sobol\n    n: 2\n    factors:\n${factors}`))).toMatch(/sweep\.design\.factors: a sobol design takes at most 64 factors .* got 65/);
  });

  it("counts runs before expanding: N(k+2) for sobol, r(k+1) for morris, n for lhs, the levels' product for grid", () => {
    const two = "    factors: { tasks.rate: { uniform: [1, 2] }, agents.count: { integer: [1, 9] } }\n";
    expect(messageOf(withSweep(`  replicates: 3\n  design:\n    kind: sobol\n    n: 100000\n${two}`))).toMatch(/sweep\.design: the sweep would plan 1,200,000 runs \(400,000 sobol design points × 3 replicates\); the limit is 1,000,000/);
    expect(messageOf(withSweep(`  replicates: 4\n  design:\n    kind: morris\n    n: 100000\n${two}`))).toMatch(/1,200,000 runs \(300,000 morris design points × 4 replicates\)/);
    expect(messageOf(withSweep(`  replicates: 2\n  design:\n    kind: lhs\n    n: 600000\n${two}`))).toMatch(/1,200,000 runs \(600,000 lhs design points × 2 replicates\)/);
    expect(messageOf(withSweep(`  replicates: 2\n  design:\n    kind: grid\n    levels: 1000\n${two}`))).toMatch(/2,000,000 runs \(1,000,000 grid design points × 2 replicates\)/);
    expect(() => loadScenarioText(withSweep(`  replicates: 3\n  design:\n    kind: sobol\n    n: 83333\n${two}`), "d.yaml", { catalog: builtinCatalog })).not.toThrow();
  });
});
