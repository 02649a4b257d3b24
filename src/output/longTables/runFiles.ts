// Reading a run's CSV files for the long tables: the header row alone (to plan
// the columns before anything is written), and all records as a stream (a
// run's timeseries or entities file may be large, so it is never read whole).
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";

/** Header rows are short; a longer first line is not a coordsim run file. */
const MAX_HEADER_BYTES = 1 << 20;
const CHUNK = 1 << 14;

/** The column names in the first line of a CSV file coordsim wrote (no quoted newlines in names). */
export function readCsvHeader(path: string): string[] {
  const fd = openSync(path, "r");
  try {
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const buffer = Buffer.alloc(CHUNK);
      const n = readSync(fd, buffer, 0, CHUNK, null);
      const newline = buffer.subarray(0, n).indexOf(0x0a);
      chunks.push(buffer.subarray(0, newline >= 0 ? newline : n));
      length += n;
      if (newline >= 0 || n === 0) break;
      if (length > MAX_HEADER_BYTES) throw new Error(`${path}: the header row is longer than ${MAX_HEADER_BYTES} bytes`);
    }
    const line = Buffer.concat(chunks).toString("utf8").replace(/\r$/, "");
    if (line === "") return [];
    // Column names are snake_case or field paths: quoted only if one held a comma or a quote.
    if (!line.includes('"')) return line.split(",");
    const [header] = parseSync(line) as string[][];
    return header ?? [];
  } finally {
    closeSync(fd);
  }
}

/** Files up to this size are parsed in one go (far faster than a stream per file for the many small files of a sweep). */
const WHOLE_FILE_BYTES = 1 << 20;

function fileSize(path: string): number {
  const fd = openSync(path, "r");
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}

/** A CSV file's records, header first, each as cell strings; a large file is streamed. */
export async function* csvRecords(path: string): AsyncGenerator<string[]> {
  if (fileSize(path) <= WHOLE_FILE_BYTES) {
    yield* parseSync(readFileSync(path)) as string[][];
    return;
  }
  const input = createReadStream(path);
  const parser = parse();
  // pipe() does not pass a read error on: without this the loop below would wait forever.
  input.on("error", (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const record of parser) yield record as string[];
  } finally {
    input.destroy();
  }
}
