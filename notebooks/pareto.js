// Pareto front page: generations.csv and pareto.csv of `coordsim optimize`
// with a front of 2 or more objectives (data/search.json lists them, each
// with its sense). Every feasible candidate on two of the objectives (chosen
// with the selects when there are more than two) with ±1 SE whiskers on both;
// pareto.csv's members highlighted and joined in order of the x objective; a
// table of the members' factor values and objectives.
//
// Markup contract (the browser tests count these): chart "pareto" has one
// "mark point" and one "mark whisker" per feasible candidate with both
// objectives (data-front 1 for pareto.csv's members), one "mark line front";
// the table is table.coordsim-pareto with one tbody row per front member.
import * as d3 from "d3";
import { axes, colour, frame, noData, paddedDomain } from "./chart-core.js";
import { controlledView, select } from "./controls.js";
import { axisFormat, isNum, plainNumber, valueFormat } from "./format.js";
import { drawn, objectiveLabel, objectiveUnit } from "./search.js";

const OTHER = colour(0);
const FRONT = colour(3);
const num = (cell) => (typeof cell === "string" && cell.trim() !== "" && Number.isFinite(Number(cell)) ? Number(cell) : null);
const key = (r) => `${r.generation}/${r.candidate}`;

/** Feasible candidates with their front means and SEs, and which are on the front. */
export function paretoModel(rows, paretoRows, search) {
  const members = new Set(paretoRows.map(key));
  const points = rows.filter((r) => r.feasible === "1").map((r) => ({
    row: r, generation: Number(r.generation), candidate: Number(r.candidate), front: members.has(key(r)),
    mean: Object.fromEntries(search.front.map((o) => [o.expression, num(r[`front_mean:${o.expression}`])])),
    se: Object.fromEntries(search.front.map((o) => [o.expression, num(r[`front_se:${o.expression}`])])),
  }));
  return { points, members: paretoRows, objectives: search.front };
}

const arrow = (o) => (o.sense === "minimize" ? "lower is better" : "higher is better");

export function paretoChart(model, xo, yo) {
  const legend = [{ label: "feasible candidate", colour: OTHER, kind: "point" }, { label: "Pareto front (pareto.csv)", colour: FRONT }];
  const f = frame({ name: "pareto", title: `Pareto front: ${xo.expression} (${xo.sense}) against ${yo.expression} (${yo.sense})`, plotHeight: 320, legend });
  const pts = model.points.filter((p) => isNum(p.mean[xo.expression]) && isNum(p.mean[yo.expression]));
  const ext = (o) => pts.flatMap((p) => [-1, 1].map((s) => drawn(o.expression, p.mean[o.expression] + s * (p.se[o.expression] ?? 0)))).filter(isNum);
  const xs = ext(xo);
  const ys = ext(yo);
  const x = d3.scaleLinear().domain(xs.length ? paddedDomain(d3.extent(xs), objectiveUnit(xo.expression)) : [0, 1]).range([0, f.width]).nice();
  const y = d3.scaleLinear().domain(ys.length ? paddedDomain(d3.extent(ys), objectiveUnit(yo.expression)) : [0, 1]).range([f.height, 0]).nice();
  axes(f, {
    x, y, xFormat: axisFormat(x, objectiveUnit(xo.expression), 8), yFormat: axisFormat(y, objectiveUnit(yo.expression), 6),
    xLabel: `${objectiveLabel(xo.expression)}, ${arrow(xo)}; whiskers ±1 SE`, yLabel: `${objectiveLabel(yo.expression)}, ${arrow(yo)}`,
  });
  if (!pts.length) {
    noData(f, "no feasible candidate has both objectives");
    return f.svg.node();
  }
  const marks = f.plot.append("g").attr("class", "marks");
  const at = (p) => [x(drawn(xo.expression, p.mean[xo.expression])), y(drawn(yo.expression, p.mean[yo.expression]))];
  const front = pts.filter((p) => p.front).sort((a, b) => a.mean[xo.expression] - b.mean[xo.expression] || a.mean[yo.expression] - b.mean[yo.expression]);
  marks.append("path").attr("class", "mark line front").attr("d", d3.line()(front.map(at)) ?? "").attr("fill", "none").attr("stroke", FRONT).attr("stroke-width", 1.6);
  // Front members last, so they sit on top.
  for (const p of [...pts.filter((q) => !q.front), ...front]) {
    const [cx, cy] = at(p);
    const sx = p.se[xo.expression] ?? 0;
    const sy = p.se[yo.expression] ?? 0;
    const [x0, x1] = [-1, 1].map((s) => x(drawn(xo.expression, p.mean[xo.expression] + s * sx)));
    const [y0, y1] = [-1, 1].map((s) => y(drawn(yo.expression, p.mean[yo.expression] + s * sy)));
    const c = p.front ? FRONT : OTHER;
    marks.append("path").attr("class", "mark whisker").attr("data-front", p.front ? 1 : 0).attr("d", `M${x0},${cy}H${x1}M${cx},${y0}V${y1}`)
      .attr("stroke", c).attr("stroke-opacity", p.front ? 0.9 : 0.35).attr("fill", "none");
    marks.append("circle").attr("class", "mark point").attr("data-front", p.front ? 1 : 0).attr("cx", cx).attr("cy", cy).attr("r", p.front ? 5 : 3.5)
      .attr("fill", c).attr("fill-opacity", p.front ? 1 : 0.4).attr("stroke", p.front ? "#fff" : "none")
      .append("title").text(`generation ${p.generation}, candidate ${p.candidate}: ${xo.expression} ${valueFormat(drawn(xo.expression, p.mean[xo.expression]), objectiveUnit(xo.expression))}, ${yo.expression} ${valueFormat(drawn(yo.expression, p.mean[yo.expression]), objectiveUnit(yo.expression))}`);
  }
  return f.svg.node();
}

/** The front members: generation, candidate, factor values, and every objective's mean ± SE. */
export function paretoTable(model, search) {
  const factors = Object.keys(search.factors);
  // worst_case "attack": each candidate was scored under the strongest attack found against it (attack:<path> columns).
  const attackColumns = search.worst_case === "attack" && model.members.length ? Object.keys(model.members[0]).filter((c) => c.startsWith("attack:")) : [];
  const worst = search.worst_case === "attack";
  const table = document.createElement("table");
  table.className = "coordsim-pareto";
  const head = table.createTHead().insertRow();
  const headers = ["generation", "candidate", ...factors, ...model.objectives.map((o) => `${objectiveLabel(o.expression)} (${o.sense})`),
    ...(worst ? ["strongest attack against it", "attack gain"] : [])];
  for (const h of headers) {
    const th = document.createElement("th");
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of model.members) {
    const tr = body.insertRow();
    const cells = [r.generation, r.candidate, ...factors.map((f) => (num(r[f]) === null ? r[f] : plainNumber(num(r[f])))),
      ...model.objectives.map((o) => {
        const unit = objectiveUnit(o.expression);
        const m = num(r[`front_mean:${o.expression}`]);
        const s = num(r[`front_se:${o.expression}`]);
        return `${valueFormat(drawn(o.expression, m), unit)}${isNum(s) ? ` ± ${valueFormat(drawn(o.expression, s), unit)}` : ""}`;
      }),
      ...(worst ? [
        attackColumns.map((c) => `${c.slice("attack:".length)}=${num(r[c]) === null ? r[c] : plainNumber(num(r[c]))}`).join(", ") || "–",
        `${valueFormat(num(r.attack_gain_mean))}${isNum(num(r.attack_gain_se)) ? ` ± ${valueFormat(num(r.attack_gain_se))}` : ""}`,
      ] : [])];
    for (const c of cells) {
      const td = tr.insertCell();
      td.textContent = String(c);
      td.style.whiteSpace = "nowrap"; // "21.1% ± 2.26%" reads as one value
    }
  }
  return table;
}

/** The page: selects for the two objectives when the front has more than two, the scatter, the table. */
export function paretoPage(rows, paretoRows, search) {
  const model = paretoModel(rows, paretoRows, search);
  const { root, controls, body } = controlledView("coordsim-pareto-page");
  const names = model.objectives.map((o) => o.expression);
  const state = { x: names[0], y: names[1] ?? names[0] };
  const draw = () => {
    body.replaceChildren(paretoChart(model, model.objectives[names.indexOf(state.x)], model.objectives[names.indexOf(state.y)]));
  };
  if (names.length > 2) {
    const options = names.map((n) => [n, n]);
    controls.append(select("x", "x objective", options, state.x, (v) => { state.x = v; draw(); }).wrap);
    controls.append(select("y", "y objective", options, state.y, (v) => { state.y = v; draw(); }).wrap);
  }
  draw();
  const info = document.createElement("p");
  info.className = "coordsim-pareto-info";
  info.textContent = `${model.members.length} of ${model.points.length} feasible candidates are on the front (no other feasible candidate is at least as good on every objective and better on one)` +
    `${search.worst_case ? `; each candidate's objectives are under the strongest attack found against it (worst_case: ${search.worst_case})` : ""}.`;
  const wrap = document.createElement("div");
  wrap.append(root, info, paretoTable(model, search));
  return wrap;
}
