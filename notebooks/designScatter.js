// Sweep explorer for a non-grid design (lhs, sobol, morris; sweep.json has
// `design` and no axes): the points are scattered over the factors' ranges,
// so there are no grid lines to join. One small scatter panel per factor,
// the chosen metric against that factor, one point per run (or per design
// point: the mean over its replicates); every panel shares the y scale so
// the panels compare. Log-uniform factors get a log x axis, integer factors
// integer ticks, categorical factors a strip per value with its mean.
import * as d3 from "d3";
import { axes, colour, frame, noData, paddedDomain } from "./chart-core.js";
import { controlledView, select } from "./controls.js";
import { axisFormat, metricLabel, plainNumber, toDisplay, unitOf } from "./format.js";
import { cellKey, defaultSelection, sweepModel } from "./sweep.js";

const PANEL_WIDTH = 352;
const PANEL_HEIGHT = 170;

/** Factor kinds as the scenario names them, for panel titles. */
const KIND_TEXT = { uniform: "uniform", loguniform: "log-uniform", integer: "integer", categorical: "categorical" };

/**
 * sweep.json's design factors, in the scenario's order: path, kind
 * (uniform | loguniform | integer | categorical) and range (or values).
 * @param {{design?: {factors?: Record<string, Record<string, unknown[]>>}}} sweep
 */
export function designFactors(sweep) {
  return Object.entries(sweep.design?.factors ?? {}).map(([path, spec]) => {
    const kind = Object.keys(spec)[0];
    return { path, kind, range: spec[kind] };
  });
}

const num = (cell) => (typeof cell === "string" && cell.trim() !== "" && Number.isFinite(Number(cell)) ? Number(cell) : null);

/**
 * What the panels draw: one datum per run, or per design point (the mean of
 * its replicates that have a value), with the raw runs.csv cell of each factor.
 */
export function designData(model, metric, perPoint) {
  const runs = model.ok.map((r) => ({ id: r.run_id, point: r.point, row: r, raw: num(r[metric]) })).filter((d) => d.raw !== null);
  if (!perPoint) return runs.map((d) => ({ id: d.id, row: d.row, v: toDisplay(metric, d.raw) }));
  const byPoint = d3.group(runs, (d) => d.point);
  return [...byPoint.values()].map((ds) => ({ id: `p${ds[0].point}`, row: ds[0].row, v: toDisplay(metric, d3.mean(ds, (d) => d.raw)) }));
}

/**
 * Ticks for a log axis: 1, 2, 5 times powers of ten inside the domain, plus
 * each end of the domain unless a tick already sits within 15% of it.
 */
export function logTicks(lo, hi) {
  const mantissa = (t) => t / 10 ** Math.floor(Math.log10(t) + 1e-9);
  const ticks = d3.scaleLog().domain([lo, hi]).ticks().filter((t) => [1, 2, 5].some((k) => Math.abs(mantissa(t) - k) < 1e-6));
  const far = (end) => ticks.every((t) => Math.abs(Math.log(t / end)) > Math.log(1.15));
  return [...(far(lo) ? [lo] : []), ...ticks, ...(far(hi) ? [hi] : [])];
}

/** x scale, tick values and format, and axis title of one factor's panel. */
function factorAxis(factor, width) {
  const { kind, range, path } = factor;
  if (kind === "categorical") {
    const keys = range.map(cellKey);
    return { x: d3.scalePoint().domain(keys).range([0, width]).padding(0.5), format: (k) => String(range[keys.indexOf(k)]), label: `${path} (value)` };
  }
  const [lo, hi] = range;
  if (kind === "loguniform") return { x: d3.scaleLog().domain([lo, hi]).range([0, width]), ticks: logTicks(lo, hi), format: plainNumber, label: `${path} (log scale)` };
  if (kind === "integer") {
    const x = d3.scaleLinear().domain([lo - 0.5, hi + 0.5]).range([0, width]);
    return { x, ticks: d3.ticks(lo, hi, 6).filter(Number.isInteger), format: plainNumber, label: `${path} (whole numbers)` };
  }
  const x = d3.scaleLinear().domain([lo, hi]).range([0, width]).nice();
  return { x, format: axisFormat(x, "number", 5), label: path };
}

/**
 * One factor's scatter panel: <svg data-chart="design-scatter" data-factor=PATH>,
 * a "mark point" per datum, and for a categorical factor a "mark mean" tick per value.
 */
export function designPanel(factor, data, metric, y, perPoint) {
  const categorical = factor.kind === "categorical";
  const legend = [{ label: perPoint ? "one design point (mean over replicates)" : "one run", colour: colour(0), kind: "point" }];
  if (categorical) legend.push({ label: "mean per value", colour: "#000", kind: "line" });
  const range = categorical ? factor.range.join(", ") : `${plainNumber(factor.range[0])} to ${plainNumber(factor.range[1])}`;
  const f = frame({ name: "design-scatter", title: `${factor.path}: ${KIND_TEXT[factor.kind] ?? factor.kind}, ${range}`, plotHeight: PANEL_HEIGHT, legend, width: PANEL_WIDTH, margin: { left: 62, right: 14 } });
  f.svg.attr("data-factor", factor.path).attr("font-size", 10);
  f.svg.select(".chart-title").attr("font-size", 12);
  const { x, ticks, format, label } = factorAxis(factor, f.width);
  axes(f, { x, y, xFormat: format, xTickValues: ticks, xTicks: 5, yTicks: 5, yFormat: axisFormat(y, unitOf(metric), 5), xLabel: label, yLabel: metricLabel(metric) });
  const at = data.map((d) => ({ ...d, cell: d.row[factor.path] ?? "" }))
    .filter((d) => (categorical ? x(d.cell) !== undefined : num(d.cell) !== null && (factor.kind !== "loguniform" || num(d.cell) > 0)));
  if (at.length === 0) {
    noData(f, `no successful run has a value for ${metric}`);
    return f.svg.node();
  }
  const marks = f.plot.append("g").attr("class", "marks");
  // A strip per category: points spread across it by the golden-ratio sequence, deterministic and even.
  const half = categorical ? Math.min(x.step() * 0.3, 40) : 0;
  const px = (d, i) => (categorical ? x(d.cell) + (((i * 0.6180339887) % 1) - 0.5) * 2 * half : x(num(d.cell)));
  if (categorical) {
    for (const [cell, ds] of d3.group(at, (d) => d.cell)) {
      const m = y(d3.mean(ds, (d) => d.v));
      marks.append("path").attr("class", "mark mean").attr("data-value", cell).attr("d", `M${x(cell) - half - 4},${m}H${x(cell) + half + 4}`)
        .attr("stroke", "#000").attr("stroke-width", 2);
    }
  }
  at.forEach((d, i) => {
    marks.append("circle").attr("class", "mark point").attr("data-run", d.id).attr("cx", px(d, i)).attr("cy", y(d.v)).attr("r", 2.8)
      .attr("fill", colour(0)).attr("fill-opacity", 0.6).attr("stroke", "#fff").attr("stroke-width", 0.5)
      .append("title").text(`${d.id}: ${factor.path} = ${d.cell}`);
  });
  return f.svg.node();
}

/** The y scale every panel shares, so the panels compare. */
const sharedY = (data, metric) => d3.scaleLinear().domain(paddedDomain(data.length ? d3.extent(data, (d) => d.v) : [0, 1], unitOf(metric))).range([PANEL_HEIGHT, 0]).nice();

/**
 * The explorer for a design sweep: a metric selector, one-per-run or
 * one-per-point, and the factor panels below, redrawn in place.
 * @param {any[]} runs rows of runs.csv (raw strings)
 * @param {object} sweep sweep.json (with `design`)
 */
export function designExplorer(runs, sweep) {
  const model = sweepModel(runs, sweep);
  const factors = designFactors(sweep);
  const sel = { metric: defaultSelection(model).metric, perPoint: false };
  const { root, controls, body: panels } = controlledView("coordsim-sweep-explorer coordsim-design-explorer");
  panels.className = "coordsim-design-panels";
  panels.style.cssText = `display:grid;grid-template-columns:repeat(auto-fill,minmax(${PANEL_WIDTH - 40}px,1fr));gap:12px 20px;max-width:${2 * PANEL_WIDTH + 40}px`;

  function render() {
    controls.replaceChildren();
    const metricOptions = model.metrics.map((m) => [m, model.filled.has(m) ? m : `${m} (no values)`]);
    controls.append(select("metric", "metric", metricOptions, sel.metric ?? "", (v) => { sel.metric = v; render(); }).wrap);
    const pointOptions = [["runs", "each run"], ["points", "each design point (mean over replicates)"]];
    controls.append(select("points", "one dot per", pointOptions, sel.perPoint ? "points" : "runs", (v) => { sel.perPoint = v === "points"; render(); }).wrap);
    if (sel.metric === null) {
      panels.replaceChildren(Object.assign(document.createElement("p"), { className: "coordsim-no-data", textContent: "no data: runs.csv has no metric columns" }));
      return;
    }
    const data = designData(model, sel.metric, sel.perPoint);
    const y = sharedY(data, sel.metric);
    panels.replaceChildren(...factors.map((factor) => designPanel(factor, data, sel.metric, y, sel.perPoint)));
  }
  render();
  return root;
}
