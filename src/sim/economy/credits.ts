// The attribution credit law, in one place: credits are finite and >= 0. Checked
// on every version the world trains and on every plugin credit() output.

/** Index of the first of `credits[0..n)` that is not a finite number >= 0, or -1 (the attribution seam's contract). */
export function firstInvalidCredit(credits: ArrayLike<number>, n: number): number {
  for (let i = 0; i < n; i++) {
    const c = credits[i]!;
    if (!(c >= 0 && Number.isFinite(c))) return i;
  }
  return -1;
}
