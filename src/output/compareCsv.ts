// compare.csv: for each variant pair and metric, the means, the (paired)
// difference with its 95% CI, the t-test p-value (Holm-adjusted across the
// metrics of the pair), how much pairing reduced the variance and the effect
// size (the difference in units of one run's spread).
import { holmAdjust, pairedComparison, unpairedComparison, type PairStats } from "../metrics/pairedStats.js";
import { toCsv } from "./csv.js";
import { formatGridValue, type GridAxis } from "../scenario/sweep.js";
import type { RunRecord } from "./runsCsv.js";

/** Headline metrics compared when `--metrics` is not given (the ones present in the runs): marked in the metric catalogue. */
export { DEFAULT_COMPARE_METRICS } from "../metrics/catalogue/index.js";

export interface CompareRow extends PairStats {
  metric: string;
  variant_a: string;
  variant_b: string;
  paired: boolean;
  p_holm: number | null;
}

/** Metric values of one grid point, indexed by replicate (null: run failed or metric empty). */
function valuesOf(records: readonly RunRecord[], point: number, metric: string, replicates: number): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(replicates).fill(null);
  for (const r of records) {
    if (r.run.point !== point || r.status !== "ok") continue;
    const cell = r.metrics[metric];
    out[r.run.replicate] = cell === undefined || cell === "" ? null : Number(cell);
  }
  return out;
}

/** Every numeric metric column of the runs, in column order ("all"). */
export function allMetrics(records: readonly RunRecord[]): string[] {
  const ok = records.find((r) => r.status === "ok");
  return ok === undefined ? [] : Object.keys(ok.metrics);
}

/** `path=value` per variant of the varied axis: compare.csv's variant_a/variant_b labels. */
export function variantLabels(axis: GridAxis): string[] {
  return axis.values.map((v) => `${axis.path}=${String(formatGridValue(v))}`);
}

export function compareRows(records: readonly RunRecord[], variants: readonly string[], metrics: readonly string[], replicates: number, paired: boolean): CompareRow[] {
  const rows: CompareRow[] = [];
  for (let a = 0; a < variants.length; a++) {
    for (let b = a + 1; b < variants.length; b++) {
      const stats = metrics.map((metric) => {
        const xa = valuesOf(records, a, metric, replicates);
        const xb = valuesOf(records, b, metric, replicates);
        return paired ? pairedComparison(xa, xb) : unpairedComparison(xa, xb);
      });
      const holm = holmAdjust(stats.map((s) => s.p_value));
      metrics.forEach((metric, m) => rows.push({ metric, variant_a: variants[a]!, variant_b: variants[b]!, paired, ...stats[m]!, p_holm: holm[m]! }));
    }
  }
  return rows;
}

export const COMPARE_COLUMNS = [
  "metric", "variant_a", "variant_b", "paired", "n_a", "n_b", "mean_a", "mean_b", "diff", "ci_low", "ci_high", "p_value", "p_holm", "sd_diff", "variance_reduction", "effect_size",
] as const;

/**
 * Whether the varied setting moved a metric in a paired comparison: some pair
 * of runs (same seed, A and B) gave different values, i.e. the differences are
 * not all exactly 0 (diff ≠ 0 or sd_diff ≠ 0; both are exact for a constant
 * sample). A metric the setting cannot affect is identical in every pair, and
 * pairing removes 100% of its variance, which says nothing about the setting.
 */
export function movedInSomePair(row: CompareRow): boolean {
  return row.paired && row.diff !== null && row.sd_diff !== null && (row.diff !== 0 || row.sd_diff !== 0);
}

/** compare.csv's text. */
export function compareCsv(rows: readonly CompareRow[]): string {
  return toCsv(COMPARE_COLUMNS, rows.map((r) => COMPARE_COLUMNS.map((c) => r[c])));
}
