// The notebooks built against real results folders, loaded in headless
// Chromium with the network fenced off: no console or cell errors, no request
// leaves the machine, and every chart has the marks its data implies.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite, type ServedSite } from "../src/notebook/serve.js";
import { buildNotebookSite } from "../src/notebook/site.js";
import { readCsvRecords } from "../src/output/runsCsv.js";
import { SI_SUFFIXED, chartsWithoutLegend, expectCleanPage, launchChromium, marks, screenshot, tickLabels, visit, type PageVisit } from "./helpers/browser.js";
import { runCli, tempDir } from "./helpers/cli.js";

const FIXTURE = "test/fixtures/notebook/tiny-sweep.yaml";

interface Site {
  results: string;
  out: string;
  server: ServedSite;
}

const work = tempDir("coordsim-notebook-");
const sites: Record<"run" | "sweep" | "compare", Site> = {} as never;
let browser: Browser;

async function buildSite(kind: keyof typeof sites, produce: string[]): Promise<void> {
  const results = join(work, `${kind}_results`); // an underscore: the index page must show it as written
  const made = await runCli(...produce, "--out", results, "--quiet");
  expect(made.code, made.stderr).toBe(0);
  const out = join(work, `${kind}-site`);
  const built = await runCli("notebook", results, "--out", out, "--quiet");
  expect(built.code, built.stderr).toBe(0);
  sites[kind] = { results, out, server: await serveSite(out, 0) };
}

beforeAll(async () => {
  await buildSite("run", ["run", FIXTURE]);
  await buildSite("sweep", ["sweep", FIXTURE, "--workers", "1"]);
  await buildSite("compare", ["compare", FIXTURE, "--vary", "policies.attribution=uniform,coverage-shapley", "--replicates", "3", "--workers", "1"]);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) await site.server?.close();
});

/** Columns (of `rows`) among `names` with at least one value: one line each. */
function presentColumns(rows: Record<string, string>[], names: readonly string[]): string[] {
  return names.filter((n) => rows.some((r) => (r[n] ?? "") !== ""));
}

const CHARTS_READY = (n: number) => `document.querySelectorAll("svg.coordsim-chart").length >= ${n}`;

async function open(site: Site, page: string, charts: number): Promise<PageVisit> {
  const v = await visit(browser, `${site.server.url}${page}`, CHARTS_READY(charts));
  return v;
}

/** Text of the page without its scripts. */
async function pageText(v: PageVisit): Promise<string> {
  return v.page.locator("main").innerText();
}

describe("notebook sites", () => {
  it("builds the pages each kind of results folder supports, with a marker and no leftovers", () => {
    for (const [kind, pages] of [["run", ["run-overview.html"]], ["sweep", ["run-overview.html", "sweep-explorer.html"]], ["compare", ["run-overview.html", "sweep-explorer.html", "policy-comparison.html"]]] as const) {
      const marker = JSON.parse(readFileSync(join(sites[kind].out, ".coordsim-notebooks.json"), "utf8")) as { pages: string[] };
      expect(marker.pages).toEqual(["index.html", ...pages]);
      for (const p of marker.pages) expect(existsSync(join(sites[kind].out, p))).toBe(true);
    }
  });

  it("index page links every built notebook, offline", async () => {
    const v = await visit(browser, `${sites.compare.server.url}index.html`, `document.querySelectorAll("a[href$='.html']").length >= 3`);
    try {
      await expectCleanPage(v, "compare-index");
      const links = await v.page.locator("a[href$='.html']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      expect(links).toEqual(["./run-overview.html", "./sweep-explorer.html", "./policy-comparison.html"]);
      const text = await pageText(v);
      expect(text).toContain(`Built from ${sites.compare.results}, which holds a sweep of 6 runs`);
      expect(text).toContain("compare_results");
      expect(text).not.toMatch(/&#|&amp;|&lt;/);
    } finally {
      await v.close();
    }
  });

  it("index page of a sweep it cannot compare: the reason, with the command as code, escaped once", async () => {
    const v = await visit(browser, `${sites.sweep.server.url}index.html`, `document.querySelectorAll("a[href$='.html']").length >= 2`);
    try {
      await expectCleanPage(v, "sweep-index");
      const text = await pageText(v);
      expect(text).not.toMatch(/&#|&amp;|&lt;/);
      expect(text).toContain("sweep_results");
      expect(await v.page.locator("li code").allTextContents()).toContain("coordsim compare <scenario> --vary <path>=a,b");
    } finally {
      await v.close();
    }
  });

  it("run overview: one line per metric with data, one Lorenz curve per rewarded kind, Gini matching summary.csv", async () => {
    const runDir = sites.run.results;
    const ts = readCsvRecords(join(runDir, "timeseries.csv"));
    const entities = readCsvRecords(join(runDir, "entities.csv"));
    const summary = readCsvRecords(join(runDir, "summary.csv"))[0]!;
    const v = await open(sites.run, "run-overview.html", 5);
    try {
      await expectCleanPage(v, "run-overview");
      const expected: Record<string, number> = {
        duplication: presentColumns(ts, ["duplicate_execution_share", "duplicate_upload_share", "redundant_data_share"]).length,
        trust: presentColumns(ts, ["reputation_auc_now", "malicious_served_share", "false_slash_share", "whitewash_success_share_cum"]).length,
        fairness: presentColumns(ts, ["provider_reward_gini_now", "agent_reward_gini_now"]).length,
        reputation: presentColumns(ts, ["reputation_mean_honest_now", "reputation_mean_adversarial_now"]).length,
      };
      const rewarded = [...new Set(entities.map((e) => e.kind!))].filter((k) => {
        const xs = entities.filter((e) => e.kind === k).map((e) => Number(e.reward_micro));
        return xs.length >= 2 && xs.reduce((a, b) => a + b, 0) > 0;
      });
      expected.lorenz = rewarded.length;
      for (const [chart, n] of Object.entries(expected)) {
        expect(n, `fixture gives ${chart} data`).toBeGreaterThan(0);
        expect(await marks(v, chart, "line"), chart).toBe(n);
      }
      const legend = await v.page.locator('svg.coordsim-chart[data-chart="lorenz"]').textContent();
      expect(legend).toContain(`Gini ${Number(summary.provider_reward_gini).toFixed(3)}`);
      expect(legend).toContain(`Gini ${Number(summary.agent_reward_gini).toFixed(3)}`);
      // Every chart names its series, a single one too (one legend entry per line).
      expect(await chartsWithoutLegend(v)).toEqual([]);
      for (const chart of ["duplication", "trust", "fairness", "reputation"]) {
        const entries = await v.page.locator(`svg.coordsim-chart[data-chart="${chart}"] .legend-item`).allTextContents();
        expect(entries, chart).toEqual(await v.page.locator(`svg.coordsim-chart[data-chart="${chart}"] .mark.line`).evaluateAll((ls) => ls.map((l) => l.getAttribute("data-series"))));
      }
      const ticks = await tickLabels(v);
      expect(ticks.length).toBeGreaterThan(20);
      expect(ticks.filter((t) => SI_SUFFIXED.test(t))).toEqual([]);
      // Gini and reputation axes are plain decimals (0.0 … 1.0), shares percentages.
      expect(await v.page.locator('svg.coordsim-chart[data-chart="fairness"] .axis-y .tick text').allTextContents()).toEqual(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
      expect(await v.page.locator('[data-field="run"]').textContent()).toBe("a single run (coordsim run)");
    } finally {
      await v.close();
    }
  });

  it("sweep explorer: a line and a band per policy, a point per run, redrawn when the metric or axis changes", async () => {
    const runs = readCsvRecords(join(sites.sweep.results, "runs.csv")).filter((r) => r.status === "ok");
    const withValue = (metric: string) => runs.filter((r) => (r[metric] ?? "") !== "").length;
    const v = await open(sites.sweep, "sweep-explorer.html", 1);
    try {
      await expectCleanPage(v, "sweep-explorer");
      // Defaults: x = the numeric axis (costPerUnit), one line per attribution policy, and a
      // metric the sweep moves (duplicate_execution_share is the same at every point here).
      expect(await v.page.locator('select[name="x"]').inputValue()).toBe("providers.costPerUnit");
      expect(await v.page.locator('select[name="metric"]').inputValue()).toBe("copy_gain");
      expect(await marks(v, "sweep", "line")).toBe(2);
      expect(await marks(v, "sweep", "band")).toBe(2);
      expect(await marks(v, "sweep", "point")).toBe(withValue("copy_gain"));
      await v.page.selectOption('select[name="metric"]', "duplicate_execution_share");
      expect(withValue("duplicate_execution_share")).toBe(12);
      expect(await marks(v, "sweep", "point")).toBe(12);
      expect((await tickLabels(v)).filter((t) => SI_SUFFIXED.test(t))).toEqual([]);
      await v.page.selectOption('select[name="x"]', "policies.attribution");
      // Now one series per costPerUnit value (3) over the two policies: categorical x,
      // so no line joins the policies; a mean tick and a box per series instead.
      expect(await marks(v, "sweep", "line")).toBe(0);
      expect(await marks(v, "sweep", "mean")).toBe(3);
      expect(await marks(v, "sweep", "band")).toBe(3);
      expect(await v.page.locator('svg[data-chart="sweep"] .legend-item').count()).toBe(3);
      await screenshot(v.page, "sweep-explorer-by-policy");
      // Money in units: treasury_micro is drawn divided by 10^6, and the axis says so.
      await v.page.selectOption('select[name="metric"]', "treasury_micro");
      expect(await v.page.locator('svg[data-chart="sweep"] .axis-label-y').textContent()).toBe("treasury (units)");
      const money = (await v.page.locator('svg[data-chart="sweep"] .axis-y .tick text').allTextContents()).map((t) => Number(t.replace(/,/g, "").replace("−", "-")));
      const top = Math.max(...runs.map((r) => Number(r.treasury_micro))) / 1e6;
      expect(top).toBeGreaterThan(1);
      expect(Math.max(...money)).toBeGreaterThanOrEqual(top * 0.8);
      expect(Math.max(...money)).toBeLessThanOrEqual(top * 2);
      expect((await tickLabels(v)).filter((t) => SI_SUFFIXED.test(t))).toEqual([]);
      await screenshot(v.page, "sweep-explorer-money");
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("policy comparison: one table per metric family with mean A, mean B, B − A, relative change and effect size, bars on one shared scale", async () => {
    const rows = readCsvRecords(join(sites.compare.results, "compare.csv"));
    const family = (m: string) =>
      /^(duplicate_|wasted_|redundant_)/.test(m) ? "duplication"
      : /^(reputation_|malicious_|false_slash|whitewash|slashes|adversarial_)/.test(m) ? "trust"
      : /gini|jain|theil|_gain|shapley_tv|reward_effort|net_profit/.test(m) ? "fairness"
      : "other";
    const v = await visit(browser, `${sites.compare.server.url}policy-comparison.html`, `document.querySelectorAll("table.coordsim-compare").length >= 4`);
    try {
      await expectCleanPage(v, "policy-comparison");
      const relative = (r: Record<string, string>) => {
        const a = Number(r.mean_a), b = Number(r.mean_b);
        return r.mean_a === "" || r.mean_b === "" ? null : a === b ? 0 : a === 0 ? null : (b - a) / Math.abs(a);
      };
      for (const f of ["duplication", "trust", "fairness", "other"]) {
        const inFamily = rows.filter((r) => family(r.metric!) === f);
        expect(inFamily.length, `${f} has compared metrics`).toBeGreaterThan(0);
        const table = v.page.locator(`table.coordsim-compare[data-table="compare-${f}"]`);
        expect(await table.locator("th .column-title").allTextContents(), f)
          .toEqual(["metric", "mean A", "mean B", "B − A [95% CI]", "relative change", "effect size d", "p (Holm)"]);
        expect(await table.locator("tbody tr").count()).toBe(inFamily.length);
        expect(await table.locator('.mark.bar[data-column="relative_change"]').count(), f).toBe(inFamily.filter((r) => relative(r) !== null).length);
        expect(await table.locator('.mark.bar[data-column="effect_size"]').count(), f).toBe(inFamily.filter((r) => r.effect_size !== "").length);
      }
      // One scale for every row of every table: the same limits under each column title.
      const limits = await v.page.locator("th svg.scale").evaluateAll((ss) => ss.map((s) => s.textContent));
      expect(limits.length).toBe(8);
      expect(new Set(limits.filter((_, i) => i % 2 === 0)).size).toBe(1);
      expect(new Set(limits.filter((_, i) => i % 2 === 1)).size).toBe(1);
      // Money in units of currency, shares in percent.
      const money = rows.find((r) => r.metric === "net_profit_micro_provider")!;
      const cell = await v.page.locator('tr[data-metric="net_profit_micro_provider"] td[data-column="mean_a"]').textContent();
      expect(Number(cell!.replace(/,/g, ""))).toBeCloseTo(Number(money.mean_a) / 1e6, -1);
      expect(await v.page.locator('tr[data-metric="net_profit_micro_provider"] td[data-column="metric"]').textContent()).toBe("net_profit_provider (units)");
      expect(await v.page.locator('tr[data-metric="duplicate_execution_share"] td[data-column="mean_a"]').textContent()).toMatch(/^\d+(\.\d+)?%$/);
      expect(await pageText(v)).not.toMatch(/\d[kMG]\b/);
    } finally {
      await v.close();
    }
  });

  it("a sweep site's run overview shows the sweep's first run", async () => {
    const v = await open(sites.sweep, "run-overview.html", 5);
    try {
      await expectCleanPage(v, "sweep-run-overview");
      const summary = readCsvRecords(join(sites.sweep.results, "runs", "p0-r0", "summary.csv"))[0]!;
      // Which run of the sweep this is: its id, replicate and grid values.
      const field = (k: string) => v.page.locator(`[data-field="${k}"]`).textContent();
      expect(await field("run")).toBe("p0-r0 (replicate 0 of 2, numbered from 0)");
      expect(await field("policies.attribution")).toBe("uniform");
      expect(await field("providers.costPerUnit")).toBe("250");
      expect(await v.page.locator('svg.coordsim-chart[data-chart="lorenz"]').textContent()).toContain(`Gini ${Number(summary.provider_reward_gini).toFixed(3)}`);
    } finally {
      await v.close();
    }
  });

  it("the network fence catches a notebook that loads code from a CDN (Notebook Kit's .csv() helper)", async () => {
    const out = join(work, "cdn-site");
    await buildNotebookSite(sites.run.results, { out, notebooksDir: "test/fixtures/notebook/cdn" });
    const server = await serveSite(out, 0);
    try {
      const v = await visit(browser, `${server.url}run-overview.html`, "true");
      try {
        await v.page.waitForFunction('document.querySelector(".observablehq--error") !== null', undefined, { timeout: 20_000 });
        expect(v.offsite.some((u) => u.startsWith("https://cdn.jsdelivr.net/"))).toBe(true);
      } finally {
        await v.close();
      }
    } finally {
      await server.close();
    }
  });
});
