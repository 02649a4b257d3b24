// The catalogue as a data dictionary: plain rows for `coordsim metrics --json`,
// aligned text for the terminal, and the README's metric reference (Markdown).
import { ENTITY_COLUMNS } from "../observers/entityTable.js";
import { ENTITY_KINDS } from "../../sim/economy/kinds.js";
import { DEFAULT_COMPARE_METRICS, METRICS, timeseriesColumn } from "./index.js";
import type { MetricKind, MetricTable } from "./types.js";

export interface MetricDescription {
  name: string;
  unit: string;
  kind: MetricKind;
  /** [min, max]; null for an unbounded end (JSON has no Infinity); null when the metric has no range. */
  range: [number | null, number | null] | null;
  tables: MetricTable[];
  /** Its column name in timeseries.csv (the kind's suffix: _cum, _now); null when not a timeseries column. */
  timeseries_column: string | null;
  definition: string;
  compared_by_default: boolean;
}

export interface EntityColumnDescription {
  name: string;
  unit: string;
  /** Kinds that have the column (empty cells for the others). */
  kinds: string[];
  definition: string;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

export function describeMetrics(): { metrics: MetricDescription[]; entities: EntityColumnDescription[] } {
  return {
    metrics: METRICS.map((m) => ({
      name: m.name,
      unit: m.unit,
      kind: m.kind,
      range: m.range === undefined ? null : [finite(m.range[0]), finite(m.range[1])],
      tables: [...m.tables],
      timeseries_column: m.tables.includes("timeseries") ? timeseriesColumn(m) : null,
      definition: m.definition,
      compared_by_default: DEFAULT_COMPARE_METRICS.includes(m.name),
    })),
    entities: ENTITY_COLUMNS.map((c) => ({
      name: c.name,
      unit: c.unit,
      kinds: typeof c.read === "function" ? ENTITY_KINDS.map((k) => k.name) : ENTITY_KINDS.map((k) => k.name).filter((k) => Object.hasOwn(c.read, k)),
      definition: c.definition,
    })),
  };
}

function rangeText(range: MetricDescription["range"]): string {
  if (range === null) return "";
  const [lo, hi] = range;
  return `[${lo ?? "-inf"}, ${hi ?? "inf"}]`;
}

function tablesText(tables: readonly MetricTable[]): string {
  return tables.length === 2 ? "both" : tables[0]!;
}

/** The README's metric reference: one table for the run metrics, one for entities.csv. */
export function metricReferenceMarkdown(): string {
  const { metrics, entities } = describeMetrics();
  const cell = (s: string) => s.replaceAll("|", "\\|");
  const lines = [
    "Generated from the metric catalogue (`coordsim metrics` prints it; `npm run docs` rewrites this section). *In*: `summary`, `timeseries` or `both`; *kind*: `flow` (a timeseries row holds its window's count, the summary the whole run's), `cumulative` (since the start of the run, in every row) or `gauge` (the state at the row's time; in the summary, at the end). In `timeseries.csv` the name says the kind: a flow's column has the plain name, a cumulative metric's ends in `_cum` and a gauge's in `_now` (`treasury_micro` is `treasury_micro_now` there); `summary.csv` uses the plain names. Metrics marked * are `coordsim compare`'s defaults. An empty cell means undefined (e.g. a share of nothing).",
    "",
    "| metric | unit | kind | in | range | definition |",
    "| --- | --- | --- | --- | --- | --- |",
    ...metrics.map((m) => `| \`${m.name}\`${m.compared_by_default ? " *" : ""} | ${m.unit} | ${m.kind} | ${tablesText(m.tables)} | ${rangeText(m.range)} | ${cell(m.definition)} |`),
    "",
    "`entities.csv` columns (empty where a kind has no such field):",
    "",
    "| column | unit | kinds | definition |",
    "| --- | --- | --- | --- |",
    ...entities.map((c) => `| \`${c.name}\` | ${c.unit} | ${c.kinds.length === ENTITY_KINDS.length ? "all" : c.kinds.join(", ")} | ${cell(c.definition)} |`),
  ];
  return lines.join("\n");
}

/** Aligned text for the terminal, grouped by file. */
export function metricReferenceText(): string {
  const { metrics, entities } = describeMetrics();
  const width = Math.max(...metrics.map((m) => (m.timeseries_column ?? m.name).length), ...entities.map((c) => c.name.length));
  const out: string[] = [];
  for (const table of ["summary", "timeseries"] as const) {
    out.push(table === "summary" ? "summary.csv:" : "timeseries.csv (a column's name says its kind: a flow's is plain, a cumulative metric's ends in _cum, a gauge's in _now):");
    for (const m of metrics.filter((d) => d.tables.includes(table))) {
      const facts = [m.unit, m.kind, rangeText(m.range), m.compared_by_default ? "compare default" : ""].filter((f) => f !== "").join(", ");
      const name = table === "timeseries" ? m.timeseries_column! : m.name;
      out.push(`  ${name.padEnd(width)}  ${facts}. ${m.definition}`);
    }
    out.push("");
  }
  out.push("entities.csv:");
  for (const c of entities) out.push(`  ${c.name.padEnd(width)}  ${c.unit}, ${c.kinds.length === ENTITY_KINDS.length ? "all kinds" : c.kinds.join("/")}. ${c.definition}`);
  out.push("", "`coordsim metrics --json` prints the same as JSON.", "");
  return out.join("\n");
}
