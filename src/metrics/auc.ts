// Area under the ROC curve of a score separating two classes. Pure; no dependency on src/sim.
import { averageRanks } from "./rank.js";

/**
 * AUC = P(score of a random positive > score of a random negative) + ½·P(tie)
 *     = U / (n_pos · n_neg),  U = Σ_{i positive} rank_i − n_pos(n_pos+1)/2,
 * the Mann–Whitney U statistic with average ranks (see `averageRanks`), so a tied
 * positive/negative pair counts ½. Range [0, 1]: 1 = every positive outscores every negative,
 * ½ = no separation (or all scores tied), 0 = perfectly inverted.
 *
 * Convention for `reputation_auc`: score = reputation, positive = honest entity, negative =
 * adversarial entity. AUC is then the probability that a random honest entity has a higher
 * reputation than a random adversarial one (per kind: pass only that kind's entities).
 *
 * `positive[i]` marks entity i as positive (true or nonzero). Returns null if either class is
 * empty (undefined, not ½). Throws RangeError on a length mismatch or a NaN score.
 * Invariant to permuting entity ids and to any strictly increasing transform of the scores.
 */
export function auc(scores: ArrayLike<number>, positive: readonly boolean[] | Uint8Array): number | null {
  const n = scores.length;
  if (positive.length !== n) throw new RangeError(`auc: ${n} scores but ${positive.length} labels`);
  const ranks = averageRanks(scores);
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i]) {
      nPos++;
      rankSum += ranks[i]!;
    }
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const u = rankSum - (nPos * (nPos + 1)) / 2;
  return u / (nPos * nNeg);
}
