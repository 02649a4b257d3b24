// The columns of a sweep's long tables: the run's identity and swept
// parameters (named as in runs.csv), then the union of the runs' own columns
// in catalogue order (unknown names after them, sorted), each with the Parquet
// type its unit calls for. Decided from the run list and the runs' header rows
// before any row is written, so no row is ever held to find the schema.
import { SUMMARY_METRICS, TIMESERIES_METRICS, timeseriesColumn } from "../../metrics/catalogue/index.js";
import { ENTITY_COLUMNS } from "../../metrics/observers/entityTable.js";
import type { GridAxis } from "../../scenario/sweep.js";

export const LONG_TABLES = ["summary", "timeseries", "entities"] as const;
export type LongTableName = (typeof LONG_TABLES)[number];

/** INT64: counts, micro-units, ids, seeds; DOUBLE: hours, shares, indices, ratios; STRING: labels; BOOLEAN: a swept flag. All nullable (an empty CSV cell). */
export type ColumnType = "INT64" | "DOUBLE" | "STRING" | "BOOLEAN";

export interface LongColumn {
  name: string;
  type: ColumnType;
}

/** Units whose values are whole numbers (the catalogue's micro-units are integers by construction). */
export const INTEGER_UNITS: ReadonlySet<string> = new Set(["count", "micro", "id"]);
const STRING_UNITS = new Set(["label"]);

function typeOfUnit(unit: string): ColumnType {
  if (INTEGER_UNITS.has(unit)) return "INT64";
  if (STRING_UNITS.has(unit)) return "STRING";
  return "DOUBLE";
}

/** Each table's known columns in catalogue order, with their types. */
const CATALOGUE: Record<LongTableName, readonly LongColumn[]> = {
  summary: SUMMARY_METRICS.map((m) => ({ name: m.name, type: typeOfUnit(m.unit) })),
  timeseries: TIMESERIES_METRICS.map((m) => ({ name: timeseriesColumn(m), type: typeOfUnit(m.unit) })),
  entities: ENTITY_COLUMNS.map((c) => ({ name: c.name, type: typeOfUnit(c.unit) })),
};

const IDENTITY: readonly LongColumn[] = [
  { name: "run_id", type: "STRING" },
  { name: "point", type: "INT64" },
  { name: "replicate", type: "INT64" },
  { name: "seed", type: "INT64" },
];

/** A swept parameter's type from its grid values: whole numbers, numbers, flags, or text (objects are written as JSON, as in runs.csv). */
function axisType(values: readonly unknown[]): ColumnType {
  const present = values.filter((v) => v !== null);
  if (present.length > 0 && present.every((v) => typeof v === "number" && Number.isSafeInteger(v))) return "INT64";
  if (present.length > 0 && present.every((v) => typeof v === "number")) return "DOUBLE";
  if (present.length > 0 && present.every((v) => typeof v === "boolean")) return "BOOLEAN";
  return "STRING";
}

/** The columns every long table starts with: run identity, then one per swept path. */
export function prefixColumns(axes: readonly GridAxis[]): LongColumn[] {
  return [...IDENTITY, ...axes.map((a) => ({ name: a.path, type: axisType(a.values) }))];
}

/**
 * A table's own columns across runs: the union of `headers` (each run file's
 * header row), known columns in catalogue order, then the others sorted by
 * code point (typed as text: nothing says what they hold).
 */
export function unionColumns(table: LongTableName, headers: Iterable<readonly string[]>): LongColumn[] {
  const seen = new Set<string>();
  for (const header of headers) for (const name of header) seen.add(name);
  const known = CATALOGUE[table].filter((c) => seen.has(c.name));
  const knownNames = new Set(known.map((c) => c.name));
  const others = [...seen].filter((n) => !knownNames.has(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...known, ...others.map((name): LongColumn => ({ name, type: "STRING" }))];
}

/** Prefix plus union; a run column named like a prefix column would make the table ambiguous, a coordsim bug. */
export function longTableColumns(table: LongTableName, axes: readonly GridAxis[], headers: Iterable<readonly string[]>): LongColumn[] {
  const prefix = prefixColumns(axes);
  const own = unionColumns(table, headers);
  const prefixNames = new Set(prefix.map((c) => c.name));
  const clash = own.find((c) => prefixNames.has(c.name));
  if (clash !== undefined) throw new Error(`long table ${table}: the run column ${clash.name} has the name of an identity or swept-parameter column`);
  return [...prefix, ...own];
}
