// `coordsim sensitivity <sweep-folder>`: global sensitivity indices of a
// finished sweep (Sobol' S1/ST for a sobol design, Morris mu/mu*/sigma for a
// morris design) and, for any design, the seed-noise share of each metric's
// variance; writes sensitivity.csv and prints a ranked table per metric.
import { join } from "node:path";
import { writeFileAtomic } from "../../output/atomic.js";
import { DEFAULT_COMPARE_METRICS } from "../../output/compareCsv.js";
import { sensitivityCsv } from "../../output/sensitivityCsv.js";
import { metricValues, readSensitivityInputs, type SensitivityInputs } from "../../output/sensitivityFolder.js";
import { ALL_FACTORS, BOOTSTRAP_LEVEL, analyseMetric, type MetricAnalysis, type SensitivityRow } from "../../metrics/sensitivity/analyse.js";
import { DEFAULT_BOOTSTRAP_RESAMPLES } from "../../metrics/sensitivity/bootstrap.js";
import { parseMetricsFlag } from "../../runner/compare/metricsFlag.js";
import { UsageError } from "../errors.js";
import type { Outcome } from "../exitCodes.js";
import type { Io } from "../io.js";

export interface SensitivityCommandOptions {
  metrics?: string;
  bootstrap?: number;
  out?: string;
  json: boolean;
  quiet: boolean;
}

function fmt(x: number | null): string {
  if (x === null) return "NA";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  return abs >= 1e6 || abs < 1e-3 ? x.toExponential(2) : x.toFixed(3);
}

const interval = (r: SensitivityRow | undefined) => (r === undefined || r.ci_low === null ? "NA" : `[${fmt(r.ci_low)}, ${fmt(r.ci_high)}]`);

function chooseMetrics(inputs: SensitivityInputs, flag: string | undefined): string[] {
  const available = inputs.metricColumns;
  if (flag === undefined) {
    const metrics = DEFAULT_COMPARE_METRICS.filter((m) => available.includes(m));
    if (metrics.length === 0) throw new UsageError(`${inputs.runsPath}: none of the default metrics (${DEFAULT_COMPARE_METRICS.join(", ")}) is a column; name some with --metrics`);
    return metrics;
  }
  const requested = parseMetricsFlag(flag);
  if (typeof requested === "object" && "problem" in requested) throw new UsageError(requested.problem);
  if (requested === "all") return available;
  const absent = requested.filter((m) => !available.includes(m));
  if (absent.length > 0) throw new UsageError(`--metrics: ${absent.join(", ")} not a column of ${inputs.runsPath}`);
  return requested;
}

const DESIGN_NAMES = { sobol: "Sobol' (Saltelli cross-sampling)", morris: "Morris trajectories", lhs: "Latin hypercube", grid: "grid" } as const;

/** One metric's block: factors ranked by ST (sobol) or mu* (morris), then the variance split. */
export function formatMetricBlock(inputs: SensitivityInputs, metric: string, analysis: MetricAnalysis): string {
  const { design } = inputs;
  const of = (factor: string, index: string) => analysis.rows.find((r) => r.factor === factor && r.index === index);
  const lines: string[] = [];
  const units = design.kind === "sobol" ? "base points" : "trajectories";
  const total = analysis.usedUnits + analysis.excludedUnits.length;
  const used = design.kind === "sobol" || design.kind === "morris" ? `, ${analysis.usedUnits} of ${total} ${units}` : "";
  lines.push(`${metric}: ${DESIGN_NAMES[design.kind]}${used}, ${design.points.length} points x ${inputs.replicates} replicate(s)`);
  if (design.kind === "sobol" || design.kind === "morris") {
    const [main, second, third] = design.kind === "sobol" ? (["ST", "S1", undefined] as const) : (["mu_star", "mu", "sigma"] as const);
    const key = (f: string) => of(f, main)?.estimate ?? -Infinity;
    const ranked = design.factors.map((f, i) => ({ f, i })).sort((x, y) => key(y.f) - key(x.f) || x.i - y.i);
    const pct = `${Math.round(BOOTSTRAP_LEVEL * 100)}% CI`;
    const header = ["factor", main, pct, second, pct, ...(third === undefined ? [] : [third, pct])];
    const body = ranked.map(({ f }) => [f, fmt(of(f, main)?.estimate ?? null), interval(of(f, main)), fmt(of(f, second)?.estimate ?? null), interval(of(f, second)), ...(third === undefined ? [] : [fmt(of(f, third)?.estimate ?? null), interval(of(f, third))])]);
    const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c]!.length)));
    const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
    lines.push(line(header), ...body.map(line));
  }
  const noise = of(ALL_FACTORS, "noise_share")?.estimate ?? null;
  const factor = of(ALL_FACTORS, "factor_share")?.estimate ?? null;
  lines.push(noise === null || factor === null ? "variance split: NA (needs 2+ points, replicates and some variance)" : `variance split: seed noise ${(100 * noise).toFixed(1)}%, factors ${(100 * factor).toFixed(1)}% of one run's variance`);
  if (analysis.excludedUnits.length > 0) lines.push(`left out ${units} ${analysis.excludedUnits.join(", ")} (a failed run or an empty cell in one of their points)`);
  return `${lines.join("\n")}\n`;
}

const NOTES: Partial<Record<SensitivityInputs["design"]["kind"], string>> = {
  sobol: "S1: share of the variance a factor explains alone; ST: its share with all its interactions (ST - S1: interactions).",
  morris: "mu*: mean |elementary effect| on the unit scale (ranks importance); mu: its signed mean; sigma: its spread (non-linearity or interactions).",
};
const INTERVALS = "Intervals: 95% bootstrap percentile, resampling base points / trajectories. A point's output is the mean over its replicates.";

/** Shown in `--help` for --bootstrap. */
export { DEFAULT_BOOTSTRAP_RESAMPLES };

export function sensitivityCommand(dir: string, options: SensitivityCommandOptions, io: Io): Outcome {
  const inputs = readSensitivityInputs(dir);
  const metrics = chooseMetrics(inputs, options.metrics);
  const resamples = options.bootstrap ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const analyses = metrics.map((metric) => ({ metric, analysis: analyseMetric(metric, inputs.design, metricValues(inputs, metric), resamples) }));
  const out = options.out ?? join(dir, "sensitivity.csv");
  writeFileAtomic(out, sensitivityCsv(analyses.flatMap((a) => a.analysis.rows)));
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({
        sensitivity_csv: out,
        design: inputs.design.kind,
        factors: inputs.design.factors,
        points: inputs.design.points.length,
        replicates: inputs.replicates,
        bootstrap: resamples,
        level: BOOTSTRAP_LEVEL,
        failed_runs: inputs.failedRuns,
        metrics: analyses.map(({ metric, analysis }) => ({ metric, used_units: analysis.usedUnits, excluded_units: analysis.excludedUnits })),
        rows: analyses.flatMap((a) => a.analysis.rows),
      })}\n`,
    );
  } else if (!options.quiet) {
    io.stdout.write(`${analyses.map(({ metric, analysis }) => formatMetricBlock(inputs, metric, analysis)).join("\n")}\n${NOTES[inputs.design.kind] === undefined ? "" : `${NOTES[inputs.design.kind]} ${INTERVALS}\n`}`);
    io.stderr.write(`-> ${out}\n`);
  }
  if (inputs.failedRuns.length > 0) {
    const shown = inputs.failedRuns.slice(0, 10).join(", ");
    io.stderr.write(`${inputs.failedRuns.length} run(s) failed and were left out (with their whole base point or trajectory for the indices): ${shown}${inputs.failedRuns.length > 10 ? ", ..." : ""}\n`);
    return "failed";
  }
  return "ok";
}
