// The same 16-run sweep on 1 and on 2 workers, in one process, alternating
// which goes first: the speedup is the sweep's parallel efficiency (target >= 1.8
// on 2 cores). Run outputs go to a temp folder and are deleted.
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { executeSweep } from "../src/runner/sweep/execute.js";
import { resolveSweep, runScenario } from "../src/runner/sweep/resolve.js";
import type { BenchContext } from "./index.js";
import { parallelCeiling, workloadCeiling } from "./parallelCeiling.js";

export async function sweepSection(ctx: BenchContext): Promise<Record<string, number>> {
  const file = resolve(import.meta.dirname, "../../scenarios/attack-copycat.yaml");
  const sweep = await resolveSweep({
    file,
    overrides: [`duration=${ctx.quick ? 150 : 500}`],
    replicates: 8,
    axes: { axes: [{ path: "policies.attribution", values: ["uniform", "first-contributor"] }], label: "bench" },
  });
  const root = mkdtempSync(join(tmpdir(), "coordsim-bench-sweep-"));
  const walls: Record<1 | 2, number[]> = { 1: [], 2: [] };
  const rounds = ctx.quick ? 1 : 3;
  try {
    for (let round = 0; round < rounds; round++) {
      for (const workers of round % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const)) {
        const out = join(root, `r${round}-w${workers}`);
        const start = ctx.clock();
        const result = await executeSweep(sweep, { out, workers, resume: false, coordsimVersion: "bench" });
        walls[workers].push((ctx.clock() - start) / 1000);
        if (result.failed > 0) throw new Error(`sweep bench: ${result.failed} runs failed`);
        rmSync(out, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const ceiling = await parallelCeiling(ctx.clock, ctx.quick ? 2e8 : 8e8, ctx.quick ? 2 : 5);
  const workload = await workloadCeiling(ctx.clock, sweep.plan.runs.map((run) => runScenario(sweep, run)), rounds);
  const best = (xs: number[]) => Math.min(...xs);
  const w1 = best(walls[1]);
  const w2 = best(walls[2]);
  const speedup = w1 / w2;
  ctx.log(`sweep  ${sweep.plan.runs.length} runs of attack-copycat (${ctx.quick ? 150 : 500} h), best of ${rounds}, ${availableParallelism()} cores`);
  ctx.log(`  1 worker  ${w1.toFixed(2)} s   ${(sweep.plan.runs.length / w1).toFixed(2)} runs/s`);
  ctx.log(`  2 workers ${w2.toFixed(2)} s   ${(sweep.plan.runs.length / w2).toFixed(2)} runs/s`);
  ctx.log(`  speedup   ${speedup.toFixed(3)}   (target >= 1.8 on 2 cores)`);
  ctx.log(`  machine ceiling: a CPU-bound JS kernel on 2 threads vs 1: ${ceiling.speedup.toFixed(3)}x (${ceiling.one.toFixed(2)} s vs ${ceiling.two.toFixed(2)} s)`);
  ctx.log(`  workload ceiling: the same 16 runs as bare simulate() on 2 threads vs 1: ${workload.speedup.toFixed(3)}x (${workload.one.toFixed(2)} s vs ${workload.two.toFixed(2)} s)`);
  ctx.log(`  sweep speedup / workload ceiling = ${(speedup / workload.speedup).toFixed(3)} (what the pool, files and bookkeeping keep of the parallelism the machine gives)`);
  return {
    runs: sweep.plan.runs.length,
    wall_s_1: Number(w1.toFixed(3)),
    wall_s_2: Number(w2.toFixed(3)),
    speedup: Number(speedup.toFixed(3)),
    machine_speedup: Number(ceiling.speedup.toFixed(3)),
    workload_speedup: Number(workload.speedup.toFixed(3)),
    speedup_vs_workload: Number((speedup / workload.speedup).toFixed(3)),
  };
}
