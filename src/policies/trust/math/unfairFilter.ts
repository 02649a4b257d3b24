// Whitby, Jøsang & Indulska's iterated filter of unfair raters ("Filtering Out
// Unfair Ratings in Bayesian Reputation Systems", 7th Int. Workshop on Trust in
// Agent Societies at AAMAS 2004; ICFAI J. of Management Research 4(2), 2005).
// For one subject Z, every rater X's ratings (r_X, s_X) of Z are its opinion
// Beta(r_X + 1, s_X + 1). With F the raters still assumed fair (all at first):
//   E = (Σ_{X∈F} r_X + 1) / (Σ_{X∈F} r_X + Σ_{X∈F} s_X + 2)   (Z's score from F)
//   X ∈ F is excluded when E < q-quantile or E > (1 − q)-quantile of its Beta;
// all raters flagged in a pass are excluded together, and passes repeat until
// one excludes nobody. Because the beta CDF I is continuous and increasing,
// "E below the q-quantile" is I_E(r_X + 1, s_X + 1) < q and "E above the
// (1 − q)-quantile" is I_E(...) > 1 − q: one CDF value per rater and pass.
import { betaCdf } from "./betaQuantile.js";

/**
 * Run the filter on raters 0..count): r[k], s[k] are rater k's positive and
 * negative evidence about the subject. Writes into excludedAt[k] the pass (1, 2, …)
 * at which rater k was excluded, or 0 if it stayed in F. Returns the number of
 * passes that excluded someone. A rater with no evidence (r = s = 0) holds the
 * uniform Beta(1, 1) and is excluded only if E < q or E > 1 − q.
 */
export function filterUnfairRaters(count: number, r: ArrayLike<number>, s: ArrayLike<number>, q: number, excludedAt: Int32Array | number[]): number {
  if (!(q > 0 && q < 0.5)) throw new RangeError(`filterUnfairRaters: q must be in (0, 0.5), got ${q}`);
  for (let k = 0; k < count; k++) excludedAt[k] = 0;
  let pass = 0;
  for (;;) {
    let pos = 0;
    let neg = 0;
    let fair = 0;
    for (let k = 0; k < count; k++) {
      if (excludedAt[k] !== 0) continue;
      pos += r[k]!;
      neg += s[k]!;
      fair++;
    }
    if (fair === 0) return pass;
    const score = (pos + 1) / (pos + neg + 2);
    let excluded = 0;
    for (let k = 0; k < count; k++) {
      if (excludedAt[k] !== 0) continue;
      const c = betaCdf(score, r[k]! + 1, s[k]! + 1);
      if (c < q || c > 1 - q) {
        excludedAt[k] = pass + 1;
        excluded++;
      }
    }
    if (excluded === 0) return pass;
    pass++;
  }
}
