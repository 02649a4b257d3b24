// The illustrative stake-and-slash account of REFERENCE.md §4 (vector
// `stake_slash`): not a canonical protocol, but the bookkeeping the stake-slash
// trust policy's validator weight follows (weight = stake × beta expectation).
import { betaExpectation } from "./reputation.js";

/** One validator's stake, slashing proceeds and verdict evidence. */
export class StakeBook {
  /** Total paid to whistleblowers (fraction q of each penalty). */
  whistleblower = 0;
  /** Total burned (fraction 1 − q of each penalty). */
  burned = 0;
  /** Positive evidence (rewards) and negative evidence (slashes), no forgetting. */
  private r = 0;
  private s = 0;

  /** Open an account with `stake`; `whistleblowerFraction` q in [0, 1] of every penalty goes to the reporter. */
  constructor(
    public stake: number,
    private readonly whistleblowerFraction: number,
  ) {
    if (!(stake >= 0)) throw new RangeError(`StakeBook: stake must be >= 0, got ${stake}`);
    if (!(whistleblowerFraction >= 0 && whistleblowerFraction <= 1)) {
      throw new RangeError(`StakeBook: whistleblowerFraction must be in [0,1], got ${whistleblowerFraction}`);
    }
  }

  /** Add `amount` to the stake (no evidence either way). */
  bond(amount: number): void {
    this.stake += amount;
  }

  /** Add a reward to the stake; one unit of positive evidence. */
  reward(amount: number): void {
    this.stake += amount;
    this.r += 1;
  }

  /** Take `fraction` of the stake: q of it to the whistleblower, the rest burned; one unit of negative evidence. Returns the penalty. */
  slash(fraction: number): number {
    if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`StakeBook.slash: fraction must be in [0,1], got ${fraction}`);
    const penalty = this.stake * fraction;
    this.stake -= penalty;
    this.whistleblower += penalty * this.whistleblowerFraction;
    this.burned += penalty * (1 - this.whistleblowerFraction);
    this.s += 1;
    return penalty;
  }

  /** Beta expectation of the evidence so far. */
  get reputation(): number {
    return betaExpectation(this.r, this.s);
  }

  /** Stake × reputation: the validator's weight. */
  get weight(): number {
    return this.stake * this.reputation;
  }
}
