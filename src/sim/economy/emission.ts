// Paying an epoch's emission the way the trust policy shares it (Yuma): the
// minted amount is split exactly between miners (models, by incentive),
// validators (by dividends) and the owner (the treasury keeps its part), and
// the honest and cabal shares of what was paid are counted for the emission
// guarantee (Bittensor's E_H >= S_H).
import { Apportioner, TREASURY } from "../ledger/index.js";
import { isAdversarialModel, M, V } from "./behaviors.js";
import { C } from "./counters.js";
import type { EmissionShares } from "./seams.js";
import type { Economy } from "./world.js";

/** One recipient class of the emission: models (by incentive) or validators (by dividends). */
interface Recipients {
  readonly count: number;
  account(i: number): number;
  readonly reason: "emission-incentive" | "emission-dividend";
  weight(shares: EmissionShares, i: number): number;
  honest(i: number): boolean;
  cabal(i: number): boolean;
}

export class EmissionPayer {
  private readonly apportioner = new Apportioner();
  private readonly classes = new Float64Array(3);
  private readonly classParts = new Float64Array(3);
  private readonly recipients: readonly { who: Recipients; weights: Float64Array; parts: Float64Array }[];
  /** This payment's totals: paid, and the honest and cabal parts of it. */
  private paid = 0;
  private honest = 0;
  private cabal = 0;

  constructor(private readonly w: Economy) {
    const { models, validators } = w;
    const classes: Recipients[] = [
      {
        count: models.count,
        account: (m) => models.account(m),
        reason: "emission-incentive",
        weight: (shares, m) => shares.minerWeight(m),
        honest: (m) => models.behavior[m] === M.honest,
        cabal: (m) => isAdversarialModel(models.behavior[m]!),
      },
      {
        count: validators.count,
        account: (v) => validators.account(v),
        reason: "emission-dividend",
        weight: (shares, v) => shares.validatorWeight(v),
        honest: (v) => validators.behavior[v] === V.honest,
        cabal: (v) => validators.behavior[v] === V.colluding,
      },
    ];
    this.recipients = classes.map((who) => ({ who, weights: new Float64Array(who.count), parts: new Float64Array(who.count) }));
  }

  /** Pay `amount`, already minted into the treasury, by `shares`; a part nobody earned stays in the treasury. */
  pay(amount: number, shares: EmissionShares): void {
    const { counters } = this.w;
    const honestStake = honestStakeShare(this.w) ?? 0;
    this.classes[0] = shares.split.miners;
    this.classes[1] = shares.split.validators;
    this.classes[2] = shares.split.owner;
    this.apportioner.split(amount, this.classes, this.classParts);
    this.paid = this.honest = this.cabal = 0;
    this.recipients.forEach((r, k) => this.payClass(this.classParts[k]!, shares, r));
    const { paid, honest, cabal } = this;
    if (paid === 0) return;
    counters[C.honest_emission_micro]! += honest;
    counters[C.cabal_emission_micro]! += cabal;
    counters[C.emission_epochs]!++;
    // E_H >= S_H, allowing the one micro-unit that exact apportionment may move.
    if (honest / paid >= honestStake - 1 / paid) counters[C.emission_guarantee_epochs]!++;
  }

  /** Split one class's part by its members' weights (nothing when every weight is 0) and pay it. */
  private payClass(amount: number, shares: EmissionShares, { who, weights, parts }: { who: Recipients; weights: Float64Array; parts: Float64Array }): void {
    let total = 0;
    for (let i = 0; i < who.count; i++) {
      const x = (weights[i] = who.weight(shares, i));
      if (!(x >= 0 && x < Infinity)) throw new Error(`trust policy gave ${who.reason} weight ${x} to member ${i}; expected a finite number >= 0`);
      total += x;
    }
    if (amount === 0 || !(total > 0)) return;
    this.apportioner.split(amount, weights, parts);
    for (let i = 0; i < who.count; i++) {
      const part = parts[i]!;
      if (part === 0) continue;
      this.w.books.pay(TREASURY, who.account(i), part, who.reason);
      this.paid += part;
      if (who.honest(i)) this.honest += part;
      else if (who.cabal(i)) this.cabal += part;
    }
  }
}

/** Honest validators' share of all validators' stake (null without stake): Bittensor's S_H. */
export function honestStakeShare(w: Economy): number | null {
  let honest = 0;
  let total = 0;
  for (let v = 0; v < w.validators.count; v++) {
    const s = w.ledger.balance(w.validators.stakeAccount(v));
    total += s;
    if (w.validators.behavior[v] === V.honest) honest += s;
  }
  return total > 0 ? honest / total : null;
}
