// The metric catalogue is the one declaration of every output column: the run
// files' columns, check's bounds, compare's defaults and `coordsim metrics`
// all come from it, so a column without an entry (or an entry without a
// column) fails here.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkMetricBounds } from "../src/check/invariants.js";
import { DEFAULT_COMPARE_METRICS, METRICS, SUMMARY_METRICS, TIMESERIES_METRICS, metricByName, metricByTimeseriesColumn, timeseriesColumn } from "../src/metrics/catalogue/index.js";
import { ENTITY_COLUMNS } from "../src/metrics/observers/entityTable.js";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenario } from "../src/scenario/index.js";
import { ROOT, runCli } from "./helpers/cli.js";

const run = (name: string) => simulate(loadScenario(join(ROOT, `scenarios/${name}.yaml`), { catalog: builtinCatalog, overrides: ["duration=240"] }));

describe("metric catalogue", () => {
  const collusion = run("attack-collusion");

  it("summary.csv and timeseries.csv have exactly the catalogue's columns, in its order (a feature's columns only where the scenario has the feature)", () => {
    const always = (m: { present?: unknown }) => m.present === undefined;
    expect(Object.keys(collusion.summary)).toEqual(SUMMARY_METRICS.filter(always).map((m) => m.name));
    for (const row of collusion.timeseries) expect(Object.keys(row)).toEqual(TIMESERIES_METRICS.filter(always).map(timeseriesColumn));
    expect(collusion.entities.columns).toEqual(ENTITY_COLUMNS.map((c) => c.name));
    // With datanets.staking (even at stake 0, the sweep's baseline), a trust policy that shares the emission, a coordination policy that spreads claims, an attribution policy that withholds and an EigenTrust threat-model setting, every column is there.
    const both = simulate(loadScenario(join(ROOT, "scenarios/openledger-staking.yaml"), { catalog: builtinCatalog, overrides: ["duration=48", "datanets.staking.stake=0", "policies.trust=yuma", "policies.coordination=rumor", "policies.attribution=replication-robust", "validators.colludeOnModels=true"] }));
    expect(Object.keys(both.summary)).toEqual(SUMMARY_METRICS.map((m) => m.name));
    for (const row of both.timeseries) expect(Object.keys(row)).toEqual(TIMESERIES_METRICS.map(timeseriesColumn));
    // Each feature brings its own columns only.
    const staking = simulate(loadScenario(join(ROOT, "scenarios/openledger-staking.yaml"), { catalog: builtinCatalog, overrides: ["duration=48", "datanets.staking.stake=0", "policies.trust=none"] }));
    const yuma = simulate(loadScenario(join(ROOT, "scenarios/gallery/trust-yuma.yaml"), { catalog: builtinCatalog, overrides: ["duration=48"] }));
    const added = (row: object) => Object.keys(row).filter((name) => !always(SUMMARY_METRICS.find((m) => m.name === name)!));
    expect(added(staking.summary).every((name) => /data|review|penalty|adversarial_caught|honest_(uploads|slashed)|time_to_catch/.test(name))).toBe(true);
    const rumor = simulate(loadScenario(join(ROOT, "scenarios/gallery/trust-yuma.yaml"), { catalog: builtinCatalog, overrides: ["duration=48", "policies.trust=none", "policies.coordination=rumor"] }));
    expect(added(rumor.summary).sort()).toEqual(["claim_messages_per_claim", "claim_residue", "claims_spread", "unheard_claim_starts", "unheard_start_share"]);
    expect(added(yuma.summary).sort()).toEqual(["cabal_emission_share", "emission_dividends_micro", "emission_guarantee_share", "emission_incentive_micro", "honest_emission_share", "honest_stake_share"]);
    const withholding = simulate(loadScenario(join(ROOT, "scenarios/gallery/attribution-replication-robust.yaml"), { catalog: builtinCatalog, overrides: ["duration=48"] }));
    expect(added(withholding.summary)).toEqual(["attribution_withheld_micro"]);
  });

  it("every entry is complete: unit, kind, a table, a definition; flows appear in both files", () => {
    for (const m of METRICS) {
      expect(m.unit, m.name).toMatch(/^(micro|h|count|share|index|correlation|ratio)$/);
      expect(["flow", "cumulative", "gauge"], m.name).toContain(m.kind);
      expect(m.tables.length, m.name).toBeGreaterThan(0);
      expect(m.definition.length, m.name).toBeGreaterThan(10);
      if (m.kind === "flow") expect([...m.tables].sort(), m.name).toEqual(["summary", "timeseries"]);
      if (m.name.endsWith("_micro")) expect(m.unit, m.name).toBe("micro");
      if (m.name.endsWith("_share")) expect(m.range, m.name).toEqual([0, 1]);
    }
  });

  it("every value of a real run lies in its declared range, exactly", () => {
    const rows = [
      ...[collusion.summary, run("attack-copycat").summary].map((row) => ({ row, metricOf: metricByName })),
      ...collusion.timeseries.map((row) => ({ row, metricOf: metricByTimeseriesColumn })),
    ];
    for (const { row, metricOf } of rows) {
      for (const [name, value] of Object.entries(row)) {
        const range = metricOf(name)?.range;
        if (typeof value !== "number" || range === undefined) continue;
        expect(value, name).toBeGreaterThanOrEqual(range[0]);
        expect(value, name).toBeLessThanOrEqual(range[1]);
      }
    }
  });

  it("timeseries.csv names say the kind: flows plain, cumulative figures _cum, gauges _now; summary.csv keeps the plain names", () => {
    expect(Object.keys(collusion.timeseries[0]!)).toEqual(collusion.timeseriesColumns);
    const columns = collusion.timeseriesColumns;
    expect(columns[0]).toBe("t_h");
    expect(columns).toContain("tasks_completed");
    expect(columns).toContain("whitewash_success_share_cum");
    expect(columns).toContain("treasury_micro_now");
    expect(columns).toContain("agent_reward_gini_now");
    expect(columns).not.toContain("treasury_micro");
    for (const column of columns.slice(1)) {
      const m = metricByTimeseriesColumn(column)!;
      expect(column, m.name).toBe(m.kind === "flow" ? m.name : `${m.name}${m.kind === "cumulative" ? "_cum" : "_now"}`);
      expect(metricByName(column) === undefined, column).toBe(m.kind !== "flow");
    }
    expect(Object.keys(collusion.summary)).toContain("treasury_micro");
    expect(Object.keys(collusion.summary)).toContain("whitewash_success_share");
  });

  it("check's metric-bounds read the catalogue: a column a name pattern would have missed is bounded too", () => {
    const bad = { ...collusion, summary: { ...collusion.summary, reputation_mean_honest: 1.5 } };
    expect(() => checkMetricBounds(bad)).toThrow("summary reputation_mean_honest = 1.5, outside [0, 1]");
    const imbalance = { ...collusion, summary: { ...collusion.summary, ledger_imbalance_micro: 3 } };
    expect(() => checkMetricBounds(imbalance)).toThrow("ledger_imbalance_micro = 3, outside [0, 0]");
  });

  it("compare's defaults are the entries marked for it, all summary columns", () => {
    expect(DEFAULT_COMPARE_METRICS[0]).toBe("duplicate_execution_share");
    expect(DEFAULT_COMPARE_METRICS.length).toBe(METRICS.filter((m) => m.compare !== undefined).length);
    for (const name of DEFAULT_COMPARE_METRICS) expect(metricByName(name)!.tables).toContain("summary");
  });

  it("coordsim metrics prints the catalogue as text and as JSON", async () => {
    const json = await runCli("metrics", "--json");
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { metrics: { name: string; range: unknown }[]; entities: { name: string; kinds: string[] }[] };
    expect(parsed.metrics.map((m) => m.name)).toEqual(METRICS.map((m) => m.name));
    expect(parsed.metrics.find((m) => m.name === "tasks_arrived")!.range).toEqual([0, null]);
    expect(parsed.entities.find((c) => c.name === "stake_micro")!.kinds).toEqual(["validator"]);
    const text = await runCli("metrics");
    expect(text.stdout).toContain("summary.csv:\n  tasks_arrived");
    expect(text.stdout).toMatch(/duplicate_execution_share +share, flow, \[0, 1\], compare default\. Duplicate executions over all executions/);
    expect(text.stdout).toMatch(/timeseries\.csv \(a column's name says its kind[^\n]*\n {2}t_h /);
    expect(text.stdout).toMatch(/\n {2}treasury_micro_now +micro, gauge/);
    expect(parsed.metrics.find((m) => m.name === "whitewash_success_share")).toMatchObject({ timeseries_column: "whitewash_success_share_cum" });
    expect(parsed.metrics.find((m) => m.name === "copy_gain")).toMatchObject({ timeseries_column: null });
  });
});
