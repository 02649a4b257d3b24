// Policy comparison: paired differences (B − A) with 95% confidence intervals,
// from compare.csv, as small multiples. Metrics have different units, so each
// metric gets its own row with its own x scale, symmetric around zero: "which
// side of the zero line, and does the whisker cross it" reads the same in
// every row even though the numbers do not compare across rows.
import * as d3 from "d3";
import { WIDTH, colour, frame, isNum, noData, unitText, valueFormat } from "./chart-core.js";

/** Panel order; every metric falls in exactly one family (first match wins). */
export const FAMILIES = ["duplication", "trust", "fairness", "other"];

/**
 * The family a metric is charted under, from its name.
 * @param {string} metric
 * @returns {"duplication" | "trust" | "fairness" | "other"}
 */
export function familyOf(metric) {
  if (/^(duplicate_|wasted_|redundant_)/.test(metric)) return "duplication";
  if (/^(reputation_|malicious_|false_slash|whitewash|slashes|adversarial_)/.test(metric)) return "trust";
  if (/gini|jain|theil|_gain|shapley_tv|reward_effort|net_profit/.test(metric)) return "fairness";
  return "other";
}

const FAMILY_TITLE = {
  duplication: "Duplication and waste",
  trust: "Trust and adversaries",
  fairness: "Fairness of rewards",
  other: "Other outcomes",
};

/** Legend / data-series name of a variant pair: what the difference is. */
export const pairLabel = (r) => `${r.variant_b} − ${r.variant_a}`;

const pFormat = (p) => (!isNum(p) ? "–" : p < 0.001 ? "<0.001" : d3.format(".3~f")(p));

/** Right-hand annotation: difference, CI, Holm-adjusted p, variance reduction. */
function annotation(r) {
  if (!isNum(r.diff)) return `no values (n = ${r.n_a ?? 0} / ${r.n_b ?? 0})`;
  const ci = isNum(r.ci_low) && isNum(r.ci_high) ? ` [${valueFormat(r.ci_low)}, ${valueFormat(r.ci_high)}]` : " [CI n/a]";
  const vr = isNum(r.variance_reduction) ? ` · VR ${d3.format(".0%")(r.variance_reduction)}` : "";
  return `${valueFormat(r.diff)}${ci} · p_holm ${pFormat(r.p_holm)}${vr}`;
}

const LABEL_W = 190; // metric names
const NOTE_W = 300; // annotations
const ROW_H = 15; // one variant pair
const AXIS_H = 20; // the row's own tick labels

/**
 * One family's panel, data-chart="compare-<family>".
 * @param {string} family
 * @param {any[]} rows compare.csv rows of that family (d3.autoType)
 * @param {string[]} pairs every pair label in the file, so colours agree across panels
 */
export function comparePanel(family, rows, pairs) {
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const present = pairs.filter((p) => rows.some((r) => pairLabel(r) === p));
  const blocks = metrics.map((m) => rows.filter((r) => r.metric === m));
  const blockH = (b) => 6 + b.length * ROW_H + AXIS_H;
  const plotHeight = d3.sum(blocks, blockH) + 4;
  const f = frame({
    name: `compare-${family}`,
    title: `${FAMILY_TITLE[family]}: paired difference B − A with 95% CI`,
    plotHeight,
    legend: present.map((p) => ({ label: p, colour: colour(pairs.indexOf(p)), kind: "point" })),
    alwaysLegend: true,
    margin: { left: LABEL_W, right: NOTE_W, bottom: 30 },
  });
  let top = 0;
  for (const [index, block] of blocks.entries()) {
    const metric = block[0].metric;
    const g = f.plot.append("g").attr("class", "metric-row").attr("data-metric", metric).attr("transform", `translate(0,${top})`);
    // Symmetric domain so zero is always centred and the sign reads at a glance.
    const extent = d3.max(block.flatMap((r) => [r.diff, r.ci_low, r.ci_high]).filter(isNum).map(Math.abs)) || 0;
    const m = extent > 0 ? extent * 1.1 : 1;
    const x = d3.scaleLinear().domain([-m, m]).range([0, f.width]);
    const rowsBottom = 6 + block.length * ROW_H;
    g.append("rect").attr("class", "row-bg").attr("x", -LABEL_W + 4).attr("y", 0).attr("width", WIDTH - 8)
      .attr("height", blockH(block) - 2).attr("fill", index % 2 ? "#fff" : "#f6f6f6"); // zebra rows guide the eye to the labels
    g.append("line").attr("class", "zero-line").attr("x1", x(0)).attr("x2", x(0)).attr("y1", 2).attr("y2", rowsBottom)
      .attr("stroke", "#444").attr("stroke-width", 1);
    g.append("text").attr("class", "row-label").attr("x", -8).attr("y", rowsBottom / 2 - 3).attr("text-anchor", "end")
      .attr("font-weight", 600).text(metric);
    g.append("text").attr("class", "row-unit").attr("x", -8).attr("y", rowsBottom / 2 + 9).attr("text-anchor", "end")
      .attr("fill", "#666").attr("font-size", 10).text(unitText(metric));
    const axis = d3.axisBottom(x).tickValues([-m, 0, m]).tickFormat(valueFormat).tickSize(3).tickSizeOuter(0);
    g.append("g").attr("class", "axis axis-x").attr("transform", `translate(0,${rowsBottom})`).call(axis)
      .attr("font-family", null).attr("font-size", 9).attr("color", "#777");
    block.forEach((r, j) => {
      const cy = 6 + j * ROW_H + ROW_H / 2;
      const c = colour(pairs.indexOf(pairLabel(r)));
      if (isNum(r.ci_low) && isNum(r.ci_high)) {
        g.append("line").attr("class", "mark whisker").attr("data-series", pairLabel(r)).attr("data-metric", metric)
          .attr("x1", x(r.ci_low)).attr("x2", x(r.ci_high)).attr("y1", cy).attr("y2", cy)
          .attr("stroke", c).attr("stroke-width", 2).attr("stroke-linecap", "butt");
      }
      if (isNum(r.diff)) {
        g.append("circle").attr("class", "mark point").attr("data-series", pairLabel(r)).attr("data-metric", metric)
          .attr("cx", x(r.diff)).attr("cy", cy).attr("r", 4).attr("fill", c).attr("stroke", "#fff").attr("stroke-width", 0.8)
          .append("title").text(`${metric}: ${pairLabel(r)} = ${r.diff}`);
      }
      g.append("text").attr("class", "row-note").attr("x", f.width + 10).attr("y", cy).attr("dy", "0.35em")
        .attr("font-size", 10).attr("fill", isNum(r.diff) ? "#222" : "#888").text(annotation(r));
    });
    top += blockH(block);
  }
  f.plot.append("text").attr("class", "axis-label axis-label-x").attr("x", f.width / 2).attr("y", plotHeight + 16)
    .attr("text-anchor", "middle").text("B − A, in each metric's own units (each row: own scale, symmetric around 0)");
  f.plot.append("text").attr("class", "axis-label column-label").attr("x", f.width + 10).attr("y", -6)
    .attr("fill", "#555").attr("font-size", 10).text("B − A [95% CI] · Holm-adjusted p · variance reduction");
  if (!rows.some((r) => isNum(r.diff) || (isNum(r.ci_low) && isNum(r.ci_high)))) {
    noData(f, `no ${family} metric has a difference (every sample was empty)`);
  }
  return f.svg.node();
}

/**
 * All panels, in family order, for families that have rows.
 * @param {any[]} rows compare.csv (d3.autoType)
 * @returns {SVGSVGElement[]}
 */
export function comparePanels(rows) {
  const pairs = [...new Set(rows.map(pairLabel))];
  return FAMILIES.map((family) => [family, rows.filter((r) => familyOf(r.metric) === family)])
    .filter(([, fr]) => fr.length > 0)
    .map(([family, fr]) => comparePanel(family, fr, pairs));
}
