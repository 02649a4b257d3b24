// The ground truth of data value (docs/design.md, World model): every domain has the same universe of
// `unitsPerDomain` knowledge units with importance weights; a contribution covers a set of them.
import { AliasTable } from "../rng/alias.js";
import type { Stream } from "../rng/stream.js";
import { zipfWeights } from "../rng/zipf.js";

/**
 * Knowledge units of all domains. Global unit id = domain * unitsPerDomain + local,
 * so one domain's units are the contiguous id range [domain * K, (domain + 1) * K).
 * Every domain shares one weight vector over local ids; local unit 0 is the most
 * important by convention (the generators rely on it: free-riders use the high ids).
 */
export class Knowledge {
  readonly domains: number;
  readonly unitsPerDomain: number;
  /** domains * unitsPerDomain; global ids lie in [0, totalUnits). */
  readonly totalUnits: number;
  /** Weight of local unit k (shared by every domain); treat as read-only. */
  readonly localWeights: Float64Array;
  private readonly total: number;
  private readonly table: AliasTable;

  /** Build from the per-local-unit weights (length unitsPerDomain, all finite and > 0); the array is copied. */
  constructor(domains: number, unitsPerDomain: number, weights: Float64Array) {
    if (!Number.isInteger(domains) || domains < 1) throw new Error(`Knowledge: domains must be an integer >= 1, got ${domains}`);
    if (!Number.isInteger(unitsPerDomain) || unitsPerDomain < 1) {
      throw new Error(`Knowledge: unitsPerDomain must be an integer >= 1, got ${unitsPerDomain}`);
    }
    if (domains * unitsPerDomain > 0x7fffffff) {
      throw new Error(`Knowledge: domains * unitsPerDomain must fit an int32 (<= 2^31-1), got ${domains * unitsPerDomain}`);
    }
    if (weights.length !== unitsPerDomain) {
      throw new Error(`Knowledge: weights must have length unitsPerDomain (${unitsPerDomain}), got ${weights.length}`);
    }
    let total = 0;
    for (let k = 0; k < unitsPerDomain; k++) {
      const w = weights[k]!;
      if (!(w > 0) || w === Infinity) throw new Error(`Knowledge: weight[${k}] must be finite and > 0, got ${w}`);
      total += w;
    }
    this.domains = domains;
    this.unitsPerDomain = unitsPerDomain;
    this.totalUnits = domains * unitsPerDomain;
    this.localWeights = Float64Array.from(weights);
    this.total = total;
    this.table = new AliasTable(this.localWeights);
  }

  /**
   * Return Zipf knowledge: local unit k has weight (k + 1)^-exponent, i.e. `zipfWeights`
   * rescaled so that unit 0 weighs exactly 1 (a domain's total is then the generalized
   * harmonic number H(K, s), which does not shrink as K grows).
   */
  static zipfKnowledge(domains: number, unitsPerDomain: number, exponent: number): Knowledge {
    const w = zipfWeights(unitsPerDomain, exponent);
    const top = w[0]!;
    for (let k = 0; k < unitsPerDomain; k++) w[k] = w[k]! / top; // w[0] / w[0] is exactly 1
    return new Knowledge(domains, unitsPerDomain, w);
  }

  /** Return the weight of a global unit. */
  weight(globalUnit: number): number {
    return this.localWeights[globalUnit % this.unitsPerDomain]!;
  }

  /** Return the domain of a global unit. */
  domainOf(globalUnit: number): number {
    return Math.floor(globalUnit / this.unitsPerDomain);
  }

  /** Return the local id (0 = most important) of a global unit. */
  localOf(globalUnit: number): number {
    return globalUnit % this.unitsPerDomain;
  }

  /** Return the global id of local unit `local` of `domain`. */
  unit(domain: number, local: number): number {
    return domain * this.unitsPerDomain + local;
  }

  /** Return the total weight of one domain (the same for every domain), summed in local-id order. */
  domainWeight(): number {
    return this.total;
  }

  /** Draw a global unit of `domain` with probability proportional to its weight: O(1), one uniform. */
  sampleUnit(domain: number, stream: Stream): number {
    return domain * this.unitsPerDomain + this.table.sample(stream);
  }
}
