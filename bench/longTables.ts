// Long tables: peak memory while writing them for N and 10N runs, each in a
// process of its own, side by side in one bench run. The tables are streamed
// run by run with bounded row groups, so the ratio should be ~1 (flat).
// The N and 10N run folders are hard links to the files of a few real runs
// (a template sweep), so only the table writing is measured.
import { spawnSync } from "node:child_process";
import { linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { executeSweep } from "../src/runner/sweep/execute.js";
import { resolveSweep } from "../src/runner/sweep/resolve.js";
import { planSweep, type GridAxis } from "../src/scenario/sweep.js";
import type { BenchContext } from "./index.js";
import type { LongTablesRunResult } from "./longTablesChild.js";

const CHILD = resolve(import.meta.dirname, "longTablesChild.js");
const RUN_FILES = ["summary.csv", "timeseries.csv", "entities.csv"];

/** A sweep folder of `replicates` replicates per grid point, each run's files linked to its point's template run. */
function linkedSweep(dir: string, template: string, axes: GridAxis[], replicates: number): void {
  for (const run of planSweep(axes, { baseSeed: 1, replicates }).runs) {
    const runDir = join(dir, "runs", run.id);
    mkdirSync(runDir, { recursive: true });
    for (const f of RUN_FILES) linkSync(join(template, "runs", `p${run.point}-r0`, f), join(runDir, f));
  }
}

function writeInChild(dir: string, axesFile: string, replicates: number, sampleHeap: boolean): LongTablesRunResult {
  const r = spawnSync(process.execPath, [...(sampleHeap ? ["--expose-gc"] : []), CHILD, dir, axesFile, String(replicates)], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`long tables of ${replicates} replicates failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as LongTablesRunResult;
}

export async function longTablesSection(ctx: BenchContext): Promise<Record<string, number>> {
  const root = mkdtempSync(join(tmpdir(), "coordsim-bench-tables-"));
  try {
    // Two grid points with different column sets (replication-robust adds a column); per run 240 timeseries
    // rows and ~460 entities, so even N runs fill several row groups of each table.
    const sweep = await resolveSweep({
      file: resolve(import.meta.dirname, "../../scenarios/quickstart.yaml"),
      overrides: ["duration=240", "window=1", "agents.count=400"],
      replicates: 1,
      axes: { axes: [{ path: "policies.attribution", values: ["uniform", "replication-robust"] }], label: "bench" },
    });
    const template = join(root, "template");
    const made = await executeSweep(sweep, { out: template, workers: 1, resume: false, coordsimVersion: "bench" });
    if (made.failed > 0) throw new Error("long tables bench: the template runs failed");
    const axesFile = join(root, "axes.json");
    writeFileSync(axesFile, JSON.stringify(sweep.plan.axes));
    // Replicates per point: N = 2 x small runs (--quick: too few to fill an entities row group, so its ratio means less).
    const small = ctx.quick ? 25 : 250;
    const results: LongTablesRunResult[] = [];
    for (const replicates of [small, 10 * small]) {
      const dir = join(root, `r${replicates}`);
      linkedSweep(dir, template, sweep.plan.axes, replicates);
      // Peak RSS as the OS sees it (GC slack included), then the live heap (forced GCs) in a second process.
      const plain = writeInChild(dir, axesFile, replicates, false);
      rmSync(join(dir, "tables"), { recursive: true, force: true });
      results.push({ ...plain, peak_live_heap_mb: writeInChild(dir, axesFile, replicates, true).peak_live_heap_mb });
      rmSync(dir, { recursive: true, force: true });
    }
    const [n, n10] = results as [LongTablesRunResult, LongTablesRunResult];
    const peakRatio = n10.peak_rss_mb / n.peak_rss_mb;
    const liveRatio = n10.peak_live_heap_mb / n.peak_live_heap_mb;
    const perRun = (r: LongTablesRunResult) => (r.wall_s / r.runs) * 1000;
    ctx.log(`long_tables  quickstart (240 h, window 1 h), 2 grid points; each size in its own process`);
    ctx.log(`  ${"runs".padStart(8)}${"ts rows".padStart(12)}${"wall s".padStart(9)}${"ms/run".padStart(9)}${"base RSS MB".padStart(13)}${"peak RSS MB".padStart(13)}${"live heap MB".padStart(14)}${"tables MB".padStart(11)}`);
    for (const r of results) {
      ctx.log(
        `  ${String(r.runs).padStart(8)}${String(r.rows).padStart(12)}${r.wall_s.toFixed(2).padStart(9)}${perRun(r).toFixed(2).padStart(9)}${String(r.base_rss_mb).padStart(13)}${String(r.peak_rss_mb).padStart(13)}${String(r.peak_live_heap_mb).padStart(14)}${(r.table_bytes / 2 ** 20).toFixed(1).padStart(11)}`,
      );
    }
    ctx.log(`  10N / N: peak RSS ${peakRatio.toFixed(3)}, peak live heap ${liveRatio.toFixed(3)}   (target ~1: memory flat as runs grow; RSS includes the GC's slack)`);
    return {
      runs_n: n.runs,
      runs_10n: n10.runs,
      peak_rss_mb_n: n.peak_rss_mb,
      peak_rss_mb_10n: n10.peak_rss_mb,
      peak_rss_ratio: Number(peakRatio.toFixed(3)),
      peak_live_heap_mb_n: n.peak_live_heap_mb,
      peak_live_heap_mb_10n: n10.peak_live_heap_mb,
      peak_live_heap_ratio: Number(liveRatio.toFixed(3)),
      ms_per_run_n: Number(perRun(n).toFixed(3)),
      ms_per_run_10n: Number(perRun(n10).toFixed(3)),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
