// The same 16-run sweep on 1 and on 2 workers, in one process, alternating
// which goes first: the speedup is the sweep's parallel efficiency (target >= 1.8
// on 2 cores). Run outputs go to a temp folder and are deleted.
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { executeSweep } from "../src/runner/sweep/execute.js";
import { resolveSweep } from "../src/runner/sweep/resolve.js";
import type { BenchContext } from "./index.js";

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
  const rounds = ctx.quick ? 1 : 2;
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
  const best = (xs: number[]) => Math.min(...xs);
  const w1 = best(walls[1]);
  const w2 = best(walls[2]);
  const speedup = w1 / w2;
  ctx.log(`sweep  ${sweep.plan.runs.length} runs of attack-copycat (${ctx.quick ? 150 : 500} h), best of ${rounds}, ${availableParallelism()} cores`);
  ctx.log(`  1 worker  ${w1.toFixed(2)} s   ${(sweep.plan.runs.length / w1).toFixed(2)} runs/s`);
  ctx.log(`  2 workers ${w2.toFixed(2)} s   ${(sweep.plan.runs.length / w2).toFixed(2)} runs/s`);
  ctx.log(`  speedup   ${speedup.toFixed(3)}   (target >= 1.8 on 2 cores)`);
  return { runs: sweep.plan.runs.length, wall_s_1: Number(w1.toFixed(3)), wall_s_2: Number(w2.toFixed(3)), speedup: Number(speedup.toFixed(3)) };
}
