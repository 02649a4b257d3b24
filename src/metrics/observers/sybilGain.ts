// sybil_gain: how many share points of attribution credit a sybil cluster's
// data gains split over its identities, against the same data under one
// identity, by the run's own attribution policy on the final datanets.
// Counterfactual on the same run: the pieces one cluster uploaded together
// (same leader, same time) are merged back into one contribution, everything
// else unchanged. Each side is the value-weighted mean of the cluster's credit
// share per domain, Σ_d v_d·share_d / Σ_d v_d over the domains with sybil data
// (v_d: the domain's coverage value), so domains weigh by what their data is
// worth; the gain is split − merged, in [−1, 1].
import { sybilGain as shareGain } from "../gains.js";
import type { AttributionGame } from "../../sim/economy/seams.js";
import type { Economy } from "../../sim/economy/world.js";

interface Piece {
  units: number[];
  quality: number;
  provider: number;
  id: number;
  sybil: boolean;
}

function creditShare(w: Economy, pieces: Piece[]): number {
  const pool = Int32Array.from(pieces.flatMap((p) => p.units));
  const start = new Int32Array(pieces.length + 1);
  pieces.forEach((p, i) => (start[i + 1] = start[i]! + p.units.length));
  const game: AttributionGame = {
    players: pieces.length,
    contribution: (i) => pieces[i]!.id,
    provider: (i) => pieces[i]!.provider,
    quality: (i) => pieces[i]!.quality,
    unitsStart: (i) => start[i]!,
    unitsEnd: (i) => start[i + 1]!,
    pool,
    weight: (u) => w.knowledge.weight(u),
  };
  const credits = new Float64Array(pieces.length);
  w.policies.attribution.credit(game, credits);
  // Negative credits buy no share. The sybil sum is a sub-sum of the total in the same order
  // of non-negative terms, so rounding keeps it <= the total and the share <= 1 exactly.
  let total = 0;
  let sybil = 0;
  pieces.forEach((p, i) => {
    const credit = Math.max(0, credits[i]!);
    total += credit;
    if (p.sybil) sybil += credit;
  });
  return total > 0 ? sybil / total : 0;
}

/** Share differences below this are rounding in the float credit sums (about 1e-17 in practice), reported as 0. */
const SAME_SHARE = 1e-12;

/**
 * Σ v_d·s_d / Σ v_d with every s_d in [0, 1] and v_d >= 0, both sums taken in the same
 * order: each rounded product is <= its v_d, so the numerator is <= the denominator and
 * the mean <= 1 exactly.
 */
const weightedShare = (weighted: number, weights: number) => weighted / weights;

/** Null when no accepted data of positive value is a sybil's, or the policy cannot value the final datanets (e.g. shapley-exact above its bound). */
export function sybilGain(w: Economy): number | null {
  const { datanets, contributions: store, providers, knowledge } = w;
  let split = 0;
  let merged = 0;
  let value = 0;
  try {
    for (let d = 0; d < knowledge.domains; d++) {
      const actual: Piece[] = [];
      const byUpload = new Map<string, Piece>();
      const together: Piece[] = [];
      let domainValue = 0;
      for (let i = 0; i < datanets.acceptedCount(d); i++) {
        const c = datanets.acceptedAt(d, i);
        domainValue += datanets.acceptedValue(d, i);
        const p = store.provider[c]!;
        const units = Array.from(store.pool.subarray(store.start[c]!, store.end[c]!));
        const leader = providers.leader[p]!;
        const piece: Piece = { units, quality: store.quality[c]!, provider: p, id: c, sybil: leader >= 0 };
        actual.push(piece);
        if (leader < 0) {
          together.push(piece);
          continue;
        }
        const key = `${leader}@${store.time[c]}`;
        const upload = byUpload.get(key);
        if (upload === undefined) {
          const first: Piece = { ...piece, units: [...units], provider: leader };
          byUpload.set(key, first);
          together.push(first);
        } else {
          upload.units.push(...units);
        }
      }
      if (byUpload.size === 0) continue;
      for (const upload of byUpload.values()) upload.units.sort((a, b) => a - b);
      split += domainValue * creditShare(w, actual);
      merged += domainValue * creditShare(w, together);
      value += domainValue;
    }
  } catch {
    return null;
  }
  if (!(value > 0)) return null;
  const gain = shareGain(weightedShare(split, value), weightedShare(merged, value));
  // Equal credit split and merged (coverage-Shapley is additive over units) differs only by rounding in the credit sums.
  return Math.abs(gain) < SAME_SHARE ? 0 : gain;
}
