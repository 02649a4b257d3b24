// Double-entry ledger in integer micro-units. Every movement debits one account
// and credits another, so the balances always sum to exactly zero. Two external
// accounts may go negative: `outside` stands for everything beyond the simulated
// economy (clients paying for tasks, compute and data costs paid out, initial
// endowments) and `emissions` is the mint of the inflation schedule. So the money
// inside the economy always equals what came in from outside plus what was emitted.

export const OUTSIDE = 0;
export const EMISSIONS = 1;
export const TREASURY = 2;
/** Where slashed stake goes (inside the economy, kept apart so it can be reported). */
export const SLASHED = 3;
/** Escrow of the validators' fee share until the epoch settles. */
export const VALIDATOR_POOL = 4;
const FIXED_ACCOUNTS = ["outside", "emissions", "treasury", "slashed", "validator-pool"];
const EXTERNAL_COUNT = 2;

export class InsufficientFundsError extends Error {
  constructor(
    readonly account: string,
    readonly balance: number,
    readonly amount: number,
  ) {
    super(`ledger: account ${account} holds ${balance} micro, cannot pay ${amount}`);
    this.name = "InsufficientFundsError";
  }
}

export class Ledger {
  private balances: Float64Array;
  private labels: string[] = [...FIXED_ACCOUNTS];
  private size = FIXED_ACCOUNTS.length;
  /** Number of transfers recorded (for the manifest and invariants). */
  transfers = 0;

  constructor(initialCapacity = 1024) {
    this.balances = new Float64Array(Math.max(FIXED_ACCOUNTS.length, initialCapacity));
  }

  /** Open `n` accounts labelled `${prefix}:${i}`; returns the first account id. */
  openAccounts(prefix: string, n: number): number {
    const first = this.size;
    const need = first + n;
    if (need > this.balances.length) {
      let cap = this.balances.length;
      while (cap < need) cap *= 2;
      const grown = new Float64Array(cap);
      grown.set(this.balances.subarray(0, this.size));
      this.balances = grown;
    }
    for (let i = 0; i < n; i++) this.labels.push(`${prefix}:${i}`);
    this.size = need;
    return first;
  }

  get accountCount(): number {
    return this.size;
  }

  label(account: number): string {
    return this.labels[account] ?? `#${account}`;
  }

  balance(account: number): number {
    return this.balances[account]!;
  }

  /** True if `account` can pay `amount` (the external accounts always can). */
  canPay(account: number, amount: number): boolean {
    return account < EXTERNAL_COUNT || this.balances[account]! >= amount;
  }

  /** Move `amount` micro from one account to another. Throws rather than let a balance go negative. */
  transfer(from: number, to: number, amount: number): void {
    if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`ledger: transfer amount must be a non-negative safe integer, got ${amount}`);
    if (from < 0 || from >= this.size || to < 0 || to >= this.size) throw new RangeError(`ledger: no such account (${from} -> ${to})`);
    if (amount === 0) return;
    const b = this.balances;
    if (from >= EXTERNAL_COUNT && b[from]! < amount) throw new InsufficientFundsError(this.label(from), b[from]!, amount);
    b[from] = b[from]! - amount;
    b[to] = b[to]! + amount;
    this.transfers++;
  }

  /** Money inside the economy: the sum of every non-external balance, in account order. */
  insideSupply(): number {
    let s = 0;
    for (let i = EXTERNAL_COUNT; i < this.size; i++) s += this.balances[i]!;
    return s;
  }

  /** Sum of all balances in account order: 0 exactly unless money was created or destroyed. */
  imbalance(): number {
    let s = 0;
    for (let i = 0; i < this.size; i++) s += this.balances[i]!;
    return s;
  }
}
