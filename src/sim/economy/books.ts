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
  slash: { counter: "slashed_micro" },
} as const satisfies Record<string, { counter?: CounterName; booked?: false }>;

export type PaymentReason = keyof typeof PAYMENT_REASONS;

const COUNTER_OF: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(PAYMENT_REASONS).flatMap(([reason, spec]) => ("counter" in spec ? [[reason, C[spec.counter]]] : [])),
);

export class Books {
  /** Money brought in at genesis (endowments and stakes), for the conservation check. */
  initialSupply = 0;
  private readonly owners: Population[] = [];

  constructor(
    readonly ledger: Ledger,
    private readonly counters: Float64Array,
  ) {}

  /** Populations whose own accounts earn and spend (not their escrow or stake accounts). */
  register(...populations: Population[]): void {
    this.owners.push(...populations);
  }

  /** Move `amount` micro from one account to another for `reason`, booking earnings, costs and counters. */
  pay(from: number, to: number, amount: number, reason: PaymentReason): void {
    this.ledger.transfer(from, to, amount);
    const counter = COUNTER_OF[reason];
    if (counter !== undefined) this.counters[counter]! += amount;
    if (reason === "genesis") {
      this.initialSupply += amount;
      return;
    }
    if (reason === "stake-lock") return;
    const payer = this.ownerOf(from);
    if (payer !== undefined) payer.spend(from - payer.firstAccount, amount);
    const payee = this.ownerOf(to);
    if (payee !== undefined) payee.earn(to - payee.firstAccount, amount);
  }

  private ownerOf(account: number): Population | undefined {
    for (const pop of this.owners) if (account >= pop.firstAccount && account < pop.firstAccount + pop.count) return pop;
    return undefined;
  }
}
