import { Population } from "./population.js";

/** Data providers (struct of arrays). */
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

  constructor(count: number, firstAccount: number) {
    super(count, firstAccount);
    this.domain = new Int32Array(count);
    this.niche = new Int32Array(count);
    this.leader = new Int32Array(count).fill(-1);
    this.nextMember = new Int32Array(count).fill(-1);
    this.contributions = new Int32Array(count);
    this.accepted = new Int32Array(count);
    this.broke = new Uint8Array(count);
  }
}
