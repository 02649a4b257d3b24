// The one payment path: Books.pay moves money, books earnings and costs and
// bumps its reason's counter together; the flows call nothing else.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Books, PAYMENT_REASONS, type PaymentReason } from "../src/sim/economy/books.js";
import { C, createCounters } from "../src/sim/economy/counters.js";
import { Population } from "../src/sim/economy/population.js";
import { Ledger, OUTSIDE, TREASURY } from "../src/sim/ledger/index.js";
import { ROOT } from "./helpers/cli.js";

const REASONS = Object.keys(PAYMENT_REASONS) as PaymentReason[];

function world() {
  const ledger = new Ledger();
  const counters = createCounters();
  const a = new Population(3, ledger.openAccounts("a", 3));
  const escrow = ledger.openAccounts("escrow", 2); // accounts no entity owns
  const b = new Population(2, ledger.openAccounts("b", 2));
  const books = new Books(ledger, counters);
  books.register(a, b);
  return { ledger, counters, a, b, escrow, books };
}

describe("Books.pay", () => {
  it("property: money is conserved, and every entity's reward and cost are exactly what its own account received and paid", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(8), fc.nat(8), fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(...REASONS)), { maxLength: 60 }), (moves) => {
        const { ledger, counters, a, b, escrow, books } = world();
        const accounts = [OUTSIDE, TREASURY, a.account(0), a.account(1), a.account(2), escrow, escrow + 1, b.account(0), b.account(1)];
        const owner = (acc: number): [Population, number] | undefined => (acc >= a.firstAccount && acc < a.firstAccount + 3 ? [a, acc - a.firstAccount] : acc >= b.firstAccount && acc < b.firstAccount + 2 ? [b, acc - b.firstAccount] : undefined);
        const reward = new Map<Population, number[]>([[a, [0, 0, 0]], [b, [0, 0]]]);
        const cost = new Map<Population, number[]>([[a, [0, 0, 0]], [b, [0, 0]]]);
        const byCounter = new Map<number, number>();
        let genesis = 0;
        for (const [f, t, amount, reason] of moves) {
          const from = accounts[f]!;
          const to = accounts[t]!;
          if (!ledger.canPay(from, amount)) continue;
          books.pay(from, to, amount, reason);
          const spec = PAYMENT_REASONS[reason] as { counter?: keyof typeof C; booked?: false };
          if (spec.counter !== undefined) byCounter.set(C[spec.counter], (byCounter.get(C[spec.counter]) ?? 0) + amount);
          if (reason === "genesis") genesis += amount;
          if (spec.booked === false) continue;
          const p = owner(from);
          if (p) cost.get(p[0])![p[1]]! += amount;
          const q = owner(to);
          if (q) reward.get(q[0])![q[1]]! += amount;
        }
        expect(ledger.imbalance()).toBe(0);
        expect(books.initialSupply).toBe(genesis);
        for (const pop of [a, b]) {
          expect(Array.from(pop.reward)).toEqual(reward.get(pop));
          expect(Array.from(pop.cost)).toEqual(cost.get(pop));
        }
        for (let i = 0; i < counters.length; i++) expect(counters[i], `counter ${i}`).toBe(byCounter.get(i) ?? 0);
      }),
    );
  });

  it("a data reward to an entity is its earning, the payer's cost, and the counter", () => {
    const { ledger, counters, a, b, books } = world();
    books.pay(OUTSIDE, a.account(1), 500, "genesis");
    books.pay(a.account(1), b.account(0), 200, "data-reward");
    expect([ledger.balance(a.account(1)), ledger.balance(b.account(0))]).toEqual([300, 200]);
    expect([a.reward[1], a.cost[1], b.reward[0], b.periodReward[0]]).toEqual([0, 200, 200, 200]);
    expect(counters[C.data_rewards_micro]).toBe(200);
    expect(books.initialSupply).toBe(500);
  });

  it("the economy's flows move money only through it", () => {
    const dir = join(ROOT, "src/sim/economy");
    const offenders: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "books.ts")) {
      readFileSync(join(dir, file), "utf8")
        .split("\n")
        .forEach((line, i) => {
          if (/\.(transfer|earn|spend)\(/.test(line) && !/^\s*(\/\/|\*)/.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
