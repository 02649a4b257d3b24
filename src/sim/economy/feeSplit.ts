// The fee-split-efficiency law, in one place: a rewards policy's shares must be
// non-negative integer micro-units summing exactly to the fee. The simulation
// checks every split with it; the plugin wrapper checks plugins' splits with it
// too, so its message can name the plugin.

/** What is wrong with `shares` as a split of `fee`, or undefined when it is exact. */
export function feeSplitProblem(fee: number, shares: ArrayLike<number>): string | undefined {
  let total = 0;
  for (let i = 0; i < shares.length; i++) {
    const s = shares[i]!;
    if (!(Number.isSafeInteger(s) && s >= 0)) return `put ${s} in share ${i} of fee ${fee} (expected non-negative integer micro-units)`;
    total += s;
  }
  return total === fee ? undefined : `split fee ${fee} into shares summing to ${total} (${total > fee ? "minting" : "leaking"} ${Math.abs(total - fee)} micro)`;
}
