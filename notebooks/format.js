// Units and number formats for every notebook chart and table, in one place so
// every axis, legend and annotation reads alike:
// - plain decimals, never SI suffixes ("500m" reads as 500 metres, not 0.5);
// - thousands separators for big numbers (1,250,000);
// - money (`_micro` columns, micro-units of currency) drawn in units: values
//   divided by 1,000,000, and the label says "(units)";
// - shares as percentages, differences of shares in percentage points.
// Column names are data: the unit comes from the name's suffix, so renamed or
// new columns format correctly as long as they keep the suffix convention.
import * as d3 from "d3";

/** A finite number (nulls from empty CSV cells and NaN are gaps, not zeros). */
export const isNum = (v) => typeof v === "number" && Number.isFinite(v);

/** Micro-units in one unit of currency. */
export const MICRO_PER_UNIT = 1e6;

/** A column name without a trailing "_cum" or "_now" (running total or point-in-time reading). */
const baseName = (name) => name.replace(/_(cum|now)$/, "");

/**
 * Unit of a metric, from its name suffix (the simulator's naming convention):
 * `_micro` = micro-units of currency (drawn as "money", in units), `_h` =
 * simulated hours, `_share` = a share in [0, 1]. Anything else is a number.
 * @param {string} name
 * @returns {"money" | "hours" | "share" | "number"}
 */
export function unitOf(name) {
  const base = baseName(name);
  if (/_micro(_|$)/.test(base)) return "money";
  if (/_h$/.test(base)) return "hours";
  if (/_share(_|$)/.test(base) || /^provider_share_|^agent_share_/.test(base)) return "share";
  return "number";
}

/** What a column's stored values are divided by to be drawn (micro-units per unit for money, else 1). */
export const displayDivisor = (name) => (unitOf(name) === "money" ? MICRO_PER_UNIT : 1);

/** A stored value as drawn (money in units), or null for a gap. */
export const toDisplay = (name, v) => (isNum(v) ? v / displayDivisor(name) : null);

/** The name a label shows: money columns lose "_micro" (the label says units instead). */
export const displayName = (name) => name.replace(/_micro(?=_|$)/, "");

/**
 * Unit text for a metric, for axis titles and table cells. Beyond the suffix
 * convention, the remaining summary metrics are unitless indices, ratios (the
 * *_gain metrics) or counts; the names tell which.
 * @param {string} name
 */
export function unitText(name) {
  const unit = unitOf(name);
  if (unit === "money") return "units";
  if (unit === "hours") return "simulated hours";
  if (unit === "share") return "share, %";
  if (/_gain$/.test(baseName(name))) return "ratio";
  if (/gini|jain|theil|spearman|auc|tv_distance|reputation_mean|utilization/.test(name)) return "index";
  return "count";
}

/** Axis title for a metric: its display name plus its unit, e.g. "treasury (units)". */
export const metricLabel = (name) => `${displayName(name)} (${unitText(name)})`;

/**
 * Tick labels for a d3 scale: plain decimals with as many digits as the tick
 * step needs (d3's own precision rule), thousands separators, percentages for
 * shares. `scale` must already hold the drawn values (money in units).
 * @param {any} scale a d3 continuous scale
 * @param {"money"|"hours"|"share"|"number"} unit
 * @param {number} [count] the tick count the axis asks for
 */
export function axisFormat(scale, unit, count = 6) {
  return scale.tickFormat(count, unit === "share" ? "%" : ",f");
}

/** Tick labels for given tick values (a log axis at the grid's own values): plain, with separators. */
export const plainNumber = (v) => (!isNum(v) ? String(v) : Math.abs(v) >= 1000 ? d3.format(",.0f")(v) : d3.format(",.4~g")(v));

/**
 * One value for annotations and tables, already in drawn units: 3 significant
 * digits (whole numbers with separators from 1,000 up), percentages for shares.
 * @param {number | null | undefined} v
 * @param {"money"|"hours"|"share"|"number"} [unit]
 */
export function valueFormat(v, unit = "number") {
  if (!isNum(v)) return "–";
  if (unit === "share") return d3.format(".3~r")(v * 100) + "%";
  if (Math.abs(v) >= 1000) return d3.format(",.0f")(v);
  return d3.format(".3~r")(v);
}

/** A difference, signed, already in drawn units; a difference of shares is in percentage points. */
export function diffFormat(v, unit = "number") {
  if (!isNum(v)) return "–";
  const sign = v > 0 ? "+" : "";
  if (unit === "share") return `${sign}${valueFormat(v * 100)} pp`;
  return `${sign}${valueFormat(v)}`;
}

/** A relative change (0.25 = +25%), signed. */
export const percentChange = (r) => (!isNum(r) ? "–" : `${r > 0 ? "+" : ""}${d3.format(".3~r")(r * 100)}%`);
