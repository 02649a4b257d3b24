// Search convergence page: generations.csv (written by `coordsim optimize` and
// `coordsim attack`) with data/search.json (optimize.json's objective, sense,
// factors and best). The best objective so far by generation with its 95%
// interval (mean ± 1.96·SE of the candidate's replicates), every candidate's
// objective as a faint point (infeasible ones hollow, in another colour), and
// one small multiple per factor with its value by generation inside its range.
//
// Markup contract (the browser tests count these): chart "convergence" has one
// "mark point" per candidate with an objective (data-feasible 0 or 1), one
// "mark whisker" per generation from the first with a feasible candidate, one
// "mark line best"; chart "factor-path" (one per factor, data-factor) has one
// "mark point" per candidate and one "mark line best".
import * as d3 from "d3";
import { axes, colour, frame, noData, paddedDomain } from "./chart-core.js";
import { axisFormat, isNum, metricLabel, toDisplay, unitOf, valueFormat } from "./format.js";

export const FEASIBLE = colour(0);
export const INFEASIBLE = colour(3);
export const BEST = colour(6);
/** Two-sided 95% normal quantile: the interval is mean ± Z95 · SE. */
export const Z95 = 1.959963984540054;

const num = (cell) => (typeof cell === "string" && cell.trim() !== "" && Number.isFinite(Number(cell)) ? Number(cell) : null);

/**
 * Unit of an objective expression: a plain metric name keeps its suffix's unit
 * (format.js); an expression such as "a - b" is a plain number, since its
 * unit cannot be read off one suffix.
 */
const isMetricName = (expr) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(expr);
export const objectiveUnit = (expr) => (isMetricName(expr) ? unitOf(expr) : "number");
/** Axis title of an objective: a metric name with its unit ("value_delivered (units)"), an expression as written. */
export const objectiveLabel = (expr) => (isMetricName(expr) ? metricLabel(expr) : expr);
/** A value of `expr` as drawn (money in units). */
export const drawn = (expr, v) => (objectiveUnit(expr) === "number" ? v : toDisplay(expr, v));

/** "minimize duplicate_execution_share" */
export const senseText = (search) => `${search.sense} ${search.objective}`;

/** Is `a` better than `b` in `sense`? */
const better = (sense, a, b) => (sense === "minimize" ? a < b : a > b);

/**
 * generations.csv rows (raw strings) -> candidates {generation, candidate,
 * values (path -> cell), mean, se, feasible} and, per generation, the best
 * feasible candidate so far (null before the first feasible one).
 */
export function searchModel(rows, search) {
  const factors = Object.keys(search.factors);
  const candidates = rows.map((r) => ({
    generation: Number(r.generation), candidate: Number(r.candidate), row: r,
    values: Object.fromEntries(factors.map((f) => [f, r[f]])),
    mean: num(r.objective_mean), se: num(r.objective_se), feasible: r.feasible === "1",
  }));
  const generations = [...new Set(candidates.map((c) => c.generation))].sort((a, b) => a - b);
  let best = null;
  const bestSoFar = generations.map((g) => {
    for (const c of candidates) if (c.generation === g && c.feasible && isNum(c.mean) && (best === null || better(search.sense, c.mean, best.mean))) best = c;
    return { generation: g, best };
  });
  return { factors, candidates, generations, bestSoFar };
}

/** "0.211 ± 0.0443 (95%)" in the objective's drawn unit. */
export function withInterval(expr, mean, se) {
  const unit = objectiveUnit(expr);
  if (!isNum(mean)) return "–";
  return `${valueFormat(drawn(expr, mean), unit)}${isNum(se) ? ` ± ${valueFormat(drawn(expr, Z95 * se), unit)} (95%)` : ""}`;
}

/** Best objective so far by generation, with every candidate behind it. */
export function convergenceChart(model, search, { title, feasible = "feasible candidate", infeasible = "infeasible candidate (hollow)", threshold = null } = {}) {
  const expr = search.objective;
  const unit = objectiveUnit(expr);
  const legend = [
    { label: "best so far (95% interval)", colour: BEST },
    ...(isNum(threshold) ? [{ label: `threshold ${valueFormat(drawn(expr, threshold), unit)}`, colour: INFEASIBLE, kind: "dashed" }] : []),
    { label: feasible, colour: FEASIBLE, kind: "point" },
    ...(model.candidates.some((c) => !c.feasible) ? [{ label: infeasible, colour: INFEASIBLE, kind: "point" }] : []),
  ];
  const f = frame({ name: "convergence", title: title ?? `${senseText(search)}: best so far by generation`, plotHeight: 260, legend });
  const shown = model.candidates.filter((c) => isNum(c.mean));
  const ends = [
    ...shown.map((c) => drawn(expr, c.mean)),
    ...(isNum(threshold) ? [drawn(expr, threshold)] : []),
    ...model.bestSoFar.filter((b) => b.best).flatMap((b) => [drawn(expr, b.best.mean - Z95 * (b.best.se ?? 0)), drawn(expr, b.best.mean + Z95 * (b.best.se ?? 0))]),
  ].filter(isNum);
  const [g0, g1] = [d3.min(model.generations) ?? 0, d3.max(model.generations) ?? 0];
  const x = d3.scaleLinear().domain([g0 - 0.5, g1 + 0.5]).range([0, f.width]);
  const y = d3.scaleLinear().domain(ends.length ? paddedDomain(d3.extent(ends), unit) : [0, 1]).range([f.height, 0]).nice();
  const ticks = model.generations.length <= 20 ? model.generations : undefined;
  axes(f, { x, y, xTickValues: ticks, xFormat: d3.format("d"), yFormat: axisFormat(y, unit, 6), xLabel: "generation", yLabel: objectiveLabel(expr) });
  if (!shown.length) {
    noData(f, "no candidate has an objective value (every run failed?)");
    return f.svg.node();
  }
  if (isNum(threshold)) {
    // A decoration, not data: no "mark" class.
    f.plot.append("line").attr("class", "reference threshold").attr("x1", 0).attr("x2", f.width).attr("y1", y(drawn(expr, threshold))).attr("y2", y(drawn(expr, threshold)))
      .attr("stroke", INFEASIBLE).attr("stroke-width", 1.5).attr("stroke-dasharray", "4 3");
  }
  const marks = f.plot.append("g").attr("class", "marks");
  const count = d3.rollup(shown, (v) => v.length, (c) => c.generation);
  const seen = new Map();
  for (const c of shown) {
    // Candidates of one generation are spread a little so equal objectives stay visible.
    const i = seen.get(c.generation) ?? 0;
    seen.set(c.generation, i + 1);
    const n = count.get(c.generation);
    const dx = n > 1 ? ((i / (n - 1)) - 0.5) * 0.5 : 0;
    marks.append("circle").attr("class", "mark point candidate").attr("data-feasible", c.feasible ? 1 : 0)
      .attr("cx", x(c.generation + dx)).attr("cy", y(drawn(expr, c.mean))).attr("r", 3.5)
      .attr("fill", c.feasible ? FEASIBLE : "none").attr("fill-opacity", 0.35)
      .attr("stroke", c.feasible ? "none" : INFEASIBLE).attr("stroke-width", 1.4)
      .append("title").text(`generation ${c.generation}, candidate ${c.candidate}${c.feasible ? "" : " (infeasible)"}: ${withInterval(expr, c.mean, c.se)}`);
  }
  const path = model.bestSoFar.filter((b) => b.best);
  const band = d3.area().x((b) => x(b.generation)).y0((b) => y(drawn(expr, b.best.mean - Z95 * (b.best.se ?? 0)))).y1((b) => y(drawn(expr, b.best.mean + Z95 * (b.best.se ?? 0)))).curve(d3.curveStepAfter);
  marks.insert("path", ":first-child").attr("class", "mark band best").attr("d", band(path)).attr("fill", BEST).attr("fill-opacity", 0.08);
  for (const b of path) {
    const [lo, hi] = [b.best.mean - Z95 * (b.best.se ?? 0), b.best.mean + Z95 * (b.best.se ?? 0)].map((v) => y(drawn(expr, v)));
    const cx = x(b.generation);
    marks.append("path").attr("class", "mark whisker best").attr("data-generation", b.generation)
      .attr("d", `M${cx},${lo}V${hi}M${cx - 4},${lo}H${cx + 4}M${cx - 4},${hi}H${cx + 4}`).attr("stroke", BEST).attr("stroke-width", 1.4).attr("fill", "none")
      .append("title").text(`best after generation ${b.generation} (generation ${b.best.generation}, candidate ${b.best.candidate}): ${withInterval(expr, b.best.mean, b.best.se)}`);
  }
  const line = d3.line().x((b) => x(b.generation)).y((b) => y(drawn(expr, b.best.mean))).curve(d3.curveStepAfter);
  marks.append("path").attr("class", "mark line best").attr("d", line(path)).attr("fill", "none").attr("stroke", BEST).attr("stroke-width", 2);
  return f.svg.node();
}

/** A factor's range from its optimize.json spec: numeric [lo, hi] (log for loguniform) or categories. */
export function factorScale(spec) {
  const range = spec.uniform ?? spec.loguniform ?? spec.integer;
  if (Array.isArray(range)) return { kind: spec.loguniform ? "log" : "linear", domain: range.map(Number), integer: !!spec.integer };
  return { kind: "categorical", domain: (spec.categorical ?? []).map(String) };
}

/** A y scale for a factor, and the value of a cell on it (null when off the scale). */
export function factorAxis(spec, height) {
  const s = factorScale(spec);
  if (s.kind === "categorical") {
    const y = d3.scalePoint().domain(s.domain).range([height, 0]).padding(0.5);
    return { y, at: (cell) => (s.domain.includes(cell) ? y(cell) : null), format: (v) => v, label: "category" };
  }
  const y = (s.kind === "log" ? d3.scaleLog() : d3.scaleLinear()).domain(s.domain).range([height, 0]);
  return { y, at: (cell) => (num(cell) === null ? null : y(num(cell))), format: s.kind === "log" ? (v) => d3.format(",.3~g")(v) : y.tickFormat(5, ",~f"), label: `range ${s.domain.join(" to ")}` };
}

/** One small multiple: a factor's value for every candidate by generation, the best so far's value as a line. */
export function factorPathChart(model, search, factor) {
  const f = frame({
    name: "factor-path", title: factor, plotHeight: 150, width: 360, margin: { left: 64, right: 14 },
    legend: [{ label: "candidate", colour: FEASIBLE, kind: "point" }, { label: "best so far", colour: BEST }],
  });
  f.svg.attr("data-factor", factor);
  const ax = factorAxis(search.factors[factor], f.height);
  const [g0, g1] = [d3.min(model.generations) ?? 0, d3.max(model.generations) ?? 0];
  const x = d3.scaleLinear().domain([g0 - 0.5, g1 + 0.5]).range([0, f.width]);
  axes(f, { x, y: ax.y, xTickValues: model.generations.length <= 12 ? model.generations : undefined, xFormat: d3.format("d"), yFormat: ax.format, yTicks: 5, xLabel: "generation", yLabel: ax.label });
  const marks = f.plot.append("g").attr("class", "marks");
  for (const c of model.candidates) {
    const cy = ax.at(c.values[factor]);
    if (cy === null) continue;
    marks.append("circle").attr("class", "mark point").attr("data-feasible", c.feasible ? 1 : 0).attr("cx", x(c.generation)).attr("cy", cy).attr("r", 3)
      .attr("fill", c.feasible ? FEASIBLE : "none").attr("fill-opacity", 0.35).attr("stroke", c.feasible ? "none" : INFEASIBLE)
      .append("title").text(`generation ${c.generation}, candidate ${c.candidate}: ${c.values[factor]}`);
  }
  const path = model.bestSoFar.filter((b) => b.best && ax.at(b.best.values[factor]) !== null);
  if (!path.length) {
    noData(f, "no feasible candidate yet");
    return f.svg.node();
  }
  const line = d3.line().x((b) => x(b.generation)).y((b) => ax.at(b.best.values[factor])).curve(d3.curveStepAfter);
  marks.append("path").attr("class", "mark line best").attr("d", line(path)).attr("fill", "none").attr("stroke", BEST).attr("stroke-width", 2);
  return f.svg.node();
}

/** The page: a summary line, the convergence chart, the factor paths side by side. */
export function searchPage(rows, search) {
  const model = searchModel(rows, search);
  const root = document.createElement("div");
  root.className = "coordsim-search";
  const info = document.createElement("p");
  info.className = "coordsim-search-info";
  const best = search.best;
  const sigma = search.sigma ?? {};
  info.textContent = `${search.name}: ${senseText(search)}${search.constraints.length ? ` subject to ${search.constraints.join(", ")}` : ""}; ` +
    `${model.candidates.length} candidates in ${model.generations.length} generation(s) (${search.status ?? "?"}${search.stop_reason ? `, stopped: ${search.stop_reason}` : ""}). ` +
    (best ? `Best: generation ${best.generation}, candidate ${best.candidate}, ${withInterval(search.objective, best.objective_mean, best.objective_se)}. ` : "No feasible candidate yet. ") +
    (isNum(sigma.initial) && isNum(sigma.final) ? `CMA-ES step size σ (in the unit cube of the factors' ranges): ${valueFormat(sigma.initial)} at the start, ${valueFormat(sigma.final)} after the last generation.` : "");
  root.append(info, convergenceChart(model, search));
  const grid = document.createElement("div");
  grid.className = "coordsim-factor-paths";
  grid.style.cssText = "display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px;margin-top:12px";
  for (const factor of model.factors) grid.append(factorPathChart(model, search, factor));
  root.append(grid);
  return root;
}
