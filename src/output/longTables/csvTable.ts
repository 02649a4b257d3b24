// A long table as CSV: the header, then rows appended in batches. Cells are the
// run files' own strings, so a value reads back exactly as the run wrote it.
import { stringify } from "csv-stringify/sync";
import { HashedFile } from "./hashedFile.js";
import type { FileDigest } from "../atomic.js";
import type { LongColumn } from "./columns.js";

const BATCH_ROWS = 10_000;

export class CsvTableWriter {
  private readonly file: HashedFile;
  private pending: string[][] = [];

  constructor(path: string, columns: readonly LongColumn[]) {
    this.file = new HashedFile(path);
    this.file.write(Buffer.from(stringify([columns.map((c) => c.name)]), "utf8"));
  }

  /** One row: a cell per column, "" for an empty (null) cell. */
  add(cells: string[]): void {
    this.pending.push(cells);
    if (this.pending.length >= BATCH_ROWS) this.flush();
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
