// Sweep explorer: one metric against one swept parameter, a line per value of
// another parameter, the remaining parameters held fixed. Built from runs.csv
// (one row per run) and sweep.json (the grid axes).
//
// runs.csv should be parsed WITHOUT d3.autoType: the simulator writes swept
// values as CSV cells (numbers as String(n), booleans as 1/0, objects as JSON),
// and matching those raw cells against sweep.json's axis values is exact,
// whereas autoType could turn e.g. a date-like string into a Date.
import * as d3 from "d3";
import { axes, colour, frame, noData, paddedDomain } from "./chart-core.js";
import { controlledView, select } from "./controls.js";
import { axisFormat, metricLabel, plainNumber, toDisplay, unitOf } from "./format.js";

/** Metrics tried, in order, for the initial selection (the first that differs between grid points wins). */
const PREFERRED = ["duplicate_execution_share", "copy_gain", "provider_reward_gini", "reputation_auc"];

/**
 * Whether numeric grid values form a geometric progression (3 or more positive
 * values with one constant ratio, e.g. 250, 500, 1000, 2000): such a grid is
 * drawn on a log x axis, where its points are evenly spaced.
 * @param {number[]} values
 */
export function isGeometric(values) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length < 3 || v[0] <= 0) return false;
  const ratio = v[1] / v[0];
  if (!(ratio > 1)) return false;
  return v.every((x, i) => i === 0 || Math.abs(x / v[i - 1] / ratio - 1) < 1e-9);
}

/** The CSV cell the simulator writes for a swept value (mirrors formatGridValue + formatCell). */
export function cellKey(v) {
  if (v === null || v === undefined) return "";
  if (typeof v === "boolean") return v ? "1" : "0";
  if (typeof v === "number") return Number.isNaN(v) ? "" : Object.is(v, -0) ? "0" : String(v);
  if (typeof v === "string") return v;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

/** A metric cell as a number, or null when empty / not numeric. */
function num(v) {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v !== "string" || v.trim() === "") return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

/**
 * Describe a sweep: its parameters (axes of sweep.json), its metric columns
 * (every column after `error` whose non-empty cells are all numbers) and its
 * successful runs. Failed runs are dropped: their metric cells are empty.
 * @param {any[]} runs rows of runs.csv (raw strings)
 * @param {{axes?: {path: string, values: unknown[]}[], replicates?: number}} sweep sweep.json
 */
export function sweepModel(runs, sweep) {
  const params = (sweep.axes ?? []).map((a) => ({
    path: a.path,
    keys: a.values.map(cellKey),
    labels: a.values.map((v) => (typeof v === "object" && v !== null ? JSON.stringify(v) : String(v))),
    numeric: a.values.length > 0 && a.values.every((v) => typeof v === "number"),
    values: a.values,
  }));
  const columns = runs.columns ?? Object.keys(runs[0] ?? {});
  const ok = runs.filter((r) => r.status === "ok");
  const after = columns.indexOf("error");
  const metrics = columns.slice(after + 1).filter((c) => ok.every((r) => r[c] == null || r[c] === "" || num(r[c]) !== null));
  const filled = new Set(metrics.filter((c) => ok.some((r) => num(r[c]) !== null)));
  return { params, metrics, filled, ok, replicates: sweep.replicates ?? 1, failed: runs.length - ok.length };
}

/**
 * Whether some replicate's runs disagree on `metric` across grid points. With
 * common random numbers, a metric the swept parameters cannot move is equal at
 * every point of a replicate: a flat, uninformative first chart.
 */
function differsAcrossPoints(ok, metric) {
  const first = new Map();
  for (const r of ok) {
    const v = num(r[metric]);
    if (v === null) continue;
    const seen = first.get(r.replicate);
    if (seen === undefined) first.set(r.replicate, v);
    else if (seen !== v) return true;
  }
  return false;
}

/** Initial control values, per the explorer's documented defaults. */
export function defaultSelection(model) {
  const { params, metrics, filled } = model;
  const pick = (m) => filled.has(m) && differsAcrossPoints(model.ok, m);
  const metric = PREFERRED.find(pick) ?? PREFERRED.find((m) => filled.has(m)) ?? metrics.find((m) => filled.has(m)) ?? metrics[0] ?? null;
  const x = (params.find((p) => p.numeric) ?? params[0])?.path ?? null;
  return { metric, x, series: defaultSeries(params, x), fixed: {} };
}

/** A policies.* axis other than x, else any other axis, else none (null). */
function defaultSeries(params, x) {
  const others = params.filter((p) => p.path !== x);
  return (others.find((p) => p.path.startsWith("policies.")) ?? others[0])?.path ?? null;
}

/**
 * The "sweep" chart for one selection. Per series: a line through the mean
 * over replicates at each x, a band from the replicate minimum to maximum, and
 * one point per run (jittered by replicate, deterministically).
 * @param {ReturnType<typeof sweepModel>} model
 * @param {{metric: string|null, x: string|null, series: string|null, fixed: Record<string, string>}} sel
 */
export function sweepChart(model, sel) {
  const { params, ok } = model;
  const px = params.find((p) => p.path === sel.x) ?? null;
  const ps = params.find((p) => p.path === sel.series && p.path !== sel.x) ?? null;
  const metric = sel.metric;
  // x categories: the axis values (or one "all runs" slot when nothing is swept).
  const xKeys = px ? px.keys : [""];
  const xLabels = px ? px.labels : ["all runs"];
  // Series in ascending order for a numeric axis (sweep.json may list values in any order).
  const sIdx = ps ? d3.range(ps.keys.length) : [0];
  if (ps?.numeric) sIdx.sort((a, b) => ps.values[a] - ps.values[b]);
  const sKeys = ps ? sIdx.map((i) => ps.keys[i]) : [""];
  const sLabels = ps ? sIdx.map((i) => `${ps.path} = ${ps.labels[i]}`) : ["all runs"];
  const fixedOk = (r) => params.every((p) => p === px || p === ps || sel.fixed[p.path] === undefined || r[p.path] === sel.fixed[p.path]);
  const runs = metric === null ? [] : ok.filter(fixedOk).map((r) => ({
    run: r, x: px ? r[px.path] : "", s: ps ? r[ps.path] : "", raw: num(r[metric]), rep: +r.replicate || 0,
  })).filter((d) => d.raw !== null && xKeys.includes(d.x) && sKeys.includes(d.s))
    .map((d) => ({ ...d, v: toDisplay(metric, d.raw) })); // drawn values: money in units

  const series = sKeys.map((key, i) => ({ key, label: sLabels[i], colour: colour(i), runs: runs.filter((d) => d.s === key) }))
    .filter((s) => s.runs.length > 0);
  const numericX = px?.numeric ?? false;
  const logX = numericX && isGeometric(px.values);
  // Categorical x (policies): the categories have no in-between, so no line joins them; a mean tick marks each.
  const legendKind = numericX ? "line" : "point";
  const f = frame({
    name: "sweep", title: metric ? `${metric} across the sweep` : "sweep", plotHeight: 300,
    legend: series.map((s) => ({ label: s.label, colour: s.colour, kind: legendKind })), margin: { left: 76 },
  });

  const xValue = (key) => (numericX ? px.values[xKeys.indexOf(key)] : key);
  let x;
  if (logX) {
    const [lo, hi] = d3.extent(px.values);
    const pad = (hi / lo) ** 0.06; // a little room beyond the first and last grid values
    x = d3.scaleLog().domain([lo / pad, hi * pad]).range([0, f.width]);
  } else if (numericX) {
    x = d3.scaleLinear().domain(d3.extent(px.values)).range([0, f.width]).nice();
    if (x.domain()[0] === x.domain()[1]) x.domain([x.domain()[0] - 1, x.domain()[0] + 1]);
  } else x = d3.scalePoint().domain(xKeys).range([0, f.width]).padding(0.5);
  const unit = metric ? unitOf(metric) : "number";
  const y = d3.scaleLinear().domain(paddedDomain(runs.length ? d3.extent(runs, (d) => d.v) : [0, 1], unit)).range([f.height, 0]).nice();
  axes(f, {
    x, y,
    xFormat: logX ? plainNumber : numericX ? axisFormat(x, "number", 8) : (k) => xLabels[xKeys.indexOf(k)],
    xTickValues: logX ? [...px.values].sort((a, b) => a - b) : undefined,
    yFormat: axisFormat(y, unit, 6),
    xLabel: !px ? "(no swept parameter)"
      : logX ? `${px.path} (swept value, log scale: the grid doubles or multiplies by a constant)`
        : numericX ? `${px.path} (swept value, in the scenario's units)` : `${px.path} (swept value)`,
    yLabel: metric ? metricLabel(metric) : "metric",
  });
  if (!series.length) {
    noData(f, metric === null ? "runs.csv has no metric columns"
      : model.ok.length === 0 ? "no run finished with status ok"
        : `no successful run has a value for ${metric} at this selection`);
    return f.svg.node();
  }

  // x positions in scale order (numeric axes may be listed unsorted in sweep.json).
  const order = [...xKeys].sort((a, b) => (numericX ? xValue(a) - xValue(b) : 0));
  // Deterministic placement: on numeric x, series and replicates are only
  // nudged apart so equal values stay visible; on categorical x, the series
  // stand side by side within each category's slot, replicates within that.
  const reps = Math.max(1, model.replicates);
  const repStep = numericX ? Math.min(3, 24 / (reps * series.length)) : Math.min(3, (Math.min(60, (x.step() * 0.7) / series.length) * 0.8) / reps);
  const slot = numericX ? reps * repStep : Math.min(60, (x.step() * 0.7) / series.length);
  const seriesOffset = (i) => (i - (series.length - 1) / 2) * slot;
  const half = Math.min(14, slot * 0.5); // half-width of a category's box and mean tick
  // Layers: every band under every line under every point, so no series hides another's line.
  const marks = f.plot.append("g").attr("class", "marks");
  const [bands, lines, points] = ["bands", "lines", "points"].map((c) => marks.append("g").attr("class", c));
  for (const [i, s] of series.entries()) {
    const at = numericX ? 0 : seriesOffset(i);
    const stats = order.map((key) => {
      const vs = s.runs.filter((d) => d.x === key).map((d) => d.v);
      return { px: x(xValue(key)) + at, n: vs.length, mean: d3.mean(vs), min: d3.min(vs), max: d3.max(vs) };
    });
    // Numeric x: a continuous band and a line through the means. Categorical
    // x: the categories have no in-between, so nothing joins them: one box
    // (the replicate range) and one mean tick per category (one path each).
    const filled = stats.filter((d) => d.n > 0);
    const band = numericX
      ? d3.area().defined((d) => d.n > 0).x((d) => d.px).y0((d) => y(d.min)).y1((d) => y(d.max))(stats)
      : filled.map((d) => `M${d.px - half},${y(d.max)}H${d.px + half}V${y(d.min)}H${d.px - half}Z`).join("");
    bands.append("path").attr("class", "mark band").attr("data-series", s.label).attr("d", band)
      .attr("fill", s.colour).attr("fill-opacity", 0.15).attr("stroke", s.colour).attr("stroke-opacity", 0.3);
    if (numericX) {
      const line = d3.line().defined((d) => d.n > 0).x((d) => d.px).y((d) => y(d.mean));
      lines.append("path").attr("class", "mark line").attr("data-series", s.label).attr("d", line(stats))
        .attr("fill", "none").attr("stroke", s.colour).attr("stroke-width", 2)
        .attr("stroke-linejoin", "round").attr("stroke-linecap", "round");
    } else {
      lines.append("path").attr("class", "mark mean").attr("data-series", s.label)
        .attr("d", filled.map((d) => `M${d.px - half},${y(d.mean)}H${d.px + half}`).join(""))
        .attr("fill", "none").attr("stroke", s.colour).attr("stroke-width", 2.5);
    }
  }
  for (const [i, s] of series.entries()) {
    for (const d of s.runs) {
      const jitter = seriesOffset(i) + (d.rep - (reps - 1) / 2) * repStep;
      points.append("circle").attr("class", "mark point").attr("data-series", s.label).attr("data-run", d.run.run_id)
        .attr("cx", x(xValue(d.x)) + jitter).attr("cy", y(d.v)).attr("r", 3.2)
        .attr("fill", s.colour).attr("fill-opacity", 0.75).attr("stroke", "#fff").attr("stroke-width", 0.6)
        .append("title").text(`${d.run.run_id}: ${metric} = ${d.raw}`);
    }
  }
  return f.svg.node();
}

/**
 * The interactive explorer: plain <select> controls (Observable Inputs would
 * load from a CDN, which offline pages must not) and the chart below them.
 * Changing a control redraws the chart in place.
 * @param {any[]} runs rows of runs.csv (raw strings)
 * @param {object} sweep sweep.json
 */
export function sweepExplorer(runs, sweep) {
  const model = sweepModel(runs, sweep);
  const sel = defaultSelection(model);
  const { root, controls, body: chartBox } = controlledView("coordsim-sweep-explorer");
  const NONE = "__none__";

  function render() {
    controls.replaceChildren();
    const metricOptions = model.metrics.map((m) => [m, model.filled.has(m) ? m : `${m} (no values)`]);
    controls.append(select("metric", "metric", metricOptions, sel.metric ?? "", (v) => { sel.metric = v; render(); }).wrap);
    if (model.params.length) {
      controls.append(select("x", "x parameter", model.params.map((p) => [p.path, p.path]), sel.x, (v) => {
        sel.x = v;
        if (sel.series === v) sel.series = defaultSeries(model.params, v);
        render();
      }).wrap);
      const seriesOptions = [[NONE, "(none)"], ...model.params.filter((p) => p.path !== sel.x).map((p) => [p.path, p.path])];
      controls.append(select("series", "one line per", seriesOptions, sel.series ?? NONE, (v) => {
        sel.series = v === NONE ? null : v;
        render();
      }).wrap);
    }
    for (const p of model.params) {
      if (p.path === sel.x || p.path === sel.series) continue;
      if (!p.keys.includes(sel.fixed[p.path])) sel.fixed[p.path] = p.keys[0];
      const options = p.keys.map((k, i) => [k, p.labels[i]]);
      const s = select(`fixed:${p.path}`, `${p.path} fixed at`, options, sel.fixed[p.path], (v) => { sel.fixed[p.path] = v; render(); });
      controls.append(s.wrap);
    }
    const fixed = {};
    for (const p of model.params) if (p.path !== sel.x && p.path !== sel.series) fixed[p.path] = sel.fixed[p.path];
    chartBox.replaceChildren(sweepChart(model, { ...sel, fixed }));
  }
  render();
  return root;
}
