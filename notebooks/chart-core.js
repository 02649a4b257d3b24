// Shared building blocks for the coordsim notebook charts: palette, the chart
// frame (title, legend, axes), the "no data" note and line charts. Units and
// number formats live in format.js, used by every chart.
//
// Markup contract (the browser tests count these):
// - every chart is <svg class="coordsim-chart" data-chart="NAME">;
// - every data mark has class "mark" plus one of line / point / whisker / band;
// - decorations (axes, gridlines, legend swatches, reference lines) never carry
//   class "mark", so counting `.mark` counts data and nothing else;
// - an empty chart keeps its svg, has zero marks and says "no data: <reason>".
//
// Everything is drawn with explicit attributes (no external CSS, no fonts, no
// randomness) so a page renders identically offline and from run to run.
import * as d3 from "d3";
import { axisFormat, isNum } from "./format.js";

/** viewBox width; the svg scales to its container with width 100%. */
export const WIDTH = 720;

/**
 * Okabe–Ito colours, reordered so the first few series get the most
 * distinguishable hues; yellow comes last because it is faint on white.
 */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];

/** Colour for the i-th series (wraps around after eight). */
export const colour = (i) => PALETTE[i % PALETTE.length];

const FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const TITLE_Y = 18;
const LEGEND_TOP = 30;
const LEGEND_ROW = 16;
/** Rough glyph width at 11px; only used to wrap the legend, so an estimate suffices. */
const CHAR_W = 6.2;

/**
 * Lay legend items out in rows across the top of the chart.
 * @param {{label: string}[]} items
 * @param {number} left x where the legend starts
 * @param {number} width the chart's width
 * @returns {{placed: {x: number, row: number}[], rows: number}} each item's position, and the row count
 */
function legendLayout(items, left, width) {
  let x = left;
  let row = 0;
  const placed = items.map((item) => {
    const w = 22 + item.label.length * CHAR_W + 16;
    if (x + w > width - 10 && x > left) {
      row += 1;
      x = left;
    }
    const at = { x, row };
    x += w;
    return at;
  });
  return { placed, rows: items.length ? row + 1 : 0 };
}

/**
 * Create an empty chart: svg with title, legend, and a plot group translated
 * to the plotting area. Every series is in the legend, a single one too: the
 * title says what the chart is about, the legend which column a line is.
 * @param {object} o
 * @param {string} o.name value of data-chart
 * @param {string} o.title visible title (also the accessible label)
 * @param {number} o.plotHeight height of the plotting area in px
 * @param {{label: string, colour: string, kind?: "line"|"point"|"bar"|"dashed"}[]} [o.legend]
 * @param {{left?: number, right?: number, bottom?: number}} [o.margin]
 * @param {number} [o.width] viewBox width (a small multiple is narrower than WIDTH)
 */
export function frame({ name, title, plotHeight, legend = [], margin = {}, width = WIDTH }) {
  const left = margin.left ?? 64;
  const right = margin.right ?? 20;
  const bottom = margin.bottom ?? 44;
  const items = legend;
  const { placed, rows } = legendLayout(items, left, width);
  const top = LEGEND_TOP + rows * LEGEND_ROW + 12;
  const height = top + plotHeight + bottom;
  const svg = d3
    .create("svg")
    .attr("class", "coordsim-chart")
    .attr("data-chart", name)
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("width", "100%")
    .attr("role", "img")
    .attr("aria-label", title)
    .style("max-width", `${width}px`)
    .style("height", "auto")
    .style("display", "block")
    .style("overflow", "visible")
    .attr("font-family", FONT)
    .attr("font-size", 11);
  svg.append("title").text(title);
  svg.append("text").attr("class", "chart-title").attr("x", 4).attr("y", TITLE_Y)
    .attr("font-size", 14).attr("font-weight", 600).text(title);
  const lg = svg.append("g").attr("class", "legend");
  items.forEach((item, i) => {
    const g = lg.append("g").attr("class", "legend-item")
      .attr("transform", `translate(${placed[i].x},${LEGEND_TOP + placed[i].row * LEGEND_ROW})`);
    if (item.kind === "point") {
      g.append("circle").attr("class", "swatch").attr("cx", 9).attr("cy", 0).attr("r", 4).attr("fill", item.colour);
    } else if (item.kind === "bar") {
      g.append("rect").attr("class", "swatch").attr("x", 2).attr("y", -5).attr("width", 14).attr("height", 10).attr("fill", item.colour);
    } else {
      g.append("line").attr("class", "swatch").attr("x1", 0).attr("x2", 18).attr("y1", 0).attr("y2", 0)
        .attr("stroke", item.colour).attr("stroke-width", item.kind === "dashed" ? 1.5 : 3)
        .attr("stroke-dasharray", item.kind === "dashed" ? "4 3" : null);
    }
    g.append("text").attr("x", 22).attr("y", 0).attr("dy", "0.35em").text(item.label);
  });
  const plot = svg.append("g").attr("class", "plot").attr("transform", `translate(${left},${top})`);
  return { svg, plot, width: width - left - right, height: plotHeight, left, top };
}

/**
 * Draw a bottom and a left axis with light gridlines and axis titles.
 * Gridlines are drawn first so the data marks sit on top of them.
 * @param {{plot: any, width: number, height: number}} f frame (from frame())
 * @param {{x: any, y: any, xFormat?: (v: any) => string, yFormat?: (v: any) => string,
 *   xLabel: string, yLabel: string, xTicks?: number, yTicks?: number, xTickValues?: number[]}} o
 *   scales, tick formats, axis titles; xTickValues puts x ticks at given values (a log axis at its grid values)
 */
export function axes(f, { x, y, xFormat, yFormat, xLabel, yLabel, xTicks = 8, yTicks = 6, xTickValues }) {
  const { plot, width, height } = f;
  const grid = plot.insert("g", ":first-child").attr("class", "grid").attr("stroke", "#000").attr("stroke-opacity", 0.08);
  for (const t of y.ticks ? y.ticks(yTicks) : []) {
    grid.append("line").attr("x1", 0).attr("x2", width).attr("y1", y(t)).attr("y2", y(t));
  }
  const xAxis = d3.axisBottom(x).tickSizeOuter(0);
  if (xTickValues) xAxis.tickValues(xTickValues);
  else if (x.ticks) xAxis.ticks(xTicks);
  if (xFormat) xAxis.tickFormat(xFormat);
  plot.append("g").attr("class", "axis axis-x").attr("transform", `translate(0,${height})`).call(xAxis);
  const yAxis = d3.axisLeft(y).ticks(yTicks).tickSizeOuter(0);
  if (yFormat) yAxis.tickFormat(yFormat);
  plot.append("g").attr("class", "axis axis-y").call(yAxis);
  // d3.axis hard-codes font-family sans-serif; inherit the chart's font instead.
  plot.selectAll(".axis").attr("font-family", null).attr("font-size", 10);
  plot.append("text").attr("class", "axis-label axis-label-x").attr("x", width / 2).attr("y", height + 36)
    .attr("text-anchor", "middle").text(xLabel);
  plot.append("text").attr("class", "axis-label axis-label-y").attr("transform", "rotate(-90)")
    .attr("x", -height / 2).attr("y", -50).attr("text-anchor", "middle").text(yLabel);
}

/**
 * A y domain around [lo, hi] with 8% room each side, that does not cross 0
 * (or 100%, for shares) just for the room.
 * @param {number[]} extent [lo, hi] of the drawn values
 * @param {"money"|"hours"|"share"|"number"} unit
 */
export function paddedDomain([lo, hi], unit) {
  const pad = hi > lo ? (hi - lo) * 0.08 : Math.abs(hi) * 0.1 || 1;
  const y0 = lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
  const y1 = unit === "share" && hi <= 1 ? Math.min(1, hi + pad) : hi + pad;
  return [y0, y1];
}

/**
 * Mark a chart as empty: a centred, visible "no data: <reason>" note. Callers
 * still draw axes where they can so the page layout does not jump.
 */
export function noData(f, reason) {
  f.plot.append("text").attr("class", "no-data").attr("x", f.width / 2).attr("y", f.height / 2)
    .attr("text-anchor", "middle").attr("font-size", 13).attr("fill", "#555")
    .attr("stroke", "#fff").attr("stroke-width", 5).attr("paint-order", "stroke") // halo over gridlines
    .text(`no data: ${reason}`);
}

/**
 * Line chart of several numeric columns against one x column. A column is a
 * series only if it has at least one finite value; nulls are gaps
 * (line.defined), never zeros. An isolated point between gaps still shows as a
 * dot because of the round line caps.
 * @param {any[]} rows parsed CSV rows (d3.autoType)
 * @param {object} o
 * @param {string} o.name data-chart value
 * @param {string} o.title
 * @param {string} o.x x column (e.g. "t_h")
 * @param {string[]} o.columns candidate y columns, in legend order
 * @param {string} o.xLabel
 * @param {string} o.yLabel
 * @param {number[]} [o.yDomain] fixed [min, max] y domain (e.g. [0, 1] for bounded indices)
 * @param {"share"|"number"} [o.unit] y unit, for tick formatting (format.js)
 */
export function lineChart(rows, { name, title, x: xKey, columns, xLabel, yLabel, yDomain, unit = "share" }) {
  const series = columns.filter((c) => rows.some((r) => isNum(r[c])));
  const legend = series.map((c, i) => ({ label: c, colour: colour(i) }));
  const f = frame({ name, title, plotHeight: 240, legend });
  const xs = rows.map((r) => r[xKey]).filter(isNum);
  const xMax = d3.max(xs) ?? 1;
  const x = d3.scaleLinear().domain([Math.min(0, d3.min(xs) ?? 0), xMax]).range([0, f.width]);
  let yd = yDomain;
  if (!yd) {
    const hi = d3.max(series, (c) => d3.max(rows, (r) => (isNum(r[c]) ? r[c] : undefined))) ?? 1;
    yd = [0, hi > 0 ? hi : 1];
  }
  const y = d3.scaleLinear().domain(yd).range([f.height, 0]);
  if (!yDomain) y.nice();
  axes(f, { x, y, xFormat: axisFormat(x, "hours", 8), yFormat: axisFormat(y, unit, 6), xLabel, yLabel });
  if (!series.length) {
    noData(f, rows.length ? `none of ${columns.join(", ")} has a value in this run` : "the time series is empty");
    return f.svg.node();
  }
  const marks = f.plot.append("g").attr("class", "marks");
  series.forEach((c, i) => {
    const ok = (r) => r !== undefined && isNum(r[c]) && isNum(r[xKey]);
    const line = d3.line().defined(ok).x((r) => x(r[xKey])).y((r) => y(r[c]));
    // A value between two gaps would be a zero-length segment (nearly
    // invisible), so it gets a small ring drawn in the same path: still one
    // mark per series, but every value is visible.
    const dots = rows.filter((r, j) => ok(r) && !ok(rows[j - 1]) && !ok(rows[j + 1]))
      .map((r) => `M${x(r[xKey]) - 2.5},${y(r[c])}a2.5,2.5 0 1,0 5,0a2.5,2.5 0 1,0 -5,0`).join("");
    marks.append("path").attr("class", "mark line").attr("data-series", c).attr("d", (line(rows) ?? "") + dots)
      .attr("fill", "none").attr("stroke", colour(i)).attr("stroke-width", 2)
      .attr("stroke-linejoin", "round").attr("stroke-linecap", "round");
  });
  return f.svg.node();
}

/** A two-column definition list of [label, value] pairs, each value's <dd> tagged data-field=<label> (the tests read them). */
export function definitionList(items, className, margin) {
  const dl = document.createElement("dl");
  dl.className = className;
  dl.style.cssText = `display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:${margin}`;
  for (const [k, v] of items) {
    const dt = document.createElement("dt");
    dt.textContent = k;
    dt.style.fontWeight = "600";
    const dd = document.createElement("dd");
    dd.textContent = String(v ?? "–");
    dd.style.margin = "0";
    dd.dataset.field = k;
    dl.append(dt, dd);
  }
  return dl;
}
