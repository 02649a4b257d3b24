// An independent Parquet reader for the tests: parquet-wasm (Rust's arrow-rs
// parquet crate compiled to WebAssembly) decoded with Apache Arrow's JS
// library, so the files coordsim writes with hyparquet-writer are checked by
// another implementation of the format.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parse } from "csv-parse/sync";
import { tableFromIPC, Type, type Table } from "apache-arrow";

const require = createRequire(import.meta.url);
const wasm = require("parquet-wasm/node") as typeof import("parquet-wasm/node");

export type ReadType = "INT64" | "DOUBLE" | "STRING" | "BOOLEAN" | "other";

export interface ReadTable {
  table: Table;
  names: string[];
  types: ReadType[];
  numRows: number;
  rowGroups: number;
}

function typeName(type: { typeId: Type; bitWidth?: number }): ReadType {
  if (type.typeId === Type.Int && type.bitWidth === 64) return "INT64";
  if (type.typeId === Type.Float) return "DOUBLE";
  if (type.typeId === Type.Utf8) return "STRING";
  if (type.typeId === Type.Bool) return "BOOLEAN";
  return "other";
}

export async function readParquetFile(path: string): Promise<ReadTable> {
  const bytes = new Uint8Array(readFileSync(path));
  const file = await wasm.ParquetFile.fromFile(new Blob([bytes]));
  const rowGroups = file.metadata().numRowGroups();
  file.free();
  const table = tableFromIPC(wasm.readParquet(bytes).intoIPCStream());
  const fields = table.schema.fields;
  return { table, names: fields.map((f) => f.name), types: fields.map((f) => typeName(f.type as { typeId: Type; bitWidth?: number })), numRows: table.numRows, rowGroups };
}

/** Every cell of `path` (a CSV) against the Parquet table: empty cell = null, INT64 = BigInt(cell), DOUBLE = Number(cell). The first mismatches, as text. */
export function mismatches(csvPath: string, parquet: ReadTable, limit = 10): string[] {
  const [header, ...rows] = parse(readFileSync(csvPath)) as string[][];
  const out: string[] = [];
  if (JSON.stringify(header) !== JSON.stringify(parquet.names)) return [`columns differ: csv ${header!.length}, parquet ${parquet.names.length}`];
  if (rows.length !== parquet.numRows) return [`rows differ: csv ${rows.length}, parquet ${parquet.numRows}`];
  parquet.names.forEach((name, j) => {
    const column = parquet.table.getChildAt(j)!;
    const type = parquet.types[j]!;
    for (let i = 0; i < rows.length && out.length < limit; i++) {
      const cell = rows[i]![j]!;
      const value: unknown = column.get(i);
      const expected = cell === "" ? null : type === "INT64" ? BigInt(cell) : type === "DOUBLE" ? Number(cell) : type === "BOOLEAN" ? cell === "1" : cell;
      if (value !== expected) out.push(`row ${i + 2} ${name} (${type}): csv ${JSON.stringify(cell)}, parquet ${String(value)}`);
    }
  });
  return out;
}
