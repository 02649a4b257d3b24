import type { Stream } from "../rng/index.js";
import type { ValueDistribution } from "./config.js";

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
    return (rng) => Math.round(rng.exponential(rate));
  }
  if (d.lognormal !== undefined) {
    const { mu, sigma } = d.lognormal;
    return (rng) => Math.min(Number.MAX_SAFE_INTEGER, Math.round(rng.lognormal(mu, sigma)));
  }
  throw new Error("valueSampler: distribution has no kind");
}
