// Write the long tables of a prepared sweep folder in a process of its own, so
// its peak RSS is the tables' own; the long_tables section spawns it. Prints
// one JSON line on stdout.
// With --expose-gc it also collects garbage every SAMPLE_EVERY runs and records
// the live heap then (what the writer holds, without the GC's slack).
//   node [--expose-gc] dist/bench/longTablesChild.js <sweep dir> <axes.json> <replicates>
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { writeLongTables } from "../src/output/longTables/write.js";
import { planSweep, type GridAxis } from "../src/scenario/sweep.js";

export interface LongTablesRunResult {
  runs: number;
  rows: number;
  wall_s: number;
  /** RSS high-water mark before the tables were written (imports, run list) and at the end. */
  base_rss_mb: number;
  peak_rss_mb: number;
  /** Largest live heap at the sampled run boundaries (with --expose-gc; else 0). */
  peak_live_heap_mb: number;
  table_bytes: number;
}

/** Lines of a file, read in chunks (the table may be larger than this process should hold). */
function countLines(path: string): number {
  const fd = openSync(path, "r");
  const buffer = Buffer.alloc(1 << 20);
  let lines = 0;
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) for (let i = 0; i < n; i++) if (buffer[i] === 0x0a) lines++;
  } finally {
    closeSync(fd);
  }
  return lines;
}

const [dir, axesFile, replicatesText] = process.argv.slice(2);
if (dir === undefined || axesFile === undefined || replicatesText === undefined) throw new Error("usage: longTablesChild.js <sweep dir> <axes.json> <replicates>");
const axes = JSON.parse(readFileSync(axesFile, "utf8")) as GridAxis[];
const plan = planSweep(axes, { baseSeed: 1, replicates: Number(replicatesText) });
const records = plan.runs.map((run) => ({ run, status: "ok" as const, error: "", metrics: {} }));
const mb = (kb: number) => Math.round(kb / 1024);
const base = process.resourceUsage().maxRSS;
const start = performance.now();
const SAMPLE_EVERY = 10;
const gc = (globalThis as { gc?: () => void }).gc;
let liveHeap = 0;
const sample = (_table: string, runs: number) => {
  if (gc === undefined || runs % SAMPLE_EVERY !== 0) return;
  gc();
  liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
};
const digests = await writeLongTables({ dir, parameters: axes, records, onRunWritten: sample });
const wall = (performance.now() - start) / 1000;
const peak = process.resourceUsage().maxRSS; // before anything else is read
const rows = countLines(`${dir}/tables/timeseries.csv`) - 1;
const out: LongTablesRunResult = {
  runs: records.length,
  rows,
  wall_s: Number(wall.toFixed(3)),
  base_rss_mb: mb(base),
  peak_rss_mb: mb(peak),
  peak_live_heap_mb: Math.round(liveHeap / 2 ** 20),
  table_bytes: Object.values(digests).reduce((s, d) => s + d.bytes, 0),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
