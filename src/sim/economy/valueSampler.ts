import type { Stream } from "../rng/index.js";
import type { ValueDistribution } from "./config.js";

/**
 * Largest amount drawn from an unbounded distribution (exponential, lognormal),
 * micro-units (10,000,000 units). The scenario loader keeps each such
 * distribution's 1 - 1e-12 quantile below it, so the clamp only catches the
 * far tail and every total stays an exact integer.
 */
export const MAX_DRAWN_AMOUNT = 10_000_000_000_000;

/** Build a sampler of non-negative integer micro-unit amounts from a scenario distribution. */
export function valueSampler(d: ValueDistribution): (rng: Stream) => number {
  if (d.fixed !== undefined) {
    const v = Math.round(d.fixed);
    return () => v;
  }
  if (d.uniform !== undefined) {
    const [a, b] = d.uniform;
    return (rng) => Math.round(rng.uniformRange(a, b));
  }
  if (d.exponential !== undefined) {
    const rate = 1 / d.exponential.mean;
    return (rng) => Math.min(MAX_DRAWN_AMOUNT, Math.round(rng.exponential(rate)));
  }
  if (d.lognormal !== undefined) {
    const { mu, sigma } = d.lognormal;
    return (rng) => Math.min(MAX_DRAWN_AMOUNT, Math.round(rng.lognormal(mu, sigma)));
  }
  throw new Error("valueSampler: distribution has no kind");
}
