// The validation pack's shape: each case reproduces one published result of a
// mechanism through coordsim and reports measured vs published per row, with a
// tolerance derived from its own replicate count (never a hand-widened constant).
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/** One compared number. */
export interface ValidationRow {
  /** What this row measures, e.g. "threat model A, 40% malicious". */
  label: string;
  measured: number;
  /** The published (or analytically derived) value. */
  published: number;
  /** Allowed |measured − published| (or one-sided margin; see `check`). */
  tolerance: number;
  /** How the comparison is made: |m − p| <= tol (default), m <= p + tol (at-most), m >= p − tol (at-least). */
  check?: "close" | "at-most" | "at-least";
  /** How the tolerance was derived, e.g. "3 SE over 8 replicates". */
  toleranceFrom: string;
}

export interface ValidationOptions {
  /** Fewer replicates and a smaller world, for CI (the tolerance widens with the smaller replicate count, as derived). */
  quick: boolean;
}

export interface ValidationCase {
  /** Stable id, e.g. "eigentrust-threat-models". */
  id: string;
  /** The coordsim mechanism (policy or built-in) it validates, e.g. "trust: eigentrust". */
  mechanism: string;
  /** The source, e.g. "Kamvar, Schlosser & Garcia-Molina, WWW 2003, §7 (threat models A–D)". */
  source: string;
  /** The published result in words. */
  claim: string;
  run(options: ValidationOptions): ValidationRow[];
}

/** Whether a row passes its check. */
export function rowPasses(row: ValidationRow): boolean {
  const d = row.measured - row.published;
  if (!Number.isFinite(row.measured)) return false;
  switch (row.check ?? "close") {
    case "at-most":
      return d <= row.tolerance;
    case "at-least":
      return d >= -row.tolerance;
    default:
      return Math.abs(d) <= row.tolerance;
  }
}

/**
 * The tolerance of a mean over replicates: the two-sided 99.73% (the "3 sigma"
 * level) Student-t half-width, t(0.99865, n − 1) × SE, so few replicates widen it
 * as the t distribution says rather than by hand (t ≈ 3 for many replicates).
 */
export function meanTolerance(values: readonly number[]): { mean: number; se: number; tolerance: number; from: string } {
  const { mean, se } = meanAndSe(values);
  const n = values.length;
  const t = tFactor(n);
  return { mean, se, tolerance: t * se, from: `t(0.99865, ${n - 1}) = ${t.toFixed(2)} SE over ${n} replicates` };
}

/** The standard errors a mean over n replicates may be off by: t(0.99865, n − 1) (Infinity for one replicate). */
export function tFactor(n: number): number {
  return n > 1 ? tQuantile(0.99865, n - 1) : Number.POSITIVE_INFINITY;
}

/** Mean and standard error of the mean of replicate values (SE 0 for one value). */
export function meanAndSe(values: readonly number[]): { mean: number; se: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, se: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, se: 0 };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}
