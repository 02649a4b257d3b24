// `coordsim compare <scenario> --vary path=a,b`: runs every variant on the same
// replicate seeds (or independent ones with --unpaired) and tests the differences.
import { join } from "node:path";
import { writeFileAtomic } from "../../output/atomic.js";
import { freshDir } from "../../output/outDir.js";
import { DEFAULT_COMPARE_METRICS, allMetrics, compareCsv, compareRows, movedInSomePair, variantLabels, type CompareRow } from "../../output/compareCsv.js";
import { parseMetricsFlag } from "../../runner/compare/metricsFlag.js";
import { parseVary } from "../../runner/compare/vary.js";
import { executeSweep } from "../../runner/sweep/execute.js";
import { resolveSweep } from "../../runner/sweep/resolve.js";
import { UsageError } from "../errors.js";
import type { Outcome } from "../exitCodes.js";
import { invocationOf, type Io } from "../io.js";
import { sweepProgress } from "../sweepProgress.js";
import { coordsimVersion } from "../version.js";
import { defaultWorkers, failureLines } from "./sweep.js";

export interface CompareCommandOptions {
  vary: string[];
  replicates?: number;
  metrics?: string;
  unpaired: boolean;
  workers?: number;
  out?: string;
  seed?: number;
  set: string[];
  resume: boolean;
  quiet: boolean;
  json: boolean;
}

const DEFAULT_REPLICATES = 10;

function fmt(x: number | null): string {
  if (x === null) return "NA";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  return abs >= 1e6 || abs < 1e-3 ? x.toExponential(3) : Number(x.toPrecision(4)).toString();
}

function fmtP(p: number | null): string {
  if (p === null) return "NA";
  return p < 1e-4 ? "<1e-4" : p.toFixed(4);
}

/**
 * The pairing line under a paired block: the median variance reduction over
 * the metrics the varied setting moved (movedInSomePair). Metrics identical in
 * every pair are left out: their 100% only says the setting cannot touch them.
 */
export function pairingSummary(rows: readonly CompareRow[]): string {
  const moved = rows.filter(movedInSomePair);
  const untouched = rows.filter((r) => r.diff !== null && r.sd_diff !== null && !movedInSomePair(r)).length;
  const left = untouched > 0 ? `; ${untouched} metric(s) identical in every pair left out` : "";
  if (moved.length === 0) return untouched > 0 ? `every pair gave identical values for all ${untouched} metric(s) with values: the varied setting moved none of them\n` : "";
  const reductions = moved.map((r) => r.variance_reduction).filter((v): v is number => v !== null).sort((x, y) => x - y);
  if (reductions.length === 0) return `${moved.length} metric(s) moved, none with a variance to reduce (constant within each variant)${left}\n`;
  const median = reductions[Math.floor((reductions.length - 1) / 2)]!;
  return `pairing reduced the variance of the differences by a median of ${(100 * median).toFixed(1)}% over the ${reductions.length} metric(s) the varied setting moved (values differ in at least one pair)${left}\n`;
}

/** The comparison as an aligned text table, one block per variant pair. */
export function formatCompareTable(rows: readonly CompareRow[], replicates: number): string {
  const blocks: string[] = [];
  const pairs = [...new Set(rows.map((r) => `${r.variant_a}\u0000${r.variant_b}`))];
  for (const pair of pairs) {
    const [a, b] = pair.split("\u0000") as [string, string];
    const own = rows.filter((r) => r.variant_a === a && r.variant_b === b);
    const paired = own[0]?.paired ?? true;
    const header = ["metric", "A mean", "B mean", "B - A", "95% CI", "p (Holm)", "effect d", ...(paired ? ["var. reduction"] : [])];
    const body = own.map((r) => [
      r.metric,
      fmt(r.mean_a),
      fmt(r.mean_b),
      fmt(r.diff),
      r.ci_low === null ? "NA" : `[${fmt(r.ci_low)}, ${fmt(r.ci_high)}]`,
      fmtP(r.p_holm),
      r.effect_size === null ? "NA" : r.effect_size.toFixed(2),
      ...(paired ? [r.variance_reduction === null ? "NA" : `${(100 * r.variance_reduction).toFixed(1)}%`] : []),
    ]);
    const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
    const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
    const mode = paired ? `${replicates} paired replicates (common random numbers)` : `${replicates} independent replicates per variant (Welch t)`;
    const summary = paired ? pairingSummary(own) : "";
    blocks.push(`A = ${a}\nB = ${b}\n${mode}\n${line(header)}\n${body.map(line).join("\n")}\n${summary}`);
  }
  const note = "p: two-sided t-test, Holm-adjusted across the metrics of each pair. effect d: (B - A) / sqrt((var(A) + var(B)) / 2), the difference in standard deviations of one run. var. reduction: 1 - var(B - A) / (var(A) + var(B)), the variance pairing removed.\n";
  return `${blocks.join("\n")}\n${note}`;
}

export async function compareCommand(file: string, options: CompareCommandOptions, io: Io): Promise<Outcome> {
  if (options.vary.length !== 1) throw new UsageError(options.vary.length === 0 ? "compare needs --vary path=a,b[,c...]" : "--vary may be given once (compare varies one field; use `coordsim sweep` for grids)");
  const axis = parseVary(options.vary[0]!, { unpaired: options.unpaired });
  if (typeof axis === "string") throw new UsageError(axis);
  const requested = options.metrics === undefined ? undefined : parseMetricsFlag(options.metrics);
  if (typeof requested === "object" && "problem" in requested) throw new UsageError(requested.problem);
  const sweep = await resolveSweep({
    file,
    overrides: options.set,
    axes: { axes: [axis], label: "--vary" },
    replicates: options.replicates ?? DEFAULT_REPLICATES,
    unpaired: options.unpaired,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const replicates = sweep.plan.replicates;
  const out = options.out ?? freshDir(`results/${sweep.name}-compare`);
  const chatty = !options.quiet && !options.json;
  const workers = options.workers ?? defaultWorkers();
  if (chatty) io.stderr.write(`compare ${sweep.name}: ${axis.values.length} variants of ${axis.path} x ${replicates} replicates = ${sweep.plan.runs.length} runs, ${workers} worker(s) -> ${out}\n`);
  const progress = sweepProgress(io.stderr, { quiet: !chatty, label: "compare" });
  const result = await executeSweep(sweep, { out, workers, resume: options.resume, coordsimVersion: coordsimVersion(), invocation: invocationOf(io), onProgress: (p) => progress.update(p) });
  progress.done();

  const variants = variantLabels(axis);
  const available = allMetrics(result.records);
  let metrics: string[];
  if (requested === undefined) metrics = DEFAULT_COMPARE_METRICS.filter((m) => available.includes(m));
  else if (requested === "all") metrics = available;
  else {
    // Catalogued, but a column only some scenarios have (e.g. attribution_withheld_micro).
    const absent = requested.filter((m) => !available.includes(m));
    if (absent.length > 0 && available.length > 0) throw new UsageError(`--metrics: ${absent.join(", ")} not in these runs' summary.csv (a column only some scenarios have); the runs are kept in ${out}: fix --metrics and add --resume --out ${out}`);
    metrics = requested;
  }
  const rows = compareRows(result.records, variants, metrics, replicates, !options.unpaired);
  writeFileAtomic(join(out, "compare.csv"), compareCsv(rows));

  if (options.json) io.stdout.write(`${JSON.stringify({ out, compare_csv: join(out, "compare.csv"), failed: result.failed, rows })}\n`);
  else if (!options.quiet) {
    io.stdout.write(formatCompareTable(rows, replicates));
    io.stderr.write(`-> ${join(out, "compare.csv")}\n`);
  }
  if (result.failed > 0) {
    io.stderr.write(`${result.failed} run(s) failed and were left out of the comparison:\n${failureLines(result)}`);
    return "failed";
  }
  return "ok";
}
