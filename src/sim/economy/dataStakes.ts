// Sources: OpenLedger's Proof of Attribution docs, as quoted, penalise "biased,
// redundant, or adversarial" contributions "through stake slashing" and cut the
// future rewards of contributors whose penalty score passes a threshold;
// write-ups describe a per-upload "quality bond" that "returns to the
// contributor" if the data passes. The sizes, the review sampling, the penalty
// update and the cut are this simulator's choices (listed in the doc page).
//
// Data staking state (OpenLedger's datanet staking, docs/openledger-staking.md):
// per contribution, the stake still locked and what the contribution truly is
// (ground truth fixed at submission); the provider penalty rule. The events
// that lock, review, slash and return stakes live in dataReview.ts.
import { growF64, growU8 } from "../growable.js";
import type { DataStakingConfig } from "./config.js";

/** A copy (copyOf >= 0) or spam: the uploads the caught share counts. */
export const F_ADVERSARIAL = 1;
/** Uploaded by a provider behaving honestly at the time. */
export const F_HONEST = 2;
/** Truly bad: redundant, low-quality or spam; an honest reviewer judges it so. */
export const F_BAD = 4;
/** Uploaded by a provider colluding reviewers cover for (any behaviour but honest). */
export const F_COVERED = 8;

export class DataStakes {
  /** Micro-units of stake still locked, by contribution id. */
  locked: Float64Array = new Float64Array(1024);
  /** F_* bits, by contribution id. */
  flags: Uint8Array = new Uint8Array(1024);

  constructor(readonly config: DataStakingConfig) {}

  /** Record contribution c's locked stake and ground truth. */
  record(c: number, stake: number, flags: number): void {
    if (c >= this.locked.length) {
      const cap = Math.max(c + 1, this.locked.length * 2);
      this.locked = growF64(this.locked, cap);
      this.flags = growU8(this.flags, cap);
    }
    this.locked[c] = stake;
    this.flags[c] = flags;
  }

  /** The part of a data reward a provider with this penalty score receives: floor(amount × rewardFactor) above the threshold. */
  rewardAfterPenalty(score: number, amount: number): number {
    const { threshold, rewardFactor } = this.config.penalty;
    return score > threshold ? Math.floor(amount * rewardFactor) : amount;
  }

  /** The penalty score after one of the provider's uploads (it fades geometrically). */
  fade(score: number): number {
    return score * (1 - this.config.penalty.decay);
  }

  /** The penalty score after a slash. */
  raise(score: number): number {
    return score + this.config.penalty.perSlash;
  }
}
