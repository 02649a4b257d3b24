// Public entry point of the coordsim notebook charts. Notebook cells import
// from here only ("./charts.js"); the implementation is split by notebook so
// each file stays small:
//   format.js      units and number formats (every chart uses it)
//   chart-core.js  palette, frame/axes/legend, "no data", line charts
//   lorenz.js      Lorenz curves and the Gini coefficient (run overview)
//   controls.js    the <select> controls of the interactive pages
//   sweep.js       sweep explorer controls and chart (sweep explorer)
//   designScatter.js  the sweep explorer for lhs / sobol / morris designs: a scatter per factor
//   sensitivity.js sensitivity indices, the Morris plane and the variance split (sensitivity)
//   search.js      search convergence and factor paths (optimize / attack folders)
//   attack.js      the strongest attack (attack folders)
//   pareto.js      the Pareto front (folders with pareto.csv)
//   compare.js     comparison tables: means, relative change, effect size (policy comparison)
import * as d3 from "d3";
import { definitionList, lineChart } from "./chart-core.js";
import { isNum } from "./format.js";

export { PALETTE, lineChart } from "./chart-core.js";
export { isNum, metricLabel, unitOf, valueFormat } from "./format.js";
export { gini, lorenzChart, lorenzPoints, rewardsByKind } from "./lorenz.js";
export { cellKey, defaultSelection, isGeometric, sweepChart, sweepExplorer, sweepModel } from "./sweep.js";
export { compareTable, compareTables, familyOf, pairLabel } from "./compare.js";
export { designExplorer, designFactors, logTicks } from "./designScatter.js";
export { sensitivityModel, sensitivityPage } from "./sensitivity.js";
export { searchModel, searchPage } from "./search.js";
export { attackPage } from "./attack.js";
export { paretoModel, paretoPage } from "./pareto.js";

/**
 * The run overview's time-series charts: which timeseries.csv columns each
 * shows. A column is drawn only when it has at least one value in the run
 * (metrics that do not apply to a scenario are written as empty cells).
 * Column names are data: renaming a timeseries.csv column is a change here only.
 */
export const RUN_CHARTS = {
  duplication: {
    title: "Duplicated work and data over time",
    columns: ["duplicate_execution_share", "duplicate_upload_share", "redundant_data_share"],
    yLabel: "share of the window (%)",
    unit: "share",
  },
  trust: {
    title: "Trust: detection and harm over time",
    columns: ["reputation_auc_now", "malicious_served_share", "false_slash_share", "whitewash_success_share_cum"],
    yLabel: "AUC or share (0–1)",
    yDomain: [0, 1],
    unit: "number",
  },
  fairness: {
    title: "Reward inequality to date (Gini)",
    columns: ["provider_reward_gini_now", "agent_reward_gini_now"],
    yLabel: "Gini coefficient (0 = equal, 1 = one takes all)",
    yDomain: [0, 1],
    unit: "number",
  },
  reputation: {
    title: "Mean reputation by true behaviour",
    columns: ["reputation_mean_honest_now", "reputation_mean_adversarial_now"],
    yLabel: "mean reputation (0–1)",
    yDomain: [0, 1],
    unit: "number",
  },
};

/**
 * One of the run overview's time-series charts (see RUN_CHARTS).
 * @param {any[]} timeseries rows of timeseries.csv (d3.autoType)
 * @param {keyof RUN_CHARTS} name
 */
export function runChart(timeseries, name) {
  const spec = RUN_CHARTS[name];
  return lineChart(timeseries, { name, x: "t_h", xLabel: "simulated time (hours)", ...spec });
}

/**
 * The run overview header: which run (its id, replicate and the grid values
 * of its sweep point), scenario name, seed, duration and events, from
 * manifest.json and run.json (written by `coordsim notebook`), as a definition
 * list (plain DOM: no htl, which is fetched from a CDN).
 * @param {any} manifest parsed manifest.json
 * @param {{run_id: string | null, replicate?: number, replicates?: number, grid?: {path: string, value: string}[]}} [run] parsed run.json
 */
export function runHeader(manifest, run = { run_id: null }) {
  const s = manifest.scenario ?? {};
  const fmt = d3.format(",");
  const which = run.run_id === null
    ? [["run", "a single run (coordsim run)"]]
    : [
      ["run", `${run.run_id} (replicate ${run.replicate} of ${run.replicates}, numbered from 0)`],
      ...(run.search ? [["search", run.search]] : []),
      ...(run.grid ?? []).map((g) => [g.path, g.value]),
    ];
  const items = [
    ...which,
    ["scenario", s.name ?? "(unnamed)"],
    ["seed", manifest.seed ?? s.seed],
    ["duration", `${isNum(manifest.simulated_hours) ? manifest.simulated_hours : s.duration} simulated hours` +
      (manifest.stop_reason && manifest.stop_reason !== "duration" ? ` (stopped: ${manifest.stop_reason})` : "")],
    ["events", isNum(manifest.events_processed) ? fmt(manifest.events_processed) : "–"],
    ["coordsim", manifest.coordsim_version ?? "–"],
  ];
  return definitionList(items, "coordsim-run-header", "0");
}
