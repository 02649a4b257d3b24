// The files of a results folder as the notebooks will read them, checked
// first: regular, at most MAX_NOTEBOOK_FILE_BYTES, UTF-8, and CSV with a
// header of distinct names and every row as long as it. A problem is bad input
// naming the file and the line, before anything is staged or built.
import { CsvError, parse } from "csv-parse/sync";
import { readTextFile } from "../inputFile.js";
import { OutputDirError } from "../output/outDir.js";

/** Largest file the notebooks take (bytes): the site bundles each file, and a browser has to load it. */
export const MAX_NOTEBOOK_FILE_BYTES = 256 * 1024 * 1024;
/** Longest CSV row (bytes): coordsim's rows are far shorter; a longer one is not a file it wrote. */
export const MAX_CSV_RECORD_BYTES = 8 * 1024 * 1024;

export interface CsvRow {
  cells: string[];
  /** Line the row starts on (1 is the header). */
  line: number;
}

export interface CsvTable {
  path: string;
  header: string[];
  rows: CsvRow[];
}

/** A results-folder text file, read with the size cap. */
export function readResultText(path: string): string {
  return readTextFile(path, "the file", MAX_NOTEBOOK_FILE_BYTES);
}

export function readCsvTable(path: string): CsvTable {
  const text = readResultText(path);
  if (text.trim() === "") throw new OutputDirError(`${path}: empty file (expected a CSV header row)`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, max_record_size: MAX_CSV_RECORD_BYTES }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw new OutputDirError(`${path}${line !== undefined ? `:${line}` : ""}: not a CSV file coordsim wrote (${error.message})`);
  }
  const [head, ...body] = records;
  const header = head!.record;
  const seen = new Set<string>();
  for (const [c, name] of header.entries()) {
    if (name === "") throw new OutputDirError(`${path}:1: column ${c + 1} of the header has no name`);
    if (seen.has(name)) throw new OutputDirError(`${path}:1: the header names column ${JSON.stringify(name)} twice`);
    seen.add(name);
  }
  return { path, header, rows: body.map((r) => ({ cells: r.record, line: r.info.lines })) };
}

/** Refuse a table without `columns` (the notebooks need them); `why` says what for. */
export function requireColumns(table: CsvTable, columns: readonly string[], why: string): void {
  const missing = columns.filter((c) => !table.header.includes(c));
  if (missing.length > 0) throw new OutputDirError(`${table.path}:1: missing the column${missing.length === 1 ? "" : "s"} ${missing.join(", ")} (${why})`);
}

/** The cells of `table` by column name, row by row. */
export function recordsOf(table: CsvTable): Record<string, string>[] {
  return table.rows.map((row) => Object.fromEntries(table.header.map((name, c) => [name, row.cells[c]!])));
}
