// optimize.front's table cells and pareto.csv (issue 21): for each front
// objective, its mean and SE over the candidate's replicates in
// generations.csv (front_mean:<expr>, front_se:<expr>), and pareto.csv — the
// rows of generations.csv that no other feasible candidate dominates —
// rewritten after every generation from generations.csv's own cells, so a
// resumed search writes the same bytes.
import { join } from "node:path";
import { writeFileAtomic } from "../../output/atomic.js";
import { formatCell, toCsv } from "../../output/csv.js";
import { frontValues, paretoFront, type FrontObjective } from "../../search/front.js";
import type { MetricLookup } from "../../search/objective.js";

export const PARETO_FILE = "pareto.csv";

/** generations.csv's columns for the front: each objective's mean and SE, in order. */
export function frontColumns(front: readonly FrontObjective[]): string[] {
  return front.flatMap((o) => [`front_mean:${o.text}`, `front_se:${o.text}`]);
}

/** A candidate's front cells from its replicates. */
export function frontCells(front: readonly FrontObjective[], replicates: readonly (MetricLookup | undefined)[]): string[] {
  return frontValues(front, replicates).flatMap((v) => [formatCell(v.mean), formatCell(v.se)]);
}

const numberOf = (cell: string | undefined): number | undefined => (cell === undefined || cell === "" ? undefined : Number(cell));

/**
 * Rewrite <out>/pareto.csv: generations.csv's columns, only the rows on the
 * front, in generations.csv's order. A candidate whose factor values repeat an
 * earlier one's (categorical and integer factors often do) ran the same
 * settings on the same seeds, so only its first row is listed.
 */
export function writePareto(out: string, front: readonly FrontObjective[], columns: readonly string[], rows: readonly string[][], factorColumns: readonly string[]): void {
  const feasible = columns.indexOf("feasible");
  const means = front.map((o) => columns.indexOf(`front_mean:${o.text}`));
  const factors = factorColumns.map((c) => columns.indexOf(c));
  const seen = new Set<string>();
  const first = rows.map((row) => {
    const key = JSON.stringify(factors.map((i) => row[i]));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const points = rows.map((row, r) => ({ feasible: first[r]! && row[feasible] === "1", means: means.map((i) => numberOf(row[i])) }));
  const members = paretoFront(
    front.map((o) => o.sense),
    points,
  );
  writeFileAtomic(join(out, PARETO_FILE), toCsv([...columns], members.map((i) => rows[i]!)));
}
