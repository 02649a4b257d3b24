// Checks the attribution axioms a policy claims (seams.ts AttributionPolicy.axioms)
// on each version it credits, and that absolute credits (`credits: "absolute"`)
// sum to at most v(N). Runs at retrain only, so the cost is one pass
// over the version's units.
import { InvariantViolation } from "../invariant.js";
import { withholdsAttribution, type AttributionPolicy } from "./seams.js";

/**
 * Relative tolerance. Sums of Shapley values differ from v(N) only by rounding,
 * but games store qualities and weights in float32 (~6e-8 relative), so 1e-6
 * separates rounding (~1e-8 seen) from a broken split.
 */
const TOLERANCE = 1e-6;

export interface CreditedVersion {
  credits: Float64Array;
  value: number;
  quality: (i: number) => number;
  /** Units of player i, in storage order. */
  units: (i: number) => ArrayLike<number>;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

export function checkAttributionAxioms(policy: AttributionPolicy, version: CreditedVersion): void {
  const { credits, value } = version;
  if (withholdsAttribution(policy)) {
    // Absolute credits are shares of v(N): settlement pays escrow × Σ credits / v(N), so the sum may not exceed v(N).
    let sum = 0;
    for (let i = 0; i < credits.length; i++) sum += credits[i]!;
    if (sum > value && !close(sum, value)) throw new InvariantViolation("shapley-axioms", `the attribution policy's credits are absolute shares of v(N), but they sum to ${sum}, more than the version's value v(N) = ${value}`);
  }
  const axioms = policy.axioms;
  if (axioms === undefined || axioms.length === 0) return;
  if (axioms.includes("efficiency")) {
    let sum = 0;
    for (let i = 0; i < credits.length; i++) sum += credits[i]!;
    if (!close(sum, value)) throw new InvariantViolation("shapley-axioms", `the attribution policy claims efficiency, but its credits sum to ${sum} while the version's value v(N) is ${value}`);
  }
  if (axioms.includes("symmetry")) {
    // Same quality and the same units: interchangeable players, equal credit.
    const first = new Map<string, number>();
    for (let i = 0; i < credits.length; i++) {
      const key = `${version.quality(i)}|${Array.prototype.join.call(version.units(i), ",")}`;
      const j = first.get(key);
      if (j === undefined) first.set(key, i);
      else if (!close(credits[i]!, credits[j]!)) {
        throw new InvariantViolation("shapley-axioms", `the attribution policy claims symmetry, but interchangeable players ${j} and ${i} got credits ${credits[j]} and ${credits[i]}`);
      }
    }
  }
}
