// Tidy CSV via csv-stringify, with one number format everywhere so identical
// runs produce identical bytes: integers as-is, other numbers in JavaScript's
// shortest round-trip form, null/undefined as an empty cell (NA).
import { stringify } from "csv-stringify/sync";

export type Cell = string | number | boolean | null | undefined;

export function formatCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "";
    if (Object.is(value, -0)) return "0";
    return String(value);
  }
  if (typeof value === "boolean") return value ? "1" : "0";
  return value;
}

/** CSV text for a header and rows. */
export function toCsv(columns: readonly string[], rows: Iterable<readonly Cell[]>): string {
  return [...csvChunks(columns, rows)].join("");
}

/** CSV text in chunks of `batch` rows, so huge tables never sit in memory as one string. */
export function* csvChunks(columns: readonly string[], rows: Iterable<readonly Cell[]>, batch = 10_000): Generator<string> {
  yield stringify([columns as string[]]);
  let pending: string[][] = [];
  for (const row of rows) {
    pending.push(row.map(formatCell));
    if (pending.length === batch) {
      yield stringify(pending);
      pending = [];
    }
  }
  if (pending.length > 0) yield stringify(pending);
}

/** Rows of records as CSV, columns as given or in the order of the first record's keys (a header even with no record). */
export function recordsToCsv(records: readonly Record<string, Cell>[], header?: readonly string[]): string {
  const columns = header ?? (records.length > 0 ? Object.keys(records[0]!) : []);
  return toCsv(columns, records.map((r) => columns.map((c) => r[c])));
}
