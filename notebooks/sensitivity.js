// Sensitivity page: sensitivity.csv (written by `coordsim sensitivity`) per
// metric. For a sobol design, S1 and ST of each factor side by side with
// their 95% bootstrap intervals, factors ranked by ST; for a morris design,
// mu* and sigma the same way, ranked by mu*, plus the (mu*, sigma) plane that
// Morris screening reports (Campolongo et al. 2007; the sigma/mu* rays after
// Garcia Sanchez et al. 2014, Energy and Buildings 68); for every design, the
// split of each metric's variance into seed noise and factors.
//
// Markup contract (the browser tests count these): charts indices,
// morris-plane and variance-split; per factor and drawn index one
// "mark point" and, where the interval exists, one "mark whisker"; per metric
// with a split two "mark bar"s; the table is table.coordsim-sensitivity.
import * as d3 from "d3";
import { axes, colour, frame, noData } from "./chart-core.js";
import { controlledView, select } from "./controls.js";
import { axisFormat, displayName, isNum, toDisplay, unitOf, unitText, valueFormat } from "./format.js";

/** What each design reports: the index that ranks, the indices drawn, the indices tabulated. */
const DESIGN_INDICES = {
  sobol: { rank: "ST", drawn: ["S1", "ST"], table: ["S1", "ST"] },
  morris: { rank: "mu_star", drawn: ["mu_star", "sigma"], table: ["mu_star", "mu", "sigma"] },
};

export const INDEX_LABEL = { S1: "S1 (first-order)", ST: "ST (total)", mu_star: "μ* (mean |effect|)", mu: "μ (mean effect)", sigma: "σ (spread of effects)" };

const NOISE = colour(3);
const FACTORS = colour(0);
const EMPTY = { estimate: null, lo: null, hi: null };

const num = (cell) => (typeof cell === "string" && cell.trim() !== "" && Number.isFinite(Number(cell)) ? Number(cell) : null);

/**
 * sensitivity.csv rows (raw strings) with sweep.json: the design kind, its
 * factors in the scenario's order, the metrics in file order, and get(metric,
 * factor, index) -> {estimate, lo, hi} (nulls where the file has none).
 */
export function sensitivityModel(rows, sweep) {
  const kind = sweep.design?.kind ?? "grid";
  const factors = sweep.design ? Object.keys(sweep.design.factors ?? {}) : (sweep.axes ?? []).map((a) => a.path);
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const byKey = new Map(rows.map((r) => [`${r.metric}\u0000${r.factor}\u0000${r.index}`, { estimate: num(r.estimate), lo: num(r.ci_low), hi: num(r.ci_high) }]));
  const get = (metric, factor, index) => byKey.get(`${metric}\u0000${factor}\u0000${index}`) ?? EMPTY;
  return { kind, factors, metrics, get, indices: DESIGN_INDICES[kind] ?? null };
}

/** Factors from most to least important by the design's ranking index; missing estimates last, ties in scenario order. */
export function rankedFactors(model, metric) {
  const key = (f) => model.get(metric, f, model.indices.rank).estimate ?? -Infinity;
  return model.factors.map((f, i) => ({ f, i })).sort((a, b) => key(b.f) - key(a.f) || a.i - b.i).map((d) => d.f);
}

/**
 * How index values are drawn. Sobol' indices are shares of variance (no unit).
 * Morris effects are changes of the metric over a factor's whole range, in the
 * metric's unit: money in units, a share's change in percentage points.
 */
function indexUnit(model, metric) {
  if (model.kind !== "morris") return { scale: (v) => v, text: "share of the metric's variance", short: null };
  const share = unitOf(metric) === "share";
  const scale = (v) => (isNum(v) ? toDisplay(metric, v) * (share ? 100 : 1) : null);
  return { scale, text: share ? "percentage points" : unitText(metric), short: share ? "pp" : unitText(metric) };
}

/** An estimate with its interval, "0.354 [0.0508, 3.16]", or "–". */
const withInterval = (est, a, b) => (!isNum(est) ? "–" : `${valueFormat(est)}${isNum(a) && isNum(b) ? ` [${valueFormat(a)}, ${valueFormat(b)}]` : ""}`);

/** Whisker path from a to b at height y, with end caps; an end cut off at the axis gets an arrow head instead. */
function whiskerPath(a, b, y, cutA, cutB) {
  const end = (x, cut, dir) => (cut ? `M${x - 5 * dir},${y - 4}L${x},${y}L${x - 5 * dir},${y + 4}` : `M${x},${y - 4}V${y + 4}`);
  return `M${a},${y}H${b}${end(a, cutA, -1)}${end(b, cutB, 1)}`;
}

/** The indices chart: one row per factor (ranked), the drawn indices side by side, each a point and a whisker. */
export function indicesChart(model, metric) {
  const spec = model.indices;
  const unit = indexUnit(model, metric);
  const factors = rankedFactors(model, metric);
  const legend = spec.drawn.map((index, i) => ({ label: INDEX_LABEL[index], colour: colour(i), kind: "point" }));
  const longest = d3.max(factors, (f) => f.length) ?? 10;
  const f = frame({
    name: "indices", title: `${metric}: factors ranked by ${INDEX_LABEL[spec.rank]}`, plotHeight: Math.max(60, factors.length * 36),
    legend, margin: { left: Math.min(260, 16 + longest * 6.4), bottom: 44 },
  });
  const values = factors.flatMap((fa) => spec.drawn.flatMap((i) => { const c = model.get(metric, fa, i); return [c.estimate, c.lo, c.hi].map(unit.scale); })).filter(isNum);
  // Sobol' indices live in [0, 1]; small-N bootstrap intervals can reach far beyond, so the axis stops at [-0.5, 1.5] and cut whiskers end in arrows.
  const [lo, hi] = model.kind === "sobol"
    ? [Math.max(-0.5, Math.min(0, d3.min(values) ?? 0)), Math.min(1.5, Math.max(1, d3.max(values) ?? 1))]
    : [0, (d3.max(values) ?? 0) > 0 ? d3.max(values) * 1.05 : 1];
  const x = d3.scaleLinear().domain([lo, hi]).range([0, f.width]);
  if (model.kind !== "sobol") x.nice();
  const y = d3.scaleBand().domain(factors).range([0, f.height]).padding(0.2);
  axes(f, {
    x, y, xFormat: axisFormat(x, "number", 8), yLabel: "",
    xLabel: model.kind === "sobol" ? "index (share of the metric's variance; 95% bootstrap interval)" : `effect of moving a factor across its whole range (${unit.text}; 95% interval)`,
  });
  f.plot.append("line").attr("class", "reference").attr("x1", x(0)).attr("x2", x(0)).attr("y1", 0).attr("y2", f.height).attr("stroke", "#444");
  const drawn = factors.some((fa) => spec.drawn.some((i) => isNum(model.get(metric, fa, i).estimate)));
  if (!drawn) {
    noData(f, `sensitivity.csv has no estimates for ${metric}`);
    return f.svg.node();
  }
  const marks = f.plot.append("g").attr("class", "marks");
  const [x0, x1] = x.domain();
  const clamp = (v) => Math.max(x0, Math.min(x1, v));
  for (const factor of factors) {
    spec.drawn.forEach((index, i) => {
      const c = model.get(metric, factor, index);
      const cy = y(factor) + y.bandwidth() * (i + 1) / (spec.drawn.length + 1);
      const [est, a, b] = [c.estimate, c.lo, c.hi].map(unit.scale);
      if (isNum(a) && isNum(b)) {
        marks.append("path").attr("class", "mark whisker").attr("data-factor", factor).attr("data-index", index)
          .attr("d", whiskerPath(x(clamp(a)), x(clamp(b)), cy, a < x0, b > x1)).attr("fill", "none").attr("stroke", colour(i)).attr("stroke-width", 1.6);
      }
      if (isNum(est)) {
        marks.append("circle").attr("class", "mark point").attr("data-factor", factor).attr("data-index", index)
          .attr("cx", x(clamp(est))).attr("cy", cy).attr("r", 4.5).attr("fill", colour(i)).attr("stroke", "#fff").attr("stroke-width", 1)
          .append("title").text(`${factor} ${index} ${withInterval(est, a, b)}${unit.short ? ` ${unit.short}` : ""}`);
      }
    });
  }
  return f.svg.node();
}

/** The Morris plane: sigma against mu*, one point per factor, with rays sigma/mu* = 0.1, 0.5, 1. */
export function morrisPlane(model, metric) {
  const unit = indexUnit(model, metric);
  const points = model.factors.map((factor, i) => ({ factor, i, mu: unit.scale(model.get(metric, factor, "mu_star").estimate), sigma: unit.scale(model.get(metric, factor, "sigma").estimate) }))
    .filter((d) => isNum(d.mu) && isNum(d.sigma));
  const legend = [...points.map((d) => ({ label: d.factor, colour: colour(d.i), kind: "point" })), { label: "σ/μ* = 0.1, 0.5, 1", colour: "#777", kind: "dashed" }];
  const f = frame({ name: "morris-plane", title: `${metric}: μ* against σ (Morris screening)`, plotHeight: 280, legend, margin: { left: 76 } });
  const top = d3.max(points, (d) => Math.max(d.mu, d.sigma)) ?? 0;
  const x = d3.scaleLinear().domain([0, top > 0 ? top * 1.1 : 1]).range([0, f.width]).nice();
  const y = d3.scaleLinear().domain([0, top > 0 ? (d3.max(points, (d) => d.sigma) || top) * 1.15 : 1]).range([f.height, 0]).nice();
  axes(f, { x, y, xFormat: axisFormat(x, "number", 8), yFormat: axisFormat(y, "number", 6), xLabel: `μ*: mean |effect| (${unit.text})`, yLabel: `σ (${unit.text})` });
  if (!points.length) {
    noData(f, `sensitivity.csv has no μ* and σ for ${metric}`);
    return f.svg.node();
  }
  const rays = f.plot.append("g").attr("class", "rays");
  const [xMax, yMax] = [x.domain()[1], y.domain()[1]];
  for (const ratio of [0.1, 0.5, 1]) {
    const end = ratio * xMax <= yMax ? [xMax, ratio * xMax] : [yMax / ratio, yMax];
    rays.append("line").attr("x1", x(0)).attr("y1", y(0)).attr("x2", x(end[0])).attr("y2", y(end[1])).attr("stroke", "#777").attr("stroke-dasharray", "4 3");
    rays.append("text").attr("x", x(end[0]) - 4).attr("y", y(end[1]) + (end[0] === xMax ? -4 : 12)).attr("text-anchor", "end").attr("fill", "#555").text(String(ratio));
  }
  const marks = f.plot.append("g").attr("class", "marks");
  for (const d of points) {
    marks.append("circle").attr("class", "mark point").attr("data-factor", d.factor).attr("cx", x(d.mu)).attr("cy", y(d.sigma)).attr("r", 5)
      .attr("fill", colour(d.i)).attr("stroke", "#fff").attr("stroke-width", 1);
    f.plot.append("text").attr("class", "point-label").attr("x", x(d.mu) + 7).attr("y", y(d.sigma) - 6).attr("font-size", 10).text(d.factor);
  }
  return f.svg.node();
}

/** Every metric's variance split as a 100% bar: seed noise, then the factors. */
export function varianceSplitChart(model, selected) {
  const longest = d3.max(model.metrics, (m) => m.length) ?? 10;
  const f = frame({
    name: "variance-split", title: "Variance of one run: seed noise vs factors, per metric", plotHeight: Math.max(40, model.metrics.length * 24),
    legend: [{ label: "seed noise (spread across replicates)", colour: NOISE, kind: "bar" }, { label: "factors (spread of the points' means)", colour: FACTORS, kind: "bar" }],
    margin: { left: Math.min(260, 16 + longest * 6.4) },
  });
  const x = d3.scaleLinear().domain([0, 1]).range([0, f.width]);
  const y = d3.scaleBand().domain(model.metrics).range([0, f.height]).padding(0.25);
  axes(f, { x, y, xFormat: axisFormat(x, "share", 5), xTicks: 5, xLabel: "share of the metric's variance", yLabel: "" });
  f.plot.selectAll(".axis-y .tick text").attr("font-weight", (m) => (m === selected ? 700 : null));
  const marks = f.plot.append("g").attr("class", "marks");
  for (const metric of model.metrics) {
    const noise = model.get(metric, "*", "noise_share").estimate;
    const factors = model.get(metric, "*", "factor_share").estimate;
    const top = y(metric);
    const h = y.bandwidth();
    if (!isNum(noise) || !isNum(factors)) {
      f.plot.append("text").attr("class", "no-split").attr("x", 4).attr("y", top + h / 2).attr("dy", "0.35em").attr("fill", "#555")
        .text("no split (needs 2+ points with replicates, and some variance)");
      continue;
    }
    const parts = [["noise", 0, noise, NOISE], ["factors", noise, noise + factors, FACTORS]];
    for (const [part, a, b, fill] of parts) {
      marks.append("rect").attr("class", "mark bar").attr("data-metric", metric).attr("data-part", part)
        .attr("x", x(a)).attr("y", top).attr("width", Math.max(0, x(b) - x(a))).attr("height", h).attr("fill", fill).attr("fill-opacity", metric === selected ? 1 : 0.75);
    }
    // The noise share is what a reader looks for; it sits beside the bar's left end, outside the bar when the slice is thin.
    const inside = x(noise) > 44;
    f.plot.append("text").attr("class", "split-label").attr("x", inside ? x(noise) - 4 : x(noise) + 4).attr("y", top + h / 2).attr("dy", "0.35em")
      .attr("text-anchor", inside ? "end" : "start").attr("fill", "#fff").attr("font-weight", 600).text(valueFormat(noise, "share"));
  }
  return f.svg.node();
}

/** The ranked table: rank, factor, each tabulated index with its interval. */
export function indicesTable(model, metric) {
  const unit = indexUnit(model, metric);
  const table = document.createElement("table");
  table.className = "coordsim-sensitivity";
  table.dataset.table = "indices";
  table.style.cssText = "border-collapse:collapse;font:13px system-ui,sans-serif;margin:8px 0 16px";
  const cellStyle = "padding:3px 12px;border-bottom:1px solid #ddd;text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap";
  const head = table.createTHead().insertRow();
  const symbol = { S1: "S1", ST: "ST", mu_star: "μ*", mu: "μ", sigma: "σ" };
  for (const title of ["rank", "factor", ...model.indices.table.map((i) => `${symbol[i]}${unit.short ? ` (${unit.short})` : ""} [95% CI]`)]) {
    const th = document.createElement("th");
    th.textContent = title;
    th.style.cssText = `${cellStyle};text-align:${title === "factor" ? "left" : "right"}`;
    head.append(th);
  }
  const body = table.createTBody();
  rankedFactors(model, metric).forEach((factor, r) => {
    const row = body.insertRow();
    row.dataset.factor = factor;
    const cells = [String(r + 1), factor, ...model.indices.table.map((index) => {
      const c = model.get(metric, factor, index);
      return withInterval(...[c.estimate, c.lo, c.hi].map(unit.scale));
    })];
    cells.forEach((text, c) => {
      const td = row.insertCell();
      td.textContent = text;
      td.style.cssText = `${cellStyle};text-align:${c === 1 ? "left" : "right"}`;
      if (c >= 2) td.dataset.index = model.indices.table[c - 2];
    });
  });
  return table;
}

/**
 * The page body: a metric selector (default: the file's first metric), then
 * the indices chart, the Morris plane (morris), the ranked table and the
 * variance split, redrawn in place when the metric changes.
 * @param {any[]} rows sensitivity.csv (raw strings)
 * @param {object} sweep sweep.json
 */
export function sensitivityPage(rows, sweep) {
  const model = sensitivityModel(rows, sweep);
  const { root, controls, body } = controlledView("coordsim-sensitivity-page");
  let metric = model.metrics[0] ?? null;
  function render() {
    controls.replaceChildren(select("metric", "metric", model.metrics.map((m) => [m, displayName(m) === m ? m : `${m} (${unitText(m)})`]), metric ?? "", (v) => { metric = v; render(); }).wrap);
    const parts = [];
    if (model.indices === null) {
      parts.push(Object.assign(document.createElement("p"), {
        className: "coordsim-note",
        textContent: `This sweep is a ${model.kind === "grid" ? "grid" : `${model.kind} design`}: sensitivity indices need a sobol design (S1, ST) or a morris design (μ*, σ), so only the variance split is shown.`,
      }));
    } else if (metric !== null) {
      parts.push(indicesChart(model, metric));
      if (model.kind === "morris") parts.push(morrisPlane(model, metric));
      parts.push(indicesTable(model, metric));
    }
    parts.push(varianceSplitChart(model, metric));
    body.replaceChildren(...parts);
  }
  render();
  return root;
}
