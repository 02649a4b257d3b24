// The notebooks of design sweeps in headless Chromium: real tiny sobol and
// morris sweeps analysed by `coordsim sensitivity`. The sensitivity page draws
// one point and one whisker per factor and index, ranks the factors as
// sensitivity.csv does, and splits every metric's variance; the sweep explorer
// of a design draws one scatter panel per factor instead of grid lines.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite, type ServedSite } from "../src/notebook/serve.js";
import { readCsvRecords } from "../src/output/runsCsv.js";
import { SI_SUFFIXED, chartsWithoutLegend, expectCleanPage, launchChromium, marks, tickLabels, visit, type PageVisit } from "./helpers/browser.js";
import { runCli, tempDir } from "./helpers/cli.js";

const work = tempDir("coordsim-notebook-designs-");
const FACTORS = ["tasks.rate", "agents.count", "policies.attribution"];

interface Site {
  results: string;
  out: string;
  server: ServedSite;
  /** Pages and skip reasons the first build (before `coordsim sensitivity`) recorded. */
  before: { pages: string[]; skipped: string[] };
}

const sites: Record<"sobol" | "morris", Site> = {} as never;
let browser: Browser;

async function notebook(results: string, out: string): Promise<{ pages: string[]; skipped: string[] }> {
  const built = await runCli("notebook", results, "--out", out, "--quiet");
  expect(built.code, built.stderr).toBe(0);
  return JSON.parse(readFileSync(join(out, ".coordsim-notebooks.json"), "utf8")) as { pages: string[]; skipped: string[] };
}

/** Sweep, build once without sensitivity.csv, analyse, build again and serve. */
async function buildSite(kind: keyof typeof sites): Promise<void> {
  const results = join(work, kind);
  const swept = await runCli("sweep", `test/fixtures/sweeps/tiny-${kind}.yaml`, "--out", results, "--workers", "1", "--quiet");
  expect(swept.code, swept.stderr).toBe(0);
  const out = join(work, `${kind}-site`);
  const before = await notebook(results, out);
  const analysed = await runCli("sensitivity", results, "--quiet");
  expect(analysed.code, analysed.stderr).toBe(0);
  await notebook(results, out);
  sites[kind] = { results, out, server: await serveSite(out, 0), before };
}

beforeAll(async () => {
  await buildSite("sobol");
  await buildSite("morris");
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) await site.server?.close();
});

type Row = Record<string, string>;
const sensitivity = (kind: keyof typeof sites): Row[] => readCsvRecords(join(sites[kind].results, "sensitivity.csv"));
const cell = (rows: Row[], metric: string, factor: string, index: string) => rows.find((r) => r.metric === metric && r.factor === factor && r.index === index);
/** Metrics whose every drawn index has an estimate and an interval. */
const fullyEstimated = (rows: Row[], indices: string[]) =>
  [...new Set(rows.map((r) => r.metric!))].filter((m) => FACTORS.every((f) => indices.every((i) => cell(rows, m, f, i)?.ci_low !== "" && cell(rows, m, f, i)?.ci_high !== "")));
/** Factors ranked as the page must rank them: by `index`, descending, ties in scenario order. */
const ranked = (rows: Row[], metric: string, index: string) =>
  FACTORS.map((f, i) => ({ f, i, v: Number(cell(rows, metric, f, index)!.estimate) })).sort((a, b) => b.v - a.v || a.i - b.i).map((d) => d.f);

async function openSensitivity(kind: keyof typeof sites): Promise<PageVisit> {
  return visit(browser, `${sites[kind].server.url}sensitivity.html`, `document.querySelectorAll('svg.coordsim-chart[data-chart="variance-split"]').length === 1`);
}

describe("design sweep notebooks", () => {
  it("the index says how to get the sensitivity page, and lists it once sensitivity.csv exists", async () => {
    const { before } = sites.sobol;
    expect(before.pages).not.toContain("sensitivity.html");
    expect(before.skipped.find((s) => s.startsWith("Sensitivity:"))).toContain(`\`coordsim sensitivity ${sites.sobol.results}\``);
    const v = await visit(browser, `${sites.sobol.server.url}index.html`, `document.querySelectorAll("a[href$='.html']").length >= 3`);
    try {
      await expectCleanPage(v, "sobol-index");
      expect(await v.page.locator("a[href$='.html']").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(["./run-overview.html", "./sweep-explorer.html", "./sensitivity.html"]);
    } finally {
      await v.close();
    }
  });

  it("sobol: S1 and ST per factor with whiskers, ranked by ST, a table matching sensitivity.csv, and every metric's variance split", async () => {
    const rows = sensitivity("sobol");
    const metrics = [...new Set(rows.map((r) => r.metric!))];
    const v = await openSensitivity("sobol");
    try {
      await expectCleanPage(v, "sensitivity-sobol");
      // Default: the file's first metric, which the tiny design estimates fully.
      const metric = metrics[0]!;
      expect(await v.page.locator('select[name="metric"]').inputValue()).toBe(metric);
      expect(fullyEstimated(rows, ["S1", "ST"])).toContain(metric);
      expect(await marks(v, "indices", "whisker")).toBe(FACTORS.length * 2);
      expect(await marks(v, "indices", "point")).toBe(FACTORS.length * 2);
      expect(await v.page.locator('svg[data-chart="indices"] .legend-item').allTextContents()).toEqual(["S1 (first-order)", "ST (total)"]);
      // Rows of the chart and the table in ST order.
      const order = ranked(rows, metric, "ST");
      expect(await v.page.locator('svg[data-chart="indices"] .axis-y .tick text').allTextContents()).toEqual(order);
      expect(await v.page.locator('table.coordsim-sensitivity tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-factor")))).toEqual(order);
      expect(await v.page.locator("table.coordsim-sensitivity th").allTextContents()).toEqual(["rank", "factor", "S1 [95% CI]", "ST [95% CI]"]);
      // One formatter: the top factor's ST to 3 significant digits, with its interval.
      const st = cell(rows, metric, order[0]!, "ST")!;
      const three = (x: string) => String(Number(Number(x).toPrecision(3)));
      expect(await v.page.locator(`tr[data-factor="${order[0]}"] td[data-index="ST"]`).textContent()).toBe(`${three(st.estimate!)} [${three(st.ci_low!)}, ${three(st.ci_high!)}]`);
      // The variance split: two bars for every metric that has one.
      const split = metrics.filter((m) => cell(rows, m, "*", "noise_share")!.estimate !== "");
      expect(split.length).toBeGreaterThan(0);
      expect(await marks(v, "variance-split", "bar")).toBe(split.length * 2);
      expect(await v.page.locator('svg[data-chart="variance-split"] .axis-y .tick text').allTextContents()).toEqual(metrics);
      expect(await chartsWithoutLegend(v)).toEqual([]);
      expect((await tickLabels(v)).filter((t) => SI_SUFFIXED.test(t))).toEqual([]);
      // A metric with no estimates (no copiers, so no copy gain): an empty chart saying so.
      const empty = metrics.find((m) => FACTORS.every((f) => cell(rows, m, f, "ST")!.estimate === ""));
      expect(empty).toBeDefined();
      await v.page.selectOption('select[name="metric"]', empty!);
      expect(await marks(v, "indices", "whisker")).toBe(0);
      expect(await v.page.locator('svg[data-chart="indices"] .no-data').textContent()).toBe(`no data: sensitivity.csv has no estimates for ${empty}`);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("morris: μ* and σ per factor with whiskers, ranked by μ*, and the μ*–σ plane with a point per factor", async () => {
    const rows = sensitivity("morris");
    const metric = rows[0]!.metric!;
    const v = await openSensitivity("morris");
    try {
      await expectCleanPage(v, "sensitivity-morris");
      expect(fullyEstimated(rows, ["mu_star", "sigma"])).toContain(metric);
      expect(await marks(v, "indices", "whisker")).toBe(FACTORS.length * 2);
      expect(await v.page.locator('svg[data-chart="indices"] .legend-item').allTextContents()).toEqual(["μ* (mean |effect|)", "σ (spread of effects)"]);
      expect(await v.page.locator('svg[data-chart="indices"] .axis-y .tick text').allTextContents()).toEqual(ranked(rows, metric, "mu_star"));
      expect(await marks(v, "morris-plane", "point")).toBe(FACTORS.length);
      expect(await v.page.locator('svg[data-chart="morris-plane"] .point-label').allTextContents()).toEqual(FACTORS);
      // A share's effects are in percentage points.
      expect(metric).toBe("duplicate_execution_share");
      expect(await v.page.locator("table.coordsim-sensitivity th").allTextContents()).toEqual(["rank", "factor", "μ* (pp) [95% CI]", "μ (pp) [95% CI]", "σ (pp) [95% CI]"]);
      const top = cell(rows, metric, ranked(rows, metric, "mu_star")[0]!, "mu_star")!;
      const cellText = await v.page.locator("table.coordsim-sensitivity tbody tr").first().locator('td[data-index="mu_star"]').textContent();
      expect(Number(cellText!.split(" ")[0])).toBeCloseTo(Number(top.estimate) * 100, 0);
      expect(await chartsWithoutLegend(v)).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("the sweep explorer of a design: one scatter panel per factor, a point per run or per design point", async () => {
    const runs = readCsvRecords(join(sites.sobol.results, "runs.csv")).filter((r) => r.status === "ok");
    const v = await visit(browser, `${sites.sobol.server.url}sweep-explorer.html`, `document.querySelectorAll('svg[data-chart="design-scatter"]').length >= 3`);
    try {
      await expectCleanPage(v, "sweep-explorer-sobol");
      const metric = await v.page.locator('select[name="metric"]').inputValue();
      const panels = v.page.locator('svg.coordsim-chart[data-chart="design-scatter"]');
      expect(await panels.evaluateAll((ss) => ss.map((s) => s.getAttribute("data-factor")))).toEqual(FACTORS);
      const withValue = runs.filter((r) => (r[metric] ?? "") !== "").length;
      expect(withValue).toBeGreaterThan(0);
      for (const factor of FACTORS) expect(await v.page.locator(`svg[data-factor="${factor}"] .mark.point`).count(), factor).toBe(withValue);
      // The categorical factor is drawn as strips, with a mean per value; the log-uniform one on a log axis ticked at its ends.
      expect(await v.page.locator('svg[data-factor="policies.attribution"] .mark.mean').count()).toBe(2);
      expect(await v.page.locator('svg[data-factor="policies.attribution"] .axis-x .tick text').allTextContents()).toEqual(["uniform", "volume"]);
      expect(await v.page.locator('svg[data-factor="tasks.rate"] .axis-x .tick text').allTextContents()).toEqual(["0.5", "1", "2", "4"]);
      expect(await v.page.locator('svg[data-factor="tasks.rate"] .axis-label-x').textContent()).toBe("tasks.rate (log scale)");
      expect(await chartsWithoutLegend(v)).toEqual([]);
      expect((await tickLabels(v)).filter((t) => SI_SUFFIXED.test(t))).toEqual([]);
      await v.page.selectOption('select[name="points"]', "points");
      const points = new Set(runs.filter((r) => (r[metric] ?? "") !== "").map((r) => r.point)).size;
      expect(points).toBe(20);
      for (const factor of FACTORS) expect(await v.page.locator(`svg[data-factor="${factor}"] .mark.point`).count(), factor).toBe(points);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });
});
