// Lorenz curves of cumulative reward per entity kind, with the Gini
// coefficient recomputed in the browser from entities.csv. The Gini uses the
// same population formula as the simulator's summary (src/metrics/inequality.ts),
// so the legend can be checked against summary.csv's provider_reward_gini and
// agent_reward_gini.
import * as d3 from "d3";
import { PALETTE, axes, frame, noData } from "./chart-core.js";
import { isNum } from "./format.js";

/** entities.csv columns read here (column names are data: one place to rename them). */
export const ENTITY_COLUMNS = { kind: "kind", reward: "reward_micro" };

/** Known kinds first, in the simulator's pipeline order; colours stay fixed per kind. */
const KIND_ORDER = ["provider", "model", "agent", "validator"];

/**
 * Population Gini Σ_i (2i − n − 1) x_(i) / (n Σx) over ascending x, i from 1.
 * 0 for all-zero input, null for empty input (matching the simulator).
 * @param {number[]} values non-negative
 * @returns {number | null}
 */
export function gini(values) {
  const n = values.length;
  if (n === 0) return null;
  const x = Float64Array.from(values).sort();
  let total = 0;
  for (let i = 0; i < n; i++) total += x[i];
  if (total === 0) return 0;
  let acc = 0;
  for (let i = 0; i < n; i++) acc += (2 * (i + 1) - n - 1) * x[i];
  return acc / (n * total);
}

/**
 * Lorenz curve points: share of entities (poorest first) against their share
 * of the total, starting at (0, 0) and ending at (1, 1).
 * @param {number[]} values non-negative, total > 0
 * @returns {[number, number][]}
 */
export function lorenzPoints(values) {
  const x = Float64Array.from(values).sort();
  const n = x.length;
  const total = d3.sum(x);
  const points = [[0, 0]];
  let cum = 0;
  for (let i = 0; i < n; i++) {
    cum += x[i];
    points.push([(i + 1) / n, cum / total]);
  }
  return points;
}

/**
 * Group reward_micro by entity kind and keep the kinds a Lorenz curve means
 * something for: at least two entities, a positive total and no negative
 * value (rewards are non-negative by construction; a negative one would make
 * the curve and the Gini meaningless, so such a kind is left out).
 * @param {any[]} entities rows of entities.csv (d3.autoType)
 */
export function rewardsByKind(entities) {
  const groups = d3.group(entities, (e) => e[ENTITY_COLUMNS.kind]);
  const kinds = [...groups.keys()].sort((a, b) => {
    const ia = KIND_ORDER.indexOf(a), ib = KIND_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || d3.ascending(a, b);
  });
  return kinds.map((kind, index) => {
    const values = groups.get(kind).map((e) => e[ENTITY_COLUMNS.reward]).filter(isNum);
    const total = d3.sum(values);
    const ok = values.length >= 2 && total > 0 && values.every((v) => v >= 0);
    const known = KIND_ORDER.indexOf(kind);
    const colour = PALETTE[(known >= 0 ? known : KIND_ORDER.length + index) % PALETTE.length];
    return { kind, colour, values, ok, gini: ok ? gini(values) : null };
  });
}

/**
 * The "lorenz" chart: one curve per kind plus the equality diagonal (a
 * reference, not a mark). The further a curve sags below the diagonal, the
 * more the reward is concentrated; the legend gives the Gini to 3 decimals.
 * @param {any[]} entities rows of entities.csv
 */
export function lorenzChart(entities) {
  const kinds = rewardsByKind(entities).filter((k) => k.ok);
  const legend = kinds.map((k) => ({
    label: `${k.kind} (n=${k.values.length}, Gini ${k.gini.toFixed(3)})`,
    colour: k.colour,
  }));
  const f = frame({ name: "lorenz", title: "Lorenz curves of cumulative reward by entity kind", plotHeight: 320, legend });
  const x = d3.scaleLinear().domain([0, 1]).range([0, f.width]);
  const y = d3.scaleLinear().domain([0, 1]).range([f.height, 0]);
  const pct = d3.format(".0%");
  axes(f, {
    x, y, xFormat: pct, yFormat: pct, xTicks: 10, yTicks: 5,
    xLabel: "cumulative share of entities, poorest first (%)",
    yLabel: "cumulative share of reward (%)",
  });
  f.plot.append("line").attr("class", "reference equality").attr("x1", x(0)).attr("y1", y(0))
    .attr("x2", x(1)).attr("y2", y(1)).attr("stroke", "#888").attr("stroke-dasharray", "4 3");
  f.plot.append("text").attr("class", "reference-label").attr("x", x(0.8)).attr("y", y(0.8))
    .attr("dy", "-0.5em").attr("text-anchor", "end").attr("fill", "#666")
    .attr("transform", `rotate(${(-Math.atan2(f.height, f.width) * 180) / Math.PI},${x(0.8)},${y(0.8)})`)
    .text("perfect equality");
  if (!kinds.length) {
    noData(f, entities.length
      ? "no entity kind has two or more entities with a positive total reward"
      : "entities.csv is empty");
    return f.svg.node();
  }
  const line = d3.line().x((p) => x(p[0])).y((p) => y(p[1]));
  const marks = f.plot.append("g").attr("class", "marks");
  for (const k of kinds) {
    marks.append("path").attr("class", "mark line").attr("data-series", k.kind)
      .attr("data-gini", k.gini.toFixed(6)).attr("d", line(lorenzPoints(k.values)))
      .attr("fill", "none").attr("stroke", k.colour).attr("stroke-width", 2)
      .attr("stroke-linejoin", "round");
  }
  return f.svg.node();
}
