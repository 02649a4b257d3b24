// Common random numbers vs independent seeds (`--unpaired`) for a Sobol'
// sensitivity analysis: the same design and budget run both ways on
// scenarios/sensitivity-drivers.yaml, side by side in one bench run; the
// figure is the mean width of the 95% bootstrap intervals of S1 and ST over
// the factors, per metric, and the ratio unpaired / paired (> 1: common random
// numbers give narrower intervals at the same cost).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { analyseMetric } from "../src/metrics/sensitivity/analyse.js";
import { DEFAULT_BOOTSTRAP_RESAMPLES } from "../src/metrics/sensitivity/bootstrap.js";
import { executeSweep } from "../src/runner/sweep/execute.js";
import { resolveSweep } from "../src/runner/sweep/resolve.js";
import { metricValues, readSensitivityInputs } from "../src/output/sensitivityFolder.js";
import type { BenchContext } from "./index.js";

const SCENARIO = resolve(import.meta.dirname, "../../scenarios/sensitivity-drivers.yaml");
export const CRN_METRICS = ["duplicate_execution_share", "duplicate_upload_share", "shapley_tv_distance", "copy_gain"] as const;

/** Mean width (ci_high - ci_low) of each metric's S1 and ST intervals over the factors that have one. */
function meanWidths(dir: string): Record<string, number> {
  const inputs = readSensitivityInputs(dir);
  const widths: Record<string, number> = {};
  for (const metric of CRN_METRICS) {
    const rows = analyseMetric(metric, inputs.design, metricValues(inputs, metric), DEFAULT_BOOTSTRAP_RESAMPLES).rows;
    for (const index of ["S1", "ST"] as const) {
      const w = rows.filter((r) => r.index === index && r.ci_low !== null && r.ci_high !== null).map((r) => r.ci_high! - r.ci_low!);
      widths[`${metric}.${index}`] = w.length === 0 ? NaN : w.reduce((a, b) => a + b, 0) / w.length;
    }
  }
  return widths;
}

async function sweepFolder(root: string, overrides: string[], unpaired: boolean): Promise<{ dir: string; seconds: number }> {
  const sweep = await resolveSweep({ file: SCENARIO, overrides, unpaired });
  const dir = join(root, unpaired ? "unpaired" : "paired");
  const result = await executeSweep(sweep, { out: dir, workers: 2, resume: false, coordsimVersion: "bench" });
  if (result.failed > 0) throw new Error(`crn bench: ${result.failed} runs failed`);
  return { dir, seconds: result.wallSeconds };
}

export async function crnSection(ctx: BenchContext): Promise<Record<string, number>> {
  const root = mkdtempSync(join(tmpdir(), "coordsim-bench-crn-"));
  try {
    // --quick: 8 base points (160 runs per side) of a 4-day world; full: the scenario's 64 base points (1,280 runs per side).
    const overrides = ctx.quick ? ["sweep.design.n=8", "duration=96"] : [];
    const paired = await sweepFolder(root, overrides, false);
    const unpaired = await sweepFolder(root, overrides, true);
    const p = meanWidths(paired.dir);
    const u = meanWidths(unpaired.dir);
    ctx.log(`crn  sensitivity-drivers ${ctx.quick ? "(quick: N=8, 96 h)" : "(N=64)"}: mean 95% interval width, paired ${paired.seconds.toFixed(1)} s, unpaired ${unpaired.seconds.toFixed(1)} s`);
    ctx.log(`  ${"metric.index".padEnd(30)}${"paired".padStart(10)}${"unpaired".padStart(10)}${"ratio u/p".padStart(11)}`);
    const out: Record<string, number> = {};
    for (const key of Object.keys(p)) {
      const ratio = u[key]! / p[key]!;
      ctx.log(`  ${key.padEnd(30)}${p[key]!.toFixed(4).padStart(10)}${u[key]!.toFixed(4).padStart(10)}${ratio.toFixed(2).padStart(11)}`);
      out[`${key}.paired_width`] = Number(p[key]!.toFixed(6));
      out[`${key}.unpaired_width`] = Number(u[key]!.toFixed(6));
      out[`${key}.ratio`] = Number(ratio.toFixed(4));
    }
    return out;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
