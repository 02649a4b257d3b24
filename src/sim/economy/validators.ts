import { Population } from "./population.js";

/** Validators (struct of arrays); each has a stake escrow account beside its own. */
export class Validators extends Population {
  readonly firstStakeAccount: number;
  readonly verifications: Int32Array;

  constructor(count: number, firstAccount: number, firstStakeAccount: number) {
    super(count, firstAccount);
    this.firstStakeAccount = firstStakeAccount;
    this.verifications = new Int32Array(count);
  }

  stakeAccount(i: number): number {
    return this.firstStakeAccount + i;
  }
}
