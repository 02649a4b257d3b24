// Strongest attack page: data/search.json (optimize.json with
// strongest-attack.yaml's header: the --against mechanism, the attack, the
// cap) and generations.csv of `coordsim attack`. Each attacker parameter of
// the strongest attack drawn within its factor's range, the gain it reached
// with its 95% interval, and the gain of every attack tried by generation
// (attacks over the cap hollow).
//
// Markup contract (the browser tests count these): chart "attack-parameters"
// has one "mark point" per attack factor (data-factor) on one track each;
// chart "attack-gains" is the convergence chart (search.js) of the gain;
// dl.coordsim-attack-summary holds against, attack, gain and cap.
import * as d3 from "d3";
import { definitionList, frame } from "./chart-core.js";
import { isNum, plainNumber, valueFormat } from "./format.js";
import { BEST, convergenceChart, factorAxis, searchModel, withInterval } from "./search.js";

/** One row per attack factor: its range as a track, the strongest attack's value as a point. */
export function attackParametersChart(search) {
  const factors = Object.keys(search.factors);
  const best = search.best;
  const longest = d3.max(factors, (f) => f.length) ?? 10;
  const f = frame({
    name: "attack-parameters", title: "Strongest attack: each parameter within its range", plotHeight: factors.length * 44,
    legend: [{ label: "strongest attack's value", colour: BEST, kind: "point" }, { label: "factor's range", colour: "#bbb", kind: "bar" }],
    margin: { left: Math.min(280, 20 + longest * 6.4), bottom: 20 },
  });
  const rows = d3.scaleBand().domain(factors).range([0, f.height]).padding(0.3);
  const marks = f.plot.append("g").attr("class", "marks");
  for (const factor of factors) {
    // Each factor has its own range: the track is the factor's axis, its ends labelled.
    const ax = factorAxis(search.factors[factor], f.width);
    const at = (cell) => { const v = ax.at(cell); return v === null ? null : f.width - v; };
    const cy = rows(factor) + rows.bandwidth() / 2;
    const g = f.plot.append("g").attr("class", "track");
    g.append("rect").attr("x", 0).attr("y", cy - 3).attr("width", f.width).attr("height", 6).attr("fill", "#ddd").attr("rx", 3);
    g.append("text").attr("x", -8).attr("y", cy).attr("dy", "0.35em").attr("text-anchor", "end").text(factor);
    const domain = ax.y.domain();
    const ends = typeof domain[0] === "string" ? [domain[0], domain[domain.length - 1]] : domain;
    g.append("text").attr("class", "range-end").attr("x", 0).attr("y", cy + 16).attr("font-size", 10).attr("fill", "#555").text(ax.format(ends[0]));
    g.append("text").attr("class", "range-end").attr("x", f.width).attr("y", cy + 16).attr("text-anchor", "end").attr("font-size", 10).attr("fill", "#555").text(ax.format(ends[1]));
    const value = best?.values?.[factor];
    const cx = value === undefined ? null : at(String(value));
    if (cx === null) continue;
    marks.append("circle").attr("class", "mark point").attr("data-factor", factor).attr("cx", cx).attr("cy", cy).attr("r", 6)
      .attr("fill", BEST).attr("stroke", "#fff").attr("stroke-width", 1.5)
      .append("title").text(`${factor} = ${value}`);
    g.append("text").attr("class", "value").attr("x", cx).attr("y", cy - 10).attr("text-anchor", "middle").attr("font-size", 11)
      .text(typeof value === "number" ? plainNumber(value) : String(value));
  }
  return f.svg.node();
}

/** The summary of the attack: against, the attack, its gain with interval, the cap. */
export function attackSummary(search) {
  const header = search.attack ?? {};
  const best = search.best;
  // As attack-junit.xml decides (src/check/attackJunit.ts): the mean, or mean + 1.96 SE with threshold_on: upper95.
  const upper = header.thresholdOn === "upper95";
  const bounded = (b) => (upper ? b.objective_mean + 1.959963984540054 * b.objective_se : b.objective_mean);
  const items = [
    ["against", header.against ?? "–"],
    ["attack", header.attack ?? (best ? Object.entries(best.values).map(([k, v]) => `${k}=${v}`).join(", ") : "–")],
    ["gain", best ? `${search.objective} = ${withInterval(search.objective, best.objective_mean, best.objective_se)} (generation ${best.generation}, candidate ${best.candidate})` : "no attack under the cap was found"],
    ["cap", header.cap ?? (search.constraints.join(", ") || "none")],
    ...(isNum(header.threshold) ? [["threshold", `${valueFormat(header.threshold)}${upper ? " on the upper 95% bound" : ""}: ${best && bounded(best) > header.threshold ? "exceeded (attack-junit.xml fails)" : "held (no attack under the cap gains more)"}`]] : []),
  ];
  return definitionList(items, "coordsim-attack-summary", "0 0 12px");
}

export function attackPage(rows, search) {
  const root = document.createElement("div");
  root.className = "coordsim-attack";
  const model = searchModel(rows, search);
  const gains = convergenceChart(model, search, {
    title: `Gain ${search.objective} of every attack tried, and the strongest so far (maximize, under the cap)`,
    feasible: "attack under the cap", infeasible: "attack over the cap (hollow)", threshold: search.attack?.threshold ?? null,
  });
  gains.setAttribute("data-chart", "attack-gains");
  root.append(attackSummary(search), attackParametersChart(search), gains);
  return root;
}
