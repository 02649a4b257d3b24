// Monte Carlo estimators over explicit samples, so the known-answer vectors
// (REFERENCE §1, `sampling`) check them without any random number generator;
// the shapley-mc and banzhaf-mc policies feed them seeded random samples.
import type { Stream } from "../../sim/rng/index.js";
import type { Evaluator, Game } from "./game.js";
import { grandValue } from "./game.js";

/**
 * Permutation sampling (Castro et al. 2009), optionally truncated as in
 * TMC-Shapley Algorithm 1 (Ghorbani & Zou 2019): scanning a permutation, before
 * position j, if |v(N) − v(prefix_{j−1})| < tolerance (strict, absolute) the
 * rest of the permutation gets marginal 0 and the scan stops. Accumulates the
 * marginals into `sums` and counts permutations; `estimate()` is the mean.
 */
export class PermutationSampler {
  readonly sums: Float64Array;
  count = 0;
  private readonly ev: Evaluator;

  constructor(
    readonly game: Game,
    /** Absolute truncation tolerance; 0 disables truncation. */
    readonly tolerance = 0,
    readonly grand = tolerance > 0 ? grandValue(game) : NaN,
  ) {
    this.sums = new Float64Array(game.n);
    this.ev = game.evaluator();
  }

  /** Scan one permutation; return the first truncated position, or -1 if none was. */
  scan(permutation: ArrayLike<number>): number {
    const ev = this.ev;
    ev.reset();
    this.count++;
    for (let j = 0; j < permutation.length; j++) {
      if (this.tolerance > 0 && Math.abs(this.grand - ev.value) < this.tolerance) return j;
      const i = permutation[j]!;
      this.sums[i]! += ev.add(i);
    }
    return -1;
  }

  /** Mean marginal per player over the scanned permutations. */
  estimate(): Float64Array {
    return this.sums.map((s) => s / this.count);
  }
}

/** Shuffle `perm` in place into a uniform random permutation of 0..length-1 (Fisher–Yates). */
export function randomPermutation(perm: Int32Array, rng: Stream): Int32Array {
  for (let i = 0; i < perm.length; i++) perm[i] = i;
  for (let i = perm.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm;
}

/**
 * Maximum-sample-reuse Banzhaf (Wang & Jia 2023): each sampled coalition S
 * updates every player, est_i = mean{v(S) : i ∈ S} − mean{v(S) : i ∉ S};
 * NaN where either group is empty (undefined).
 */
export class MsrSampler {
  private readonly inSum: Float64Array;
  private readonly outSum: Float64Array;
  private readonly inCount: Float64Array;
  private readonly outCount: Float64Array;
  private readonly ev: Evaluator;

  constructor(readonly game: Game) {
    const n = game.n;
    this.inSum = new Float64Array(n);
    this.outSum = new Float64Array(n);
    this.inCount = new Float64Array(n);
    this.outCount = new Float64Array(n);
    this.ev = game.evaluator();
  }

  /** Record one coalition, given as membership flags (member[i] !== 0 ⇔ i ∈ S). */
  sample(member: ArrayLike<number>): void {
    const ev = this.ev;
    ev.reset();
    for (let i = 0; i < this.game.n; i++) if (member[i] !== 0) ev.add(i);
    const v = ev.value;
    for (let i = 0; i < this.game.n; i++) {
      if (member[i] !== 0) {
        this.inSum[i]! += v;
        this.inCount[i]!++;
      } else {
        this.outSum[i]! += v;
        this.outCount[i]!++;
      }
    }
  }

  estimate(): Float64Array {
    return this.inSum.map((s, i) => {
      const a = this.inCount[i]!;
      const b = this.outCount[i]!;
      return a > 0 && b > 0 ? s / a - this.outSum[i]! / b : NaN;
    });
  }
}

/** Fill `member` with a uniform random coalition (each player in with probability 1/2), 32 players per draw. */
export function randomCoalition(member: Uint8Array, rng: Stream): Uint8Array {
  let bits = 0;
  for (let i = 0; i < member.length; i++) {
    if ((i & 31) === 0) bits = rng.uint32();
    member[i] = (bits >>> (i & 31)) & 1;
  }
  return member;
}
