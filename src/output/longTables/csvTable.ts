// A long table as CSV: the header, then rows appended in batches. Cells are the
// run files' own strings, so a value reads back exactly as the run wrote it.
import { stringify } from "csv-stringify/sync";
import { HashedFile } from "./hashedFile.js";
import type { FileDigest } from "../atomic.js";
import type { LongColumn } from "./columns.js";

/** Cells stringified at a time: enough to amortise csv-stringify's set-up, few enough to keep memory small. */
const BATCH_CELLS = 1 << 16;

export class CsvTableWriter {
  private readonly file: HashedFile;
  private pending: string[][] = [];
  private readonly batchRows: number;

  constructor(path: string, columns: readonly LongColumn[]) {
    this.batchRows = Math.max(1, Math.floor(BATCH_CELLS / Math.max(1, columns.length)));
    this.file = new HashedFile(path);
    this.file.write(Buffer.from(stringify([columns.map((c) => c.name)]), "utf8"));
  }

  /** One row: a cell per column, "" for an empty (null) cell. */
  add(cells: string[]): void {
    this.pending.push(cells);
    if (this.pending.length >= this.batchRows) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.file.write(Buffer.from(stringify(this.pending), "utf8"));
    this.pending = [];
  }

  finish(): FileDigest {
    this.flush();
    return this.file.close();
  }

  abandon(): void {
    this.file.abandon();
  }
}
