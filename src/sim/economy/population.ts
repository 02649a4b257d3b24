// Fields every kind of entity has: behaviour (current and initial), ledger
// account, reward and cost (total and since the last adaptation step).

export class Population {
  readonly count: number;
  readonly firstAccount: number;
  readonly behavior: Uint8Array;
  readonly initialBehavior: Uint8Array;
  readonly reward: Float64Array;
  readonly cost: Float64Array;
  readonly periodReward: Float64Array;
  readonly periodCost: Float64Array;

  constructor(count: number, firstAccount: number) {
    this.count = count;
    this.firstAccount = firstAccount;
    this.behavior = new Uint8Array(count);
    this.initialBehavior = new Uint8Array(count);
    this.reward = new Float64Array(count);
    this.cost = new Float64Array(count);
    this.periodReward = new Float64Array(count);
    this.periodCost = new Float64Array(count);
  }

  account(i: number): number {
    return this.firstAccount + i;
  }

  earn(i: number, amount: number): void {
    this.reward[i]! += amount;
    this.periodReward[i]! += amount;
  }

  spend(i: number, amount: number): void {
    this.cost[i]! += amount;
    this.periodCost[i]! += amount;
  }

  /** Profit since the last `startPeriod`. */
  periodProfit(i: number): number {
    return this.periodReward[i]! - this.periodCost[i]!;
  }

  startPeriod(): void {
    this.periodReward.fill(0);
    this.periodCost.fill(0);
  }

  countBehavior(b: number): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) if (this.behavior[i] === b) n++;
    return n;
  }
}
