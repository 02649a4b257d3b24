import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { builtinPolicies } from "../src/policies/registry.js";
import { catalogWithPlugins, loadScenarioPlugins } from "../src/plugins/load.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenario } from "../src/scenario/index.js";
import { planDesignSweep, seededDesign } from "../src/scenario/sweep.js";
import type { Scenario } from "../src/scenario/schema.js";
import { ROOT } from "./helpers/cli.js";
import { METRICS } from "../src/metrics/catalogue/index.js";
import { ENTITY_COLUMNS } from "../src/metrics/observers/entityTable.js";
import { INTEGER_UNITS } from "../src/output/longTables/columns.js";

/** Columns whose unit is a whole number (the long tables' INT64 columns). */
const INTEGER_COLUMNS = new Set([...METRICS, ...ENTITY_COLUMNS].filter((m) => INTEGER_UNITS.has(m.unit)).map((m) => m.name));

/** "file table.column = value" for each cell of an integer-unit column that is not a whole number. */
function nonIntegers(file: string, table: string, names: readonly string[], rows: Iterable<readonly unknown[]>): string[] {
  const out: string[] = [];
  for (const row of rows) names.forEach((name, j) => {
    const v = row[j];
    if (INTEGER_COLUMNS.has(name) && v !== null && v !== undefined && !Number.isSafeInteger(v)) out.push(`${file} ${table}.${name} = ${String(v)}`);
  });
  return out;
}

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

  it("every bundled scenario runs to the end with the books balanced (ledger_imbalance_micro = 0), counts and micro-units whole numbers", () => {
    const fractional: string[] = [];
    for (const [file, s] of loaded) {
      const { summary, timeseries, entities } = simulate(s, { plugins: plugins.get(file)! });
      expect([file, summary.ledger_imbalance_micro]).toEqual([file, 0]);
      expect([file, timeseries.every((row) => row.ledger_imbalance_micro_now === 0)]).toEqual([file, true]);
      // The long tables write these columns as INT64: a fraction there is a metric with the wrong unit.
      fractional.push(...nonIntegers(file, "summary", Object.keys(summary), [Object.values(summary)]));
      if (timeseries.length > 0) fractional.push(...nonIntegers(file, "timeseries", Object.keys(timeseries[0]!), timeseries.map((r) => Object.values(r))));
      fractional.push(...nonIntegers(file, "entities", entities.columns, entities.rows()));
    }
    expect(fractional.slice(0, 10)).toEqual([]);
  }, 300_000);

  it("README's table of bundled scenarios lists every scenarios/*.yaml", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("## Bundled scenarios"), readme.indexOf("## CLI reference"));
    const top = readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".yaml"));
    expect(top.filter((f) => !table.includes(`\`scenarios/${f}\``))).toEqual([]);
  });

  it("sensitivity-drivers asks its question as a sobol design over the eight factors (1,280 runs)", () => {
    const s = loaded.get(join(ROOT, "scenarios/sensitivity-drivers.yaml"))!;
    const design = s.sweep!.design!;
    expect(design.kind).toBe("sobol");
    expect(Object.keys(design.factors)).toEqual([
      "policies.attribution", "providers.costPerUnit", "datanets.overlapThreshold", "policies.coordination.params.latency",
      "validators.sampleRate", "datanets.staking.stake", "providers.mix", "tasks.rate",
    ]);
    const plan = planDesignSweep(seededDesign(design, s.seed), { baseSeed: s.seed, replicates: s.sweep!.replicates });
    expect(plan.runs).toHaveLength(64 * 10 * 2);
  });
});
