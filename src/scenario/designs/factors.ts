// A design factor: one scenario field and how a unit coordinate u in [0, 1)
// becomes its value (the contract of issue 20, shared with `coordsim sensitivity`).

/** A factor as the scenario writes it: exactly one of the four kinds. */
export interface FactorSpec {
  uniform?: [number, number] | undefined;
  loguniform?: [number, number] | undefined;
  integer?: [number, number] | undefined;
  categorical?: unknown[] | undefined;
}

export type FactorKind = "uniform" | "loguniform" | "integer" | "categorical";
export const FACTOR_KINDS: readonly FactorKind[] = ["uniform", "loguniform", "integer", "categorical"];

/** A factor with its kind resolved; `path` is the scenario field it sets. */
export type Factor = { path: string; kind: "uniform" | "loguniform" | "integer"; lo: number; hi: number } | { path: string; kind: "categorical"; values: unknown[] };

/** The factor's kind and parameters (the schema has checked exactly one kind is set). */
export function toFactor(path: string, spec: FactorSpec): Factor {
  if (spec.categorical !== undefined) return { path, kind: "categorical", values: spec.categorical };
  const kind = FACTOR_KINDS.find((k) => k !== "categorical" && spec[k] !== undefined) as "uniform" | "loguniform" | "integer" | undefined;
  if (kind === undefined) throw new Error(`factor ${path}: no kind set`);
  const [lo, hi] = spec[kind]!;
  return { path, kind, lo, hi };
}

/** Distinct values the factor can take on a grid of `levels` levels: every category, else `levels`. */
export function gridLevelCount(factor: Factor, levels: number): number {
  return factor.kind === "categorical" ? factor.values.length : levels;
}

/**
 * Unit coordinate of grid level j: categorical j's interval midpoint (j + 1/2)/m,
 * which maps back to values[j] exactly (j/m need not: (1/49)·49 < 1); numeric
 * levels j/(levels - 1), the ends included.
 */
export function gridLevelUnit(factor: Factor, j: number, levels: number): number {
  if (factor.kind === "categorical") return (j + 0.5) / factor.values.length;
  return levels === 1 ? 0 : j / (levels - 1);
}

/**
 * The factor's value at unit coordinate u: uniform lo + u(hi - lo); loguniform
 * exp(ln lo + u(ln hi - ln lo)); integer floor(lo + u(hi - lo + 1)) capped at
 * hi; categorical values[floor(u m)] capped at m - 1.
 */
export function factorValue(factor: Factor, u: number): unknown {
  switch (factor.kind) {
    case "uniform":
      return factor.lo + u * (factor.hi - factor.lo);
    case "loguniform": {
      const lnLo = Math.log(factor.lo);
      return Math.exp(lnLo + u * (Math.log(factor.hi) - lnLo));
    }
    case "integer":
      return Math.min(factor.hi, Math.floor(factor.lo + u * (factor.hi - factor.lo + 1)));
    case "categorical":
      return factor.values[Math.min(factor.values.length - 1, Math.floor(u * factor.values.length))];
  }
}
