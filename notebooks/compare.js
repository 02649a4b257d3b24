// Policy comparison: compare.csv as tables, one per metric family. Each row is
// one metric of one variant pair: mean A, mean B, B − A with its 95% CI, the
// relative change and the effect size, and Holm's p. The relative change and
// the effect size are unitless, so each gets a bar on ONE scale shared by every
// row of every table: a change of −0.08 pp looks small next to +76 pp, as it is.
//
// Markup contract (the browser tests read these):
// - every table is <table class="coordsim-compare" data-table="compare-FAMILY">;
// - header cells carry data-column = metric | mean_a | mean_b | diff |
//   relative_change | effect_size | p_holm, their text in span.column-title;
// - each bar is an svg rect with class "mark bar" and data-column
//   relative_change or effect_size (one per row that has the value).
import * as d3 from "d3";
import { diffFormat, displayName, isNum, percentChange, toDisplay, unitOf, unitText, valueFormat } from "./format.js";

/** Panel order; every metric falls in exactly one family (first match wins, on the name). */
export const FAMILIES = ["duplication", "trust", "fairness", "other"];

/** Name patterns of the families (column names are data: edit here when metrics are renamed). */
const FAMILY_PATTERNS = {
  duplication: /^(duplicate_|wasted_|redundant_)/,
  trust: /^(reputation_|malicious_|false_slash|whitewash|slashes|adversarial_)/,
  fairness: /gini|jain|theil|_gain|shapley_tv|reward_effort|net_profit/,
};

/**
 * The family a metric is tabulated under, from its name.
 * @param {string} metric
 * @returns {"duplication" | "trust" | "fairness" | "other"}
 */
export function familyOf(metric) {
  return FAMILIES.find((f) => FAMILY_PATTERNS[f]?.test(metric)) ?? "other";
}

const FAMILY_TITLE = {
  duplication: "Duplication and waste",
  trust: "Trust and adversaries",
  fairness: "Fairness of rewards",
  other: "Other outcomes",
};

/** Name of a variant pair: what the difference is. */
export const pairLabel = (r) => `${r.variant_b} − ${r.variant_a}`;

/**
 * (mean B − mean A) / |mean A|; 0 when both are equal, null when A is 0 and B
 * is not (no base to be relative to) or a mean is missing.
 */
export function relativeChange(r) {
  if (!isNum(r.mean_a) || !isNum(r.mean_b)) return null;
  if (r.mean_b === r.mean_a) return 0;
  return r.mean_a === 0 ? null : (r.mean_b - r.mean_a) / Math.abs(r.mean_a);
}

/** Smallest "round" half-width that holds `extent`, capped at the last (beyond it, bars are clipped). */
function sharedHalfWidth(extent, steps) {
  return steps.find((s) => extent <= s) ?? steps[steps.length - 1];
}

/** The two shared scales, from every row of the file. */
export function sharedScales(rows) {
  const maxAbs = (f) => d3.max(rows, (r) => (isNum(f(r)) ? Math.abs(f(r)) : undefined)) ?? 0;
  return {
    relative_change: sharedHalfWidth(maxAbs(relativeChange), [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2]),
    effect_size: sharedHalfWidth(maxAbs((r) => r.effect_size), [0.5, 1, 2, 5]),
  };
}

const BAR_W = 96;
const BAR_H = 14;

/** An inline svg bar from 0 to v on [−half, half]; clipped values end in an arrow head. */
function bar(column, v, half, faint, title) {
  const x = d3.scaleLinear().domain([-half, half]).range([2, BAR_W - 2]).clamp(true);
  const svg = d3.create("svg").attr("width", BAR_W).attr("height", BAR_H).attr("viewBox", `0 0 ${BAR_W} ${BAR_H}`)
    .style("vertical-align", "middle").style("overflow", "visible");
  svg.append("line").attr("class", "zero-line").attr("x1", x(0)).attr("x2", x(0)).attr("y1", 0).attr("y2", BAR_H)
    .attr("stroke", "#444").attr("stroke-width", 1);
  if (!isNum(v)) return svg.node();
  const end = x(v);
  const colour = v >= 0 ? "#0072B2" : "#D55E00";
  svg.insert("rect", ".zero-line").attr("class", "mark bar").attr("data-column", column)
    .attr("x", Math.min(x(0), end)).attr("width", Math.max(1, Math.abs(end - x(0)))).attr("y", 2).attr("height", BAR_H - 4)
    .attr("fill", colour).attr("fill-opacity", faint ? 0.3 : 0.85)
    .append("title").text(title);
  if (Math.abs(v) > half) {
    const dir = v > 0 ? 1 : -1;
    svg.append("path").attr("class", "overflow").attr("d", `M${end},1L${end + 5 * dir},${BAR_H / 2}L${end},${BAR_H - 1}Z`).attr("fill", colour);
  }
  return svg.node();
}

/** The shared scale's limits under a column title (decoration, not marks). */
function scaleLegend(half, format) {
  const svg = d3.create("svg").attr("class", "scale").attr("width", BAR_W).attr("height", 12).style("display", "block").style("margin-left", "auto")
    .attr("font-size", 9).attr("fill", "#666");
  for (const [v, anchor, at] of [[-half, "start", 2], [0, "middle", BAR_W / 2], [half, "end", BAR_W - 2]]) {
    svg.append("text").attr("x", at).attr("y", 9).attr("text-anchor", anchor).text(format(v));
  }
  return svg.node();
}

function el(tag, text, style) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (style) node.style.cssText = style;
  return node;
}

const CELL = "padding:3px 8px;border-bottom:1px solid #e5e5e5;vertical-align:middle;white-space:nowrap";
const NUM = `${CELL};text-align:right;font-variant-numeric:tabular-nums`;
const pFormat = (p) => (!isNum(p) ? "–" : p < 0.001 ? "<0.001" : d3.format(".3~f")(p));
const dFormat = (d) => (!isNum(d) ? "–" : d3.format("+.2f")(d).replace("-", "−"));

/** The columns, in order: [data-column, header text, tooltip, width in px]. Fixed widths line the tables up. */
const COLUMNS = [
  ["metric", "metric", "compare.csv's metric, with its unit (money in units of currency)", 225],
  ["mean_a", "mean A", "mean over A's replicates", 70],
  ["mean_b", "mean B", "mean over B's replicates", 70],
  ["diff", "B − A [95% CI]", "paired mean difference and its 95% confidence interval, in the metric's unit (shares: percentage points)", 185],
  ["relative_change", "relative change", "(mean B − mean A) / |mean A|, on one scale for every row", 175],
  ["effect_size", "effect size d", "(B − A) / sqrt((var A + var B) / 2): the difference in standard deviations of one run, on one scale for every row", 160],
  ["p_holm", "p (Holm)", "two-sided t-test p-value, Holm-adjusted across the metrics of the pair", 75],
];
const TABLE_W = d3.sum(COLUMNS, (c) => c[3]);

/**
 * One family's table.
 * @param {string} family
 * @param {any[]} rows compare.csv rows of that family (d3.autoType)
 * @param {{relative_change: number, effect_size: number}} scales half-widths shared by every table
 * @param {boolean} manyPairs whether to name the pair in each row (more than two variants)
 */
export function compareTable(family, rows, scales, manyPairs) {
  const figure = el("figure", undefined, "margin:0 0 24px 0;overflow-x:auto;max-width:100%");
  const table = el("table", undefined, `border-collapse:collapse;table-layout:fixed;width:${TABLE_W}px;font:12px system-ui,sans-serif;margin:0`);
  table.className = "coordsim-compare";
  table.dataset.table = `compare-${family}`;
  const caption = el("caption", FAMILY_TITLE[family], "text-align:left;font-weight:600;font-size:14px;padding:0 0 6px 0");
  if (!manyPairs && rows.length) caption.append(el("div", `A = ${rows[0].variant_a}, B = ${rows[0].variant_b}`, "font-weight:400;font-size:12px;color:#555"));
  table.append(caption);
  const cols = el("colgroup");
  for (const c of COLUMNS) cols.append(el("col", undefined, `width:${c[3]}px`));
  table.append(cols);
  const head = table.createTHead().insertRow();
  for (const [key, text, tip] of COLUMNS) {
    const th = el("th", undefined, `${CELL};text-align:${key === "metric" ? "left" : "right"};font-weight:600;border-bottom:1px solid #999`);
    const title = el("span", text);
    title.className = "column-title";
    th.append(title);
    th.dataset.column = key;
    th.title = tip;
    if (key === "relative_change") th.append(scaleLegend(scales.relative_change, percentChange));
    if (key === "effect_size") th.append(scaleLegend(scales.effect_size, dFormat));
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of rows) {
    const unit = unitOf(r.metric);
    const tr = body.insertRow();
    tr.dataset.metric = r.metric;
    const name = el("td", displayName(r.metric), `${CELL};font-weight:600;white-space:normal`);
    name.title = r.metric;
    name.append(el("span", ` (${unitText(r.metric)})`, "font-weight:400;color:#666"));
    if (manyPairs) name.append(el("div", pairLabel(r), "font-weight:400;color:#555;font-size:11px"));
    const scaled = (v) => toDisplay(r.metric, v);
    const ci = isNum(r.ci_low) && isNum(r.ci_high) ? ` [${diffFormat(scaled(r.ci_low), unit)}, ${diffFormat(scaled(r.ci_high), unit)}]` : "";
    const noValues = !isNum(r.diff);
    // Not significant after Holm's adjustment (or untested): the bars are drawn faint.
    const faint = !(isNum(r.p_holm) && r.p_holm < 0.05);
    const rel = relativeChange(r);
    const cells = [
      name,
      el("td", valueFormat(scaled(r.mean_a), unit), NUM),
      el("td", valueFormat(scaled(r.mean_b), unit), NUM),
      el("td", noValues ? `no values (n = ${r.n_a ?? 0} / ${r.n_b ?? 0})` : `${diffFormat(scaled(r.diff), unit)}${ci}`, NUM),
    ];
    const relCell = el("td", undefined, NUM);
    relCell.append(el("span", percentChange(rel), "display:inline-block;min-width:56px"), " ",
      bar("relative_change", rel, scales.relative_change, faint, `${r.metric}: relative change ${percentChange(rel)}`));
    const dCell = el("td", undefined, NUM);
    dCell.append(el("span", dFormat(r.effect_size), "display:inline-block;min-width:44px"), " ",
      bar("effect_size", r.effect_size, scales.effect_size, faint, `${r.metric}: effect size ${dFormat(r.effect_size)}`));
    cells.push(relCell, dCell, el("td", pFormat(r.p_holm), NUM));
    for (const [i, td] of cells.entries()) td.dataset.column = COLUMNS[i][0];
    tr.append(...cells);
    if (noValues) tr.style.color = "#888";
  }
  figure.append(table);
  return figure;
}

/**
 * All tables, in family order, for families that have rows; the two bar
 * scales are shared by all of them.
 * @param {any[]} rows compare.csv (d3.autoType)
 * @returns {HTMLElement[]}
 */
export function compareTables(rows) {
  const scales = sharedScales(rows);
  const manyPairs = new Set(rows.map(pairLabel)).size > 1;
  return FAMILIES.map((family) => [family, rows.filter((r) => familyOf(r.metric) === family)])
    .filter(([, fr]) => fr.length > 0)
    .map(([family, fr]) => compareTable(family, fr, scales, manyPairs));
}
