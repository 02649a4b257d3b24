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
import { launchChromium, screenshot, visit, type PageVisit } from "./helpers/browser.js";
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
  const results = join(work, kind);
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

/** What every page must satisfy, whatever it charts. */
async function expectCleanPage(v: PageVisit, name: string): Promise<void> {
  await screenshot(v.page, name);
  expect(v.offsite, "requests leaving the machine").toEqual([]);
  expect(v.broken, "failed local requests").toEqual([]);
  expect(v.errors, "console errors").toEqual([]);
  expect(await v.page.locator(".observablehq--error").count(), "cells that threw").toBe(0);
}

async function marks(v: PageVisit, chart: string, kind: string): Promise<number> {
  return v.page.locator(`svg.coordsim-chart[data-chart="${chart}"] .mark.${kind}`).count();
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
      await v.page.selectOption('select[name="x"]', "policies.attribution");
      // Now one line per costPerUnit value (3), over the two policies.
      expect(await marks(v, "sweep", "line")).toBe(3);
      await screenshot(v.page, "sweep-explorer-by-policy");
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("policy comparison: a point and a CI whisker per metric with values, in one panel per metric family", async () => {
    const rows = readCsvRecords(join(sites.compare.results, "compare.csv"));
    const family = (m: string) =>
      /^(duplicate_|wasted_|redundant_)/.test(m) ? "duplication"
      : /^(reputation_|malicious_|false_slash|whitewash|slashes|adversarial_)/.test(m) ? "trust"
      : /gini|jain|theil|_gain|shapley_tv|reward_effort|net_profit/.test(m) ? "fairness"
      : "other";
    const v = await open(sites.compare, "policy-comparison.html", 4);
    try {
      await expectCleanPage(v, "policy-comparison");
      for (const f of ["duplication", "trust", "fairness", "other"]) {
        const inFamily = rows.filter((r) => family(r.metric!) === f);
        const points = inFamily.filter((r) => r.diff !== "").length;
        const whiskers = inFamily.filter((r) => r.ci_low !== "" && r.ci_high !== "").length;
        expect(points, `${f} has compared metrics`).toBeGreaterThan(0);
        expect(await marks(v, `compare-${f}`, "point"), f).toBe(points);
        expect(await marks(v, `compare-${f}`, "whisker"), f).toBe(whiskers);
      }
    } finally {
      await v.close();
    }
  });

  it("a sweep site's run overview shows the sweep's first run", async () => {
    const v = await open(sites.sweep, "run-overview.html", 5);
    try {
      await expectCleanPage(v, "sweep-run-overview");
      const summary = readCsvRecords(join(sites.sweep.results, "runs", "p0-r0", "summary.csv"))[0]!;
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
