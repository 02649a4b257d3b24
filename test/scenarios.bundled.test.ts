import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { builtinPolicies } from "../src/policies/registry.js";
import { catalogWithPlugins, loadScenarioPlugins } from "../src/plugins/load.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenario } from "../src/scenario/index.js";
import type { Scenario } from "../src/scenario/schema.js";
import { ROOT } from "./helpers/cli.js";

function scenarioFiles(dir = join(ROOT, "scenarios")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? scenarioFiles(join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const files = scenarioFiles();
const loaded = new Map<string, Scenario>();
const plugins = new Map<string, Awaited<ReturnType<typeof loadScenarioPlugins>>>();

describe("bundled scenarios", () => {
  it("there are bundled scenarios, and every one validates", async () => {
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const table = await loadScenarioPlugins(file);
      plugins.set(file, table);
      loaded.set(file, loadScenario(file, { catalog: catalogWithPlugins(builtinCatalog, table) }));
    }
  });

  it("every built-in policy is used by at least one bundled scenario", () => {
    const used = new Set<string>();
    for (const s of loaded.values()) for (const [family, choice] of Object.entries(s.policies)) used.add(`${family}:${choice.use}`);
    const missing = Object.entries(builtinPolicies).flatMap(([family, list]) => list.map((p) => `${family}:${p.name}`).filter((key) => !used.has(key)));
    expect(missing).toEqual([]);
  });

  it("every bundled scenario runs to the end with the books balanced (ledger_imbalance_micro = 0)", () => {
    for (const [file, s] of loaded) {
      const { summary, timeseries } = simulate(s, { plugins: plugins.get(file)! });
      expect([file, summary.ledger_imbalance_micro]).toEqual([file, 0]);
      expect([file, timeseries.every((row) => row.ledger_imbalance_micro_now === 0)]).toEqual([file, true]);
    }
  }, 300_000);
});
