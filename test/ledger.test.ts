import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Apportioner, apportion } from "../src/sim/ledger/apportion.js";
import { InsufficientFundsError, Ledger, OUTSIDE, TREASURY } from "../src/sim/ledger/ledger.js";

describe("apportion (largest remainder)", () => {
  it("splits exactly with ties to the lower index", () => {
    expect([...apportion(10, [1, 1, 1])]).toEqual([4, 3, 3]);
    expect([...apportion(100, [0.4, 0.45, 0, 0.1, 0.05])]).toEqual([40, 45, 0, 10, 5]);
    expect([...apportion(7, [0.5, 0.5])]).toEqual([4, 3]);
    expect([...apportion(0, [1, 2])]).toEqual([0, 0]);
  });

  it("rejects bad input with a message naming it", () => {
    expect(() => apportion(1.5, [1])).toThrow(/total must be a non-negative safe integer, got 1.5/);
    expect(() => apportion(5, [0, 0])).toThrow(/weights sum to 0/);
    expect(() => apportion(5, [1, -1])).toThrow(/weight 1 must be finite and >= 0, got -1/);
  });

  it("property: parts are non-negative integers summing exactly to the total, within 1 of the quota, zero for zero weights", () => {
    const splitter = new Apportioner();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1e9, noNaN: true })), { minLength: 1, maxLength: 40 }).filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const out = new Float64Array(weights.length);
          splitter.split(total, weights, out);
          const sum = weights.reduce((a, b) => a + b, 0);
          let acc = 0;
          out.forEach((part, i) => {
            expect(Number.isInteger(part) && part >= 0).toBe(true);
            if (weights[i] === 0) expect(part).toBe(0);
            // Float quotas are approximate for huge totals; the +1 slack covers the rounding correction.
            expect(Math.abs(part - (total * weights[i]!) / sum)).toBeLessThanOrEqual(1 + total * 1e-15 * weights.length);
            acc += part;
          });
          expect(acc).toBe(total);
        },
      ),
    );
  });
});

/** The textbook walk the fast paths must reproduce: sort all slots by (fraction desc, index asc). */
function sortedWalkApportion(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  const frac: number[] = [];
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const quota = (total * weights[i]!) / sum;
    out.push(Math.floor(quota));
    frac.push(quota - Math.floor(quota));
    assigned += Math.floor(quota);
  }
  let remainder = total - assigned;
  const order = weights.map((_, i) => i).sort((a, b) => frac[b]! - frac[a]! || a - b);
  for (let k = 0; remainder > 0; k = (k + 1) % n) {
    if (weights[order[k]!]! > 0) {
      out[order[k]!]! += 1;
      remainder--;
    }
  }
  for (let k = n - 1; remainder < 0; k = (k - 1 + n) % n) {
    if (out[order[k]!]! > 0) {
      out[order[k]!]! -= 1;
      remainder++;
    }
  }
  return out;
}

describe("apportion fast paths", () => {
  it("property: identical to the sorted walk, for random, tied, equal and zero weights", () => {
    const splitter = new Apportioner();
    const weight = fc.oneof(fc.constant(0), fc.constant(1), fc.constant(3), fc.integer({ min: 1, max: 9 }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(weight, { minLength: 1, maxLength: 60 }).filter((w) => w.some((x) => x > 0)), (total, weights) => {
        const out = new Float64Array(weights.length);
        splitter.split(total, weights, out);
        expect([...out]).toEqual(sortedWalkApportion(total, weights));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("ledger", () => {
  it("property: any sequence of transfers conserves money (imbalance stays exactly 0) and never overdraws", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ from: fc.nat(9), to: fc.nat(9), amount: fc.nat(2_000_000) }), { maxLength: 200 }),
        (ops) => {
          const ledger = new Ledger(4);
          ledger.openAccounts("agent", 8);
          for (const { from, to, amount } of ops) {
            if (ledger.canPay(from, amount)) ledger.transfer(from, to, amount);
            else expect(() => ledger.transfer(from, to, amount)).toThrow(InsufficientFundsError);
            expect(ledger.imbalance()).toBe(0);
          }
          for (let a = 2; a < ledger.accountCount; a++) expect(ledger.balance(a)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it("names accounts and refuses fractional amounts", () => {
    const ledger = new Ledger();
    const first = ledger.openAccounts("model", 2);
    expect(ledger.label(first + 1)).toBe("model:1");
    expect(ledger.label(TREASURY)).toBe("treasury");
    ledger.transfer(OUTSIDE, first, 10);
    expect(() => ledger.transfer(first, TREASURY, 0.5)).toThrow(/non-negative safe integer, got 0.5/);
    expect(() => ledger.transfer(first, TREASURY, 11)).toThrow(/model:0 holds 10 micro, cannot pay 11/);
  });
});
