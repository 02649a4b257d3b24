// sybil_gain: how much more a sybil cluster's data earns split over its
// identities than it would under one identity, by the run's own attribution
// policy on the final datanets. Counterfactual on the same run: the pieces one
// cluster uploaded together (same leader, same time) are merged back into one
// contribution, everything else unchanged, and the cluster's share of credits
// is compared: Σ_d v_d·share_split,d / Σ_d v_d·share_merged,d over domains d
// (v_d: the domain's coverage value), so domains weigh by what their data is worth.
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
  let total = 0;
  let sybil = 0;
  pieces.forEach((p, i) => {
    total += credits[i]!;
    if (p.sybil) sybil += credits[i]!;
  });
  return total > 0 ? sybil / total : 0;
}

/** Null when there are no sybil uploads, or the policy cannot value the final datanets (e.g. shapley-exact above its bound). */
export function sybilGain(w: Economy): number | null {
  const { datanets, contributions: store, providers, knowledge } = w;
  let split = 0;
  let merged = 0;
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
    }
  } catch {
    return null;
  }
  return merged > 0 ? split / merged : null;
}
