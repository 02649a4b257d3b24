// A long table as Parquet (hyparquet-writer): rows are buffered as typed
// columns until a row group is full (a bounded number of cells), then encoded
// and written to the file, so memory stays flat however many runs there are.
// Integer columns are INT64 with nulls: a cell that is not a whole number is a
// coordsim bug (a micro or count metric that is not an integer), never rounded.
import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import { HashedFile } from "./hashedFile.js";
import type { FileDigest } from "../atomic.js";
import type { ColumnType, LongColumn } from "./columns.js";

/** Cells per row group: about 1M values (tens of MB while buffered), whatever the column count. */
export const ROW_GROUP_CELLS = 1 << 20;

/** Bytes buffered before they go to the file. */
const FLUSH_BYTES = 1 << 20;

/** The file's created_by: stable, so the same rows give the same bytes on any machine. */
const CREATED_BY = "coordsim (hyparquet-writer)";

type Value = bigint | number | string | boolean | null;

/** A CSV cell that does not fit its column's type. */
export class CellTypeError extends Error {
  constructor(column: LongColumn, cell: string) {
    super(`column ${column.name} is ${column.type}, but a cell holds ${JSON.stringify(cell)}`);
    this.name = "CellTypeError";
  }
}

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

function convert(column: LongColumn, cell: string): Value {
  if (cell === "") return null;
  switch (column.type) {
    case "STRING":
      return cell;
    case "INT64":
      if (!INTEGER.test(cell)) throw new CellTypeError(column, cell);
      return BigInt(cell);
    case "DOUBLE": {
      const x = Number(cell);
      if (Number.isNaN(x)) throw new CellTypeError(column, cell);
      return x;
    }
    case "BOOLEAN":
      if (cell !== "1" && cell !== "0") throw new CellTypeError(column, cell);
      return cell === "1";
  }
}

const ELEMENT: Record<ColumnType, Pick<SchemaElement, "type" | "converted_type">> = {
  STRING: { type: "BYTE_ARRAY", converted_type: "UTF8" },
  INT64: { type: "INT64" },
  DOUBLE: { type: "DOUBLE" },
  BOOLEAN: { type: "BOOLEAN" },
};

function schemaOf(columns: readonly LongColumn[]): SchemaElement[] {
  return [{ name: "root", num_children: columns.length }, ...columns.map((c): SchemaElement => ({ name: c.name, ...ELEMENT[c.type], repetition_type: "OPTIONAL" }))];
}

/** hyparquet-writer's byte buffer, emptied into `file` whenever it passes FLUSH_BYTES and after each row group. */
class FileByteWriter extends ByteWriter {
  constructor(private readonly file: HashedFile) {
    super(FLUSH_BYTES);
  }

  override ensure(size: number): void {
    if (this.index > FLUSH_BYTES) this.flush();
    super.ensure(size);
  }

  flush(): void {
    if (this.index === 0) return;
    this.file.write(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }

  override finish(): void {
    this.flush();
  }
}

export class ParquetTableWriter {
  private readonly file: HashedFile;
  private readonly writer: ParquetWriter;
  private readonly rowsPerGroup: number;
  private buffered: Value[][];
  private rows = 0;

  constructor(
    path: string,
    private readonly columns: readonly LongColumn[],
    rowGroupCells = ROW_GROUP_CELLS,
  ) {
    this.file = new HashedFile(path);
    this.writer = new ParquetWriter({ writer: new FileByteWriter(this.file), schema: schemaOf(columns), createdBy: CREATED_BY });
    this.rowsPerGroup = Math.max(1, Math.floor(rowGroupCells / Math.max(1, columns.length)));
    this.buffered = columns.map(() => []);
  }

  /** One row: a cell per column, "" for null. Throws CellTypeError for a cell its column's type cannot hold. */
  add(cells: readonly string[]): void {
    const values = this.columns.map((c, j) => convert(c, cells[j] ?? ""));
    values.forEach((v, j) => this.buffered[j]!.push(v));
    if (++this.rows === this.rowsPerGroup) this.flushGroup();
  }

  private flushGroup(): void {
    if (this.rows === 0) return;
    // Synchronous: the writer's flush returns nothing, so write() encodes and writes the group now.
    void this.writer.write({ columnData: this.columns.map((c, j) => ({ name: c.name, data: this.buffered[j]! })), rowGroupSize: this.rows });
    this.buffered = this.columns.map(() => []);
    this.rows = 0;
  }

  finish(): FileDigest {
    this.flushGroup();
    void this.writer.finish();
    return this.file.close();
  }

  abandon(): void {
    this.file.abandon();
  }
}
