import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtinCatalog } from "../src/policies/catalog.js";
import { ScenarioError, loadScenarioText } from "../src/scenario/index.js";
import { resolveOptimize } from "../src/runner/optimize/problem.js";

const base = "name: t\nduration: 10\nmodels: { count: 1 }\nagents: { count: 2 }\ntasks: { rate: 1 }\n";
/** base is 5 lines: `optimize:` is line 6, its first key line 7. */
const withOptimize = (block: string) => `${base}optimize:\n${block}`;
const FACTORS = "  factors:\n    tasks.rate: { uniform: [0.5, 2] }\n";

function messageOf(text: string): string {
  try {
    loadScenarioText(text, "o.yaml", { catalog: builtinCatalog });
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).message;
  }
  throw new Error("expected the scenario to be rejected");
}

async function resolveMessage(text: string): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "coordsim-opt-")), "o.yaml");
  writeFileSync(file, text);
  try {
    await resolveOptimize({ file, overrides: [] });
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).message.split(file).join("o.yaml");
  }
  throw new Error("expected the optimisation to be rejected");
}

describe("optimize: the block's fields, errors at their line", () => {
  it("accepts a full block and fills the defaults", () => {
    const s = loadScenarioText(withOptimize(`${FACTORS}  maximize: value_delivered_micro\n  constraints: [duplicate_execution_share <= 0.2]\n  budget: 24\n`), "o.yaml", { catalog: builtinCatalog });
    expect(s.optimize).toMatchObject({ replicates: 3, budget: 24, constraints: ["duplicate_execution_share <= 0.2"] });
    expect(s.optimize?.population).toBeUndefined();
  });

  it("exactly one of maximize and minimize; budget required and an integer", () => {
    expect(messageOf(withOptimize(`${FACTORS}  budget: 10\n`))).toMatch(/o\.yaml:7:\d+ optimize: expected exactly one of maximize, minimize/);
    expect(messageOf(withOptimize(`${FACTORS}  maximize: a\n  minimize: b\n  budget: 10\n`))).toMatch(/o\.yaml:10:13 optimize\.minimize: expected exactly one of maximize, minimize/);
    expect(messageOf(withOptimize(`${FACTORS}  maximize: a\n  budget: 2.5\n`))).toMatch(/o\.yaml:10:\d+ optimize\.budget: /);
    expect(messageOf(withOptimize(`${FACTORS}  maximize: a\n  budget: 10\n  populaton: 4\n`))).toMatch(/o\.yaml:11:3 optimize\.populaton: unknown key \(did you mean "population"\?\)/);
  });

  it("factors as in sweep.design, and the unvarying fields refused", () => {
    expect(messageOf(withOptimize("  factors:\n    tasks.rate: { uniform: [2, 1] }\n  maximize: a\n  budget: 10\n"))).toMatch(/o\.yaml:8:\d+ optimize\.factors\.tasks\.rate\.uniform: expected \[lo, hi\] with lo < hi/);
    expect(messageOf(withOptimize("  factors:\n    seed: { integer: [1, 9] }\n  maximize: a\n  budget: 10\n"))).toMatch(/o\.yaml:8:\d+ optimize\.factors\.seed: cannot optimise seed/);
  });

  it("objective and constraint errors name the line and the column of the bad token", async () => {
    const text = withOptimize(`${FACTORS}  maximize: value_delivered_micro - 10 * wasted_compute_micr\n  constraints:\n    - "duplicate_execution_share < 0.2"\n  budget: 10\n`);
    const message = await resolveMessage(text);
    // line 9 is maximize (col 13 is where the expression starts; the bad name at expression column 30)
    expect(message).toContain("o.yaml:9:42 optimize.maximize: unknown metric wasted_compute_micr at column 30; did you mean wasted_compute_micro?");
    expect(message).toContain('o.yaml:11:34 optimize.constraints[0]: unexpected character "<" at column 27 (use <=');
  });

  it("a scenario without the block is refused by resolveOptimize", async () => {
    expect(await resolveMessage(base)).toMatch(/no optimize block/);
  });
});
