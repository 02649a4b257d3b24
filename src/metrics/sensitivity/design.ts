// A sweep's experiment design as design.csv lists it (one row per point): the
// block each point belongs to, its base point or trajectory, the factor it
// moves and its unit coordinates. Sobol' points come in groups of k + 2
// (A_j, B_j, AB_j^(1..k), Saltelli et al. 2010), Morris points in trajectories
// of k + 1 (Morris 1991); LHS and grid points stand alone.

export type DesignBlock = "A" | "B" | "AB" | "T" | "P" | "G";
export type DesignKind = "sobol" | "morris" | "lhs" | "grid";

export const BLOCK_KIND: Readonly<Record<DesignBlock, DesignKind>> = { A: "sobol", B: "sobol", AB: "sobol", T: "morris", P: "lhs", G: "grid" };

export interface DesignPoint {
  block: DesignBlock;
  base: number;
  /** 1-based index of the factor this point moves (Sobol' AB, Morris steps s >= 1); null otherwise. */
  factor: number | null;
  /** Unit coordinate per factor, in [0, 1]. */
  u: number[];
}

export interface Design {
  kind: DesignKind;
  /** Factor paths, in the scenario's order. */
  factors: string[];
  /** Indexed by point. */
  points: DesignPoint[];
}

/** Sobol' base points (sobol) or trajectories (morris): the independent units the estimators and the bootstrap use. */
export function designUnits(design: Design): number {
  const k = design.factors.length;
  if (design.kind === "sobol") return design.points.length / (k + 2);
  if (design.kind === "morris") return design.points.length / (k + 1);
  return design.points.length;
}

/** What point `p` must be in a Sobol' design of k factors: block, base and factor. */
function sobolRole(p: number, k: number): { block: DesignBlock; base: number; factor: number | null } {
  const base = Math.floor(p / (k + 2));
  const slot = p % (k + 2);
  if (slot === 0) return { block: "A", base, factor: null };
  if (slot === 1) return { block: "B", base, factor: null };
  return { block: "AB", base, factor: slot - 1 };
}

function sameExcept(a: readonly number[], b: readonly number[], skip: number): boolean {
  return a.every((x, c) => c === skip || x === b[c]);
}

/**
 * The first way the points break the design's structure, as "point P: ...", or
 * undefined. Checks the block/base/factor sequence the contract fixes and that
 * each AB point is its A point with one column from its B point, and each Morris
 * step moves exactly its factor (so the elementary effects divide by a real step).
 */
export function designProblem(design: Design): string | undefined {
  const k = design.factors.length;
  const { points } = design;
  if (design.kind === "sobol" || design.kind === "morris") {
    const group = design.kind === "sobol" ? k + 2 : k + 1;
    if (k === 0) return `a ${design.kind} design needs at least one factor (u:<path> column)`;
    if (points.length === 0 || points.length % group !== 0) return `${points.length} points is not a whole number of ${design.kind === "sobol" ? "base points" : "trajectories"} of ${group} points (k = ${k} factors)`;
  }
  for (const [p, point] of points.entries()) {
    if (design.kind === "sobol") {
      const want = sobolRole(p, k);
      if (point.block !== want.block || point.base !== want.base || point.factor !== want.factor) return `point ${p}: expected block ${want.block}, base ${want.base}, factor ${want.factor ?? "(empty)"} (Sobol' points come as A_j, B_j, AB_j^(1..${k}))`;
      if (point.block === "AB") {
        const a = points[p - 1 - point.factor!]!;
        const b = points[p - point.factor!]!;
        const i = point.factor! - 1;
        if (!sameExcept(point.u, a.u, i) || point.u[i] !== b.u[i]) return `point ${p}: AB point of factor ${point.factor} is not its A point with column ${point.factor} from its B point`;
      }
    } else if (design.kind === "morris") {
      const s = p % (k + 1);
      const t = Math.floor(p / (k + 1));
      if (point.block !== "T" || point.base !== t) return `point ${p}: expected block T, base ${t}`;
      if (s === 0 ? point.factor !== null : point.factor === null) return `point ${p}: step ${s} of a trajectory ${s === 0 ? "moves no factor (factor must be empty)" : "must name the factor it moves"}`;
      if (s > 0) {
        const prev = points[p - 1]!;
        const i = point.factor! - 1;
        if (!sameExcept(point.u, prev.u, i) || point.u[i] === prev.u[i]) return `point ${p}: a Morris step must move exactly factor ${point.factor} from the previous point`;
        const moved = points.slice(p - s, p + 1).filter((q) => q.factor === point.factor).length;
        if (moved !== 1) return `point ${p}: factor ${point.factor} moves twice in trajectory ${t}`;
      }
    } else if (BLOCK_KIND[point.block] !== design.kind) return `point ${p}: block ${point.block} in an ${design.kind} design`;
    else if (point.base !== p || point.factor !== null) return `point ${p}: an ${design.kind} point has base ${p} and an empty factor`;
  }
  return undefined;
}
