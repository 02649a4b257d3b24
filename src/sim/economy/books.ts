// The one payment path. Every movement of money goes through `Books.pay`, which
// moves it in the ledger, books it as an entity's earning or cost (when an
// entity's own account receives or pays), and bumps the money counter its
// reason names, together, so no flow can move money and forget the profit,
// fairness or welfare figures that read those books.
import { Ledger } from "../ledger/index.js";
import { C, type CounterName } from "./counters.js";
import type { Population } from "./population.js";

/** Why money moves, and the counter (if any) the amount is added to. */
export const PAYMENT_REASONS = {
  /** Endowments and stakes brought in at the start (neither earning nor cost; counted in the initial supply). */
  genesis: { booked: false },
  /** A validator locks part of its balance as stake (its own money, moved aside). */
  "stake-lock": { booked: false },
  "upload-cost": { counter: "contribution_cost_micro" },
  "compute-cost": {},
  "check-cost": {},
  /** A task's value, paid from outside to the first accepted result. */
  "task-value": { counter: "task_value_paid_micro" },
  /** A share of an inference fee (to the model, its data escrow, the validators' pool or the treasury). */
  "inference-fee": {},
  /** A data share paid to the provider of a credited contribution. */
  "data-reward": { counter: "data_rewards_micro" },
  /** A share of the validators' pool paid by stake. */
  "validator-reward": { counter: "validator_rewards_micro" },
  /** Escrowed or pooled money with no one to pay, moved to the treasury. */
  unclaimed: {},
  /** The part of a model's escrow that an attribution policy with absolute credits leaves unpaid (v(N) − Σ credits of it), to the treasury. */
  "attribution-withheld": { counter: "attribution_withheld_micro" },
  emission: { counter: "emitted_micro" },
  /** A model's (miner's) part of the epoch's emission, by its incentive. */
  "emission-incentive": { counter: "emission_incentive_micro" },
  /** A validator's part of the epoch's emission, by its dividends. */
  "emission-dividend": { counter: "emission_dividends_micro" },
  slash: { counter: "slashed_micro" },
  // Data staking (docs/openledger-staking.md).
  /** A provider locks a contribution's stake in its data-stake account (its own money, moved aside). */
  "data-stake-lock": { counter: "data_stake_locked_micro", booked: false },
  /** What is left of a contribution's stake returns to its provider at the lock's end (its own money back). */
  "data-stake-return": { counter: "data_stake_returned_micro", booked: false },
  /** Stake of a contribution judged bad, to the treasury or the reviewer: a cost to the provider (its data-stake account is held for it). */
  "data-stake-slash": { counter: "data_stake_slashed_micro" },
  /** A validator's cost of reviewing one contribution (paid outside). */
  "review-cost": { counter: "review_cost_micro" },
  /** The part of a penalised provider's data reward withheld, to the treasury. */
  "penalty-cut": { counter: "penalty_cut_micro" },
} as const satisfies Record<string, { counter?: CounterName; booked?: false }>;

export type PaymentReason = keyof typeof PAYMENT_REASONS;

/** Per reason, precomputed from the table: its counter index (-1: none) and whether entities book it. */
const SPEC_OF = new Map<PaymentReason, { counter: number; booked: boolean }>(
  (Object.keys(PAYMENT_REASONS) as PaymentReason[]).map((reason) => {
    const spec: { counter?: CounterName; booked?: false } = PAYMENT_REASONS[reason];
    return [reason, { counter: spec.counter === undefined ? -1 : C[spec.counter], booked: spec.booked !== false }];
  }),
);

export class Books {
  /** Money brought in at genesis (endowments and stakes), for the conservation check. */
  initialSupply = 0;
  private readonly owners: Population[] = [];
  private ownerOfAccount = new Int32Array(0);
  /** Per account: the first account of its owner's range, so account - base is the member's index. */
  private baseOfAccount = new Int32Array(0);

  constructor(
    readonly ledger: Ledger,
    private readonly counters: Float64Array,
  ) {}

  /** Populations whose own accounts earn and spend (not their escrow or stake accounts); call once every account is open. */
  register(...populations: Population[]): void {
    this.owners.push(...populations);
    // Owner (index into owners, or -1) per account: O(1) on the hot path.
    this.ownerOfAccount = new Int32Array(this.ledger.accountCount).fill(-1);
    this.baseOfAccount = new Int32Array(this.ledger.accountCount);
    this.owners.forEach((pop, k) => this.own(k, pop.firstAccount, pop.count));
  }

  /**
   * Book payments out of (and into) one account per member held on the members'
   * behalf (from `firstHeld`) as theirs: a provider's data-stake account, so a
   * slash from it is the provider's cost in its profit, while its lock and
   * return (unbooked reasons) are not. Validators' stake accounts are not held
   * this way: their slashes stay outside validator profit, as before.
   */
  registerHeld(pop: Population, firstHeld: number): void {
    const k = this.owners.indexOf(pop);
    if (k < 0) throw new Error("Books.registerHeld: register the population first");
    this.own(k, firstHeld, pop.count);
  }

  private own(k: number, first: number, n: number): void {
    this.ownerOfAccount.fill(k, first, first + n);
    this.baseOfAccount.fill(first, first, first + n);
  }

  /** Move `amount` micro from one account to another for `reason`, booking earnings, costs and counters. */
  pay(from: number, to: number, amount: number, reason: PaymentReason): void {
    this.ledger.transfer(from, to, amount);
    const spec = SPEC_OF.get(reason)!;
    if (spec.counter >= 0) this.counters[spec.counter]! += amount;
    if (reason === "genesis") this.initialSupply += amount;
    if (!spec.booked) return;
    const payer = this.ownerOfAccount[from] ?? -1;
    if (payer >= 0) this.owners[payer]!.spend(from - this.baseOfAccount[from]!, amount);
    const payee = this.ownerOfAccount[to] ?? -1;
    if (payee >= 0) this.owners[payee]!.earn(to - this.baseOfAccount[to]!, amount);
  }
}
