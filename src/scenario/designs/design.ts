// A sweep design as a list of points in the unit cube, in the order the run
// list uses (point-major; issue 20's contract): grid, lhs, sobol (Saltelli
// cross-sampling) or morris. Each point records the block it belongs to, its
// base (sobol row j, morris trajectory t, else the point itself) and the factor
// that differs from the previous/A point, as design.csv writes them.
import { latinHypercube } from "./latinHypercube.js";
import { morrisTrajectories } from "./morris.js";
import { saltelliPoints } from "./saltelli.js";
import { gridLevelCount, gridLevelUnit, toFactor, type Factor, type FactorSpec } from "./factors.js";

export type DesignKind = "grid" | "lhs" | "sobol" | "morris";
export const DESIGN_KINDS: readonly DesignKind[] = ["grid", "lhs", "sobol", "morris"];
/** Morris's p when the scenario gives none, and the grid design's levels per numeric factor. */
export const DEFAULT_LEVELS = 4;

/** `sweep.design` as the scenario gives it (after schema validation). */
export interface DesignSpec {
  kind: DesignKind;
  n?: number | undefined;
  levels?: number | undefined;
  seed?: number | undefined;
  factors: Record<string, FactorSpec>;
}

export type DesignBlock = "A" | "B" | "AB" | "T" | "P" | "G";

export interface DesignPoint {
  block: DesignBlock;
  base: number;
  /** 1-based index of the factor that differs from the previous (morris) or A (sobol AB) point; null otherwise. */
  factor: number | null;
  /** One unit coordinate per factor, in the scenario's factor order. */
  u: number[];
}

/** The factors in the order the scenario lists them. */
export function designFactors(design: DesignSpec): Factor[] {
  return Object.entries(design.factors).map(([path, spec]) => toFactor(path, spec));
}

/** Points the design expands to, computed without expanding it (the schema's run limit uses it). */
export function designPointCount(design: DesignSpec): number {
  const factors = designFactors(design);
  const k = factors.length;
  const n = design.n ?? 0;
  switch (design.kind) {
    case "grid":
      return factors.reduce((total, f) => total * gridLevelCount(f, design.levels ?? DEFAULT_LEVELS), 1);
    case "lhs":
      return n;
    case "sobol":
      return n * (k + 2);
    case "morris":
      return n * (k + 1);
  }
}

/** Full factorial over each factor's levels, the last factor varying fastest (as sweep.grid). */
function gridDesign(factors: readonly Factor[], levels: number): DesignPoint[] {
  let combos: number[][] = [[]];
  for (const factor of factors) {
    const next: number[][] = [];
    for (const c of combos) for (let j = 0; j < gridLevelCount(factor, levels); j++) next.push([...c, j]);
    combos = next;
  }
  return combos.map((c, point) => ({ block: "G", base: point, factor: null, u: c.map((j, i) => gridLevelUnit(factors[i]!, j, levels)) }));
}

/** The design's points; `seed` drives the scrambling, LHS permutations and Morris starts. */
export function designPoints(design: DesignSpec, seed: number): DesignPoint[] {
  const factors = designFactors(design);
  const k = factors.length;
  const n = design.n ?? 0;
  switch (design.kind) {
    case "grid":
      return gridDesign(factors, design.levels ?? DEFAULT_LEVELS);
    case "lhs":
      return latinHypercube(n, k, seed).map((u, point) => ({ block: "P", base: point, factor: null, u }));
    case "sobol":
      return saltelliPoints(n, k, seed);
    case "morris":
      return morrisTrajectories(n, k, design.levels ?? DEFAULT_LEVELS, seed).flatMap((t, base) =>
        t.points.map((u, s): DesignPoint => ({ block: "T", base, factor: s === 0 ? null : t.moved[s - 1]! + 1, u })),
      );
  }
}
