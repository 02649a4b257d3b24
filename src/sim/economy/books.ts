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
  "task-value": { counter: "value_created_micro" },
  /** A share of an inference fee (to the model, its data escrow, the validators' pool or the treasury). */
  "inference-fee": {},
  /** A data share paid to the provider of a credited contribution. */
  "data-reward": { counter: "data_rewards_micro" },
  /** A share of the validators' pool paid by stake. */
  "validator-reward": { counter: "validator_rewards_micro" },
  /** Escrowed or pooled money with no one to pay, moved to the treasury. */
  unclaimed: {},
  emission: { counter: "emitted_micro" },
  /** A model's (miner's) part of the epoch's emission, by its incentive. */
  "emission-incentive": { counter: "emission_incentive_micro" },
  /** A validator's part of the epoch's emission, by its dividends. */
  "emission-dividend": { counter: "emission_dividends_micro" },
  slash: { counter: "slashed_micro" },
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

  constructor(
    readonly ledger: Ledger,
    private readonly counters: Float64Array,
  ) {}

  /** Populations whose own accounts earn and spend (not their escrow or stake accounts); call once every account is open. */
  register(...populations: Population[]): void {
    this.owners.push(...populations);
    // Owner (index into owners, or -1) per account: O(1) on the hot path.
    this.ownerOfAccount = new Int32Array(this.ledger.accountCount).fill(-1);
    this.owners.forEach((pop, k) => this.ownerOfAccount.fill(k, pop.firstAccount, pop.firstAccount + pop.count));
  }

  /** Move `amount` micro from one account to another for `reason`, booking earnings, costs and counters. */
  pay(from: number, to: number, amount: number, reason: PaymentReason): void {
    this.ledger.transfer(from, to, amount);
    const spec = SPEC_OF.get(reason)!;
    if (spec.counter >= 0) this.counters[spec.counter]! += amount;
    if (reason === "genesis") this.initialSupply += amount;
    if (!spec.booked) return;
    const payer = this.ownerOfAccount[from] ?? -1;
    if (payer >= 0) this.owners[payer]!.spend(from - this.owners[payer]!.firstAccount, amount);
    const payee = this.ownerOfAccount[to] ?? -1;
    if (payee >= 0) this.owners[payee]!.earn(to - this.owners[payee]!.firstAccount, amount);
  }
}
