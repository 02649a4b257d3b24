// The notebooks of search folders in headless Chromium: one small real
// `coordsim optimize` run (claim latency, 3 generations of 4), one small
// `coordsim attack` run (copycat, 2 generations of 6), the claim-latency search
// with a front of three objectives (pareto.csv), and a worst_case: attack search
// (one generation, an inner attack search per candidate). Convergence: a point per candidate, a whisker
// per generation, the best so far ending at optimize.json's best; strongest
// attack: a point per attacker parameter inside its track, the --against text;
// Pareto front: a point and a whisker per feasible candidate, pareto.csv's
// members highlighted, the objective selects, a table row per member.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite, type ServedSite } from "../src/notebook/serve.js";
import { readCsvRecords } from "../src/output/runsCsv.js";
import { SI_SUFFIXED, chartsWithoutLegend, expectCleanPage, launchChromium, marks, tickLabels, visit, type PageVisit } from "./helpers/browser.js";
import { runCli, tempDir } from "./helpers/cli.js";
import { dominates, type FrontSpec } from "./helpers/paretoFixture.js";

const work = tempDir("coordsim-notebook-search-");
const FRONT: FrontSpec[] = [
  { expression: "duplicate_execution_share", sense: "minimize" },
  { expression: "mean_latency_h", sense: "minimize" },
  { expression: "value_delivered_micro", sense: "maximize" },
];

interface Site {
  results: string;
  server: ServedSite;
  marker: { pages: string[]; skipped: string[] };
}
const sites: Record<"optimize" | "attack" | "pareto" | "worst", Site> = {} as never;
let browser: Browser;

async function build(kind: keyof typeof sites, results: string): Promise<void> {
  const out = join(work, `${kind}-site`);
  const built = await runCli("notebook", results, "--out", out, "--quiet");
  expect(built.code, built.stderr).toBe(0);
  sites[kind] = { results, server: await serveSite(out, 0), marker: JSON.parse(readFileSync(join(out, ".coordsim-notebooks.json"), "utf8")) };
}

beforeAll(async () => {
  const optimize = join(work, "optimize");
  const o = await runCli("optimize", "scenarios/optimize-claim-latency.yaml", "--set", "optimize.budget=12", "--workers", "2", "--out", optimize, "--quiet");
  expect(o.code, o.stderr).toBe(0);
  const attack = join(work, "attack");
  const a = await runCli("attack", "scenarios/attack-copycat-search.yaml", "--against", "policies.attribution=uniform", "--set", "attack.budget=12", "--set", "duration=96", "--threshold", "3", "--workers", "2", "--out", attack, "--quiet");
  expect(a.code, a.stderr).toBe(0);
  // The claim-latency block with a front; and the copycat world with an optimize block scored against the strongest attack on each candidate.
  const frontBlock = (objectives: FrontSpec[]) => `  front:\n${objectives.map((o) => `    - ${o.sense}: ${o.expression}`).join("\n")}\n`;
  const frontScenario = join(work, "front.yaml");
  writeFileSync(frontScenario, `${readFileSync("scenarios/optimize-claim-latency.yaml", "utf8")}${frontBlock(FRONT)}`);
  const pareto = join(work, "pareto");
  const p = await runCli("optimize", frontScenario, "--set", "optimize.budget=12", "--workers", "2", "--out", pareto, "--quiet");
  expect(p.code, p.stderr).toBe(0);
  const worstScenario = join(work, "worst.yaml");
  const copycat = readFileSync("scenarios/attack-copycat-search.yaml", "utf8").replace(/^duration: 300$/m, "duration: 48").replace(/^ {2}budget: 18 .*$/m, "  budget: 6");
  writeFileSync(worstScenario, `${copycat}optimize:\n  factors:\n    models.feePerCall: { integer: [10000, 50000] }\n  minimize: copy_gain\n  budget: 4\n  replicates: 2\n` +
    `${frontBlock([{ expression: "copy_gain", sense: "minimize" }, { expression: "value_delivered_micro", sense: "maximize" }])}  worst_case: attack\n`);
  const worst = join(work, "worst");
  const w = await runCli("optimize", worstScenario, "--workers", "2", "--out", worst, "--quiet");
  expect(w.code, w.stderr).toBe(0);
  await build("optimize", optimize);
  await build("worst", worst);
  await build("attack", attack);
  await build("pareto", pareto);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) await site.server?.close();
});

type Row = Record<string, string>;
const generations = (kind: keyof typeof sites): Row[] => readCsvRecords(join(sites[kind].results, "generations.csv"));
const state = (kind: keyof typeof sites) => JSON.parse(readFileSync(join(sites[kind].results, "optimize.json"), "utf8")) as {
  objective: string; best: { generation: number; candidate: number; values: Record<string, number> }; factors: Record<string, { uniform: [number, number] }>;
};
const open = (kind: keyof typeof sites, page: string, ready: string): Promise<PageVisit> => visit(browser, `${sites[kind].server.url}${page}`, ready);
const bodyText = (v: PageVisit) => v.page.locator("body").innerText();

describe("search folder notebooks", () => {
  it("the index lists the search pages that apply and says why the others are not built", async () => {
    expect(sites.optimize.marker.pages).toEqual(["index.html", "run-overview.html", "search-convergence.html"]);
    expect(sites.optimize.marker.skipped.map((s) => s.split(":")[0])).toEqual(["Strongest attack", "Pareto front", "Sweep explorer, policy comparison and sensitivity"]);
    expect(sites.attack.marker.pages).toEqual(["index.html", "run-overview.html", "search-convergence.html", "strongest-attack.html"]);
    expect(sites.pareto.marker.pages).toEqual(["index.html", "run-overview.html", "search-convergence.html", "pareto-front.html"]);
    const v = await open("optimize", "index.html", `document.querySelectorAll("a[href$='.html']").length >= 2`);
    try {
      await expectCleanPage(v, "search-index");
      expect(await v.page.locator("a[href$='.html']").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(["./run-overview.html", "./search-convergence.html"]);
      const text = await bodyText(v);
      expect(text).toContain("minimize duplicate_execution_share over policies.coordination.params.latency; 3 generations, 12 candidates");
      expect(text).toContain("Pareto front: needs pareto.csv");
    } finally {
      await v.close();
    }
  });

  it("the run overview shows the best candidate's first run", async () => {
    const best = state("optimize").best;
    const v = await open("optimize", "run-overview.html", `document.querySelector('dd[data-field="run"]') !== null`);
    try {
      await expectCleanPage(v, "search-run-overview");
      expect(await v.page.locator('dd[data-field="search"]').textContent()).toBe(`best candidate: generation ${best.generation}, candidate ${best.candidate}`);
      expect(await v.page.locator('dd[data-field="run"]').textContent()).toMatch(new RegExp(`^p${best.candidate}-r0 `));
      expect(Number(await v.page.locator('dd[data-field="policies.coordination.params.latency"]').textContent())).toBe(best.values["policies.coordination.params.latency"]);
    } finally {
      await v.close();
    }
  });

  it("convergence: a point per candidate, a whisker per generation, the best so far ending at optimize.json's best, a path per factor", async () => {
    const rows = generations("optimize");
    const { best, objective } = state("optimize");
    const v = await open("optimize", "search-convergence.html", `document.querySelectorAll('svg[data-chart="factor-path"]').length === 1`);
    try {
      await expectCleanPage(v, "search-convergence");
      expect(await v.page.locator('svg[data-chart="convergence"] .chart-title').textContent()).toBe(`minimize ${objective}: best so far by generation`);
      expect(await marks(v, "convergence", "point")).toBe(rows.length);
      expect(await v.page.locator('svg[data-chart="convergence"] .mark.point[data-feasible="1"]').count()).toBe(rows.filter((r) => r.feasible === "1").length);
      expect(await marks(v, "convergence", "whisker")).toBe(3);
      expect(await marks(v, "convergence", "line")).toBe(1);
      const last = await v.page.locator('svg[data-chart="convergence"] .mark.whisker title').last().textContent();
      expect(last).toContain(`(generation ${best.generation}, candidate ${best.candidate})`);
      // The best's interval is mean ± 1.96·SE, in percent (a share) by format.js.
      const b = rows.find((r) => Number(r.generation) === best.generation && Number(r.candidate) === best.candidate)!;
      const pct = (x: number) => `${Number((x * 100).toPrecision(3))}%`;
      expect(last).toContain(`${pct(Number(b.objective_mean))} ± ${pct(1.959963984540054 * Number(b.objective_se))} (95%)`);
      const yTicks = await v.page.locator('svg[data-chart="convergence"] .axis-y .tick text').allTextContents();
      expect(yTicks.length).toBeGreaterThan(1);
      expect(yTicks.filter((t) => !t.endsWith("%"))).toEqual([]);
      expect(await v.page.locator('svg[data-chart="convergence"] .legend-item').allTextContents()).toEqual(["best so far (95% interval)", "feasible candidate"]);
      // The factor's path on its whole range [0, 4].
      const path = v.page.locator('svg[data-chart="factor-path"][data-factor="policies.coordination.params.latency"]');
      expect(await path.locator(".mark.point").count()).toBe(rows.length);
      expect(await path.locator(".mark.line.best").count()).toBe(1);
      const ticks = await path.locator(".axis-y .tick text").allTextContents();
      expect([ticks[0], ticks.at(-1)]).toEqual(["0", "4"]);
      expect(await bodyText(v)).toMatch(/CMA-ES step size σ \(in the unit cube of the factors' ranges\): 0\.3 at the start, [\d.]+ after the last generation/);
      expect(await bodyText(v)).not.toMatch(/NaN|undefined/);
      expect(await chartsWithoutLegend(v)).toEqual([]);
      expect((await tickLabels(v)).filter((t) => SI_SUFFIXED.test(t))).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("strongest attack: the --against text, each parameter inside its track, the gain of every attack tried", async () => {
    const rows = generations("attack");
    const { best, factors } = state("attack");
    const v = await open("attack", "strongest-attack.html", `document.querySelector('svg[data-chart="attack-gains"]') !== null`);
    try {
      await expectCleanPage(v, "strongest-attack");
      expect(await v.page.locator('dd[data-field="against"]').textContent()).toBe("policies.attribution=uniform; with --set attack.budget=12, duration=96");
      expect(await v.page.locator('dd[data-field="cap"]').textContent()).toBe("providers_broke <= 0");
      // --threshold 3, read back from attack-junit.xml, drawn as a dashed line.
      expect(await v.page.locator('dd[data-field="threshold"]').textContent()).toBe("3: held (no attack under the cap gains more)");
      expect(await v.page.locator('svg[data-chart="attack-gains"] line.threshold').count()).toBe(1);
      expect(await v.page.locator('dd[data-field="gain"]').textContent()).toMatch(new RegExp(`^copy_gain = [\\d.]+ ± [\\d.]+ \\(95%\\) \\(generation ${best.generation}, candidate ${best.candidate}\\)$`));
      expect(await v.page.locator('dd[data-field="attack"]').textContent()).toContain("providers.nearCopyShare=");
      // Each value at its place on its own range [lo, hi]: the point's x over the track's width.
      const names = Object.keys(factors);
      expect(await marks(v, "attack-parameters", "point")).toBe(names.length);
      const width = Number(await v.page.locator('svg[data-chart="attack-parameters"] .track rect').first().getAttribute("width"));
      for (const name of names) {
        const cx = Number(await v.page.locator(`svg[data-chart="attack-parameters"] .mark.point[data-factor="${name}"]`).getAttribute("cx"));
        const [lo, hi] = factors[name]!.uniform;
        expect(cx / width, name).toBeCloseTo((best.values[name]! - lo) / (hi - lo), 6);
      }
      expect(await marks(v, "attack-gains", "point")).toBe(rows.length);
      expect(await v.page.locator('svg[data-chart="attack-gains"] .legend-item').allTextContents()).toEqual(["best so far (95% interval)", "threshold 3", "attack under the cap"]);
      expect(await marks(v, "attack-gains", "whisker")).toBe(new Set(rows.map((r) => r.generation)).size);
      // The strongest so far is the highest gain (the attack maximises), ending at optimize.json's best.
      expect(await v.page.locator('svg[data-chart="attack-gains"] .mark.whisker title').last().textContent()).toContain(`(generation ${best.generation}, candidate ${best.candidate})`);
      expect(await bodyText(v)).not.toMatch(/NaN|undefined/);
      expect(await chartsWithoutLegend(v)).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("Pareto front: a point and whiskers per feasible candidate, pareto.csv's members joined, selects for 3 objectives, a table of members", async () => {
    const rows = generations("pareto");
    const front = readCsvRecords(join(sites.pareto.results, "pareto.csv"));
    const feasible = rows.filter((r) => r.feasible === "1");
    // The fixture's front is a real one: more than one member, and not every candidate.
    expect(front.length).toBeGreaterThan(1);
    expect(front.length).toBeLessThan(feasible.length);
    const means = (r: Row) => FRONT.map((o) => Number(r[`front_mean:${o.expression}`]));
    for (const m of front) expect(feasible.some((q) => dominates(means(q), means(m), FRONT))).toBe(false);
    const v = await open("pareto", "pareto-front.html", `document.querySelector('table.coordsim-pareto') !== null`);
    try {
      await expectCleanPage(v, "pareto-front");
      expect(await marks(v, "pareto", "point")).toBe(feasible.length);
      expect(await marks(v, "pareto", "whisker")).toBe(feasible.length);
      expect(await v.page.locator('svg[data-chart="pareto"] .mark.point[data-front="1"]').count()).toBe(front.length);
      expect(await marks(v, "pareto", "line")).toBe(1);
      expect(await v.page.locator("table.coordsim-pareto tbody tr").count()).toBe(front.length);
      expect(await v.page.locator("table.coordsim-pareto th").allTextContents()).toEqual([
        "generation", "candidate", "policies.coordination.params.latency",
        "duplicate_execution_share (share, %) (minimize)", "mean_latency_h (simulated hours) (minimize)", "value_delivered (units) (maximize)",
      ]);
      // Money in units (format.js): value_delivered_micro / 1e6.
      const money = Number(front[0]!["front_mean:value_delivered_micro"]) / 1e6;
      const shown = (await v.page.locator("table.coordsim-pareto tbody tr").first().locator("td").last().textContent())!;
      expect(Number(shown.split(" ")[0]!.replace(/,/g, ""))).toBeCloseTo(money, -1);
      expect(await v.page.locator('svg[data-chart="pareto"] .chart-title').textContent()).toBe("Pareto front: duplicate_execution_share (minimize) against mean_latency_h (minimize)");
      await v.page.selectOption('select[name="y"]', "value_delivered_micro");
      expect(await v.page.locator('svg[data-chart="pareto"] .chart-title').textContent()).toBe("Pareto front: duplicate_execution_share (minimize) against value_delivered_micro (maximize)");
      expect(await marks(v, "pareto", "point")).toBe(feasible.length);
      expect(await v.page.locator('svg[data-chart="pareto"] .axis-label-y').textContent()).toBe("value_delivered (units), higher is better");
      expect(await bodyText(v)).not.toMatch(/NaN|undefined/);
      expect(await chartsWithoutLegend(v)).toEqual([]);
      expect((await tickLabels(v)).filter((t) => SI_SUFFIXED.test(t))).toEqual([]);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });

  it("Pareto front in worst_case mode: two objectives (no selects), the strongest attack and its gain per member", async () => {
    const front = readCsvRecords(join(sites.worst.results, "pareto.csv"));
    const v = await open("worst", "pareto-front.html", `document.querySelector('table.coordsim-pareto') !== null`);
    try {
      await expectCleanPage(v, "pareto-front-worst-case");
      expect(await v.page.locator("select").count()).toBe(0);
      expect((await v.page.locator("table.coordsim-pareto th").allTextContents()).slice(-2)).toEqual(["strongest attack against it", "attack gain"]);
      const first = v.page.locator("table.coordsim-pareto tbody tr").first().locator("td");
      const four = (x: string) => String(Number(Number(x).toPrecision(4)));
      expect(await first.nth(-2).textContent()).toBe(`providers.nearCopyShare=${four(front[0]!["attack:providers.nearCopyShare"]!)}, providers.nearCopyNoise=${four(front[0]!["attack:providers.nearCopyNoise"]!)}`);
      const three = (x: string) => String(Number(Number(x).toPrecision(3)));
      expect(await first.nth(-1).textContent()).toBe(`${three(front[0]!.attack_gain_mean!)} ± ${three(front[0]!.attack_gain_se!)}`);
      expect(await bodyText(v)).toContain("under the strongest attack found against it (worst_case: attack)");
      // Factor values in plain decimals with separators (format.js), never "1.76e+4".
      expect(await first.nth(2).textContent()).toBe(Number(front[0]!["models.feePerCall"]).toLocaleString("en-US"));
      expect(await bodyText(v)).not.toMatch(/\de[+-]\d|NaN|undefined/);
    } finally {
      await v.close();
    }
  });
});
