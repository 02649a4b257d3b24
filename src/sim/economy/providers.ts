import { Population } from "./population.js";

/** Data providers (struct of arrays); each has a data-stake account beside its own. */
export class Providers extends Population {
  /** Specialty domain. */
  readonly domain: Int32Array;
  /** Centre of an honest provider's niche (local unit id). */
  readonly niche: Int32Array;
  /** Sybil cluster leader (the member that draws the shared dataset), or -1. */
  readonly leader: Int32Array;
  /** Next member of the same sybil cluster (in id order), or -1: clusters need not be contiguous ids. */
  readonly nextMember: Int32Array;
  readonly contributions: Int32Array;
  readonly accepted: Int32Array;
  readonly broke: Uint8Array;
  /** First data-stake account: provider p's locked contribution stakes sit in account firstStakeAccount + p. */
  readonly firstStakeAccount: number;
  /** Penalty score under data staking (raised by slashes, faded by uploads; docs/openledger-staking.md). */
  readonly penaltyScore: Float64Array;

  constructor(count: number, firstAccount: number, firstStakeAccount: number) {
    super(count, firstAccount);
    this.firstStakeAccount = firstStakeAccount;
    this.penaltyScore = new Float64Array(count);
    this.domain = new Int32Array(count);
    this.niche = new Int32Array(count);
    this.leader = new Int32Array(count).fill(-1);
    this.nextMember = new Int32Array(count).fill(-1);
    this.contributions = new Int32Array(count);
    this.accepted = new Int32Array(count);
    this.broke = new Uint8Array(count);
  }

  stakeAccount(i: number): number {
    return this.firstStakeAccount + i;
  }
}
