import * as z from "zod";
import { num } from "../../scenario/fields.js";
import type { RetrievalCandidates } from "../../sim/economy/seams.js";
import type { CoverageGame } from "./coverage.js";
import { requireCoverage, ruleFromValues, type AttributionRule, type AttributionRuleDefinition } from "./rule.js";

const params = z
  .object({
    k: num({ min: 1, max: 1000, int: true }).default(3).describe("Contributions retrieved (and paid) per call."),
  })
  .strict();

/** Rank candidates by quality (high first), ties to the earlier contribution; keep the first k in `top`. Returns how many were kept. */
function topK(count: number, quality: (i: number) => number, id: (i: number) => number, k: number, top: Int32Array): number {
  let kept = 0;
  for (let i = 0; i < count; i++) {
    // Insertion into a sorted list of at most k: k is small, so this beats sorting.
    let pos = kept;
    while (pos > 0 && (quality(top[pos - 1]!) < quality(i) || (quality(top[pos - 1]!) === quality(i) && id(top[pos - 1]!) > id(i)))) pos--;
    if (pos >= k) continue;
    for (let j = Math.min(kept, k - 1); j > pos; j--) top[j] = top[j - 1]!;
    top[pos] = i;
    if (kept < k) kept++;
  }
  return kept;
}

/**
 * Standalone valuation: each unit's weight is paid to its k best coverers in
 * proportion to their quality (equally if all qualities are 0), i.e. what each
 * contribution earns per unit-weighted query. Values sum to the covered weight.
 */
export function ragValues(game: CoverageGame, k: number): Float64Array {
  const { start, players } = game.coverers();
  const values = new Float64Array(game.n);
  const top = new Int32Array(k);
  for (let u = 0; u < game.unitCount; u++) {
    const from = start[u]!;
    const count = start[u + 1]! - from;
    if (count === 0) continue;
    const kept = topK(count, (i) => game.quality[players[from + i]!]!, (i) => game.id[players[from + i]!]!, k, top);
    let q = 0;
    for (let j = 0; j < kept; j++) q += game.quality[players[from + top[j]!]!]!;
    for (let j = 0; j < kept; j++) {
      const p = players[from + top[j]!]!;
      values[p]! += game.weight[u]! * (q > 0 ? game.quality[p]! / q : 1 / kept);
    }
  }
  return values;
}

/**
 * Retrieval-augmented attribution: on every inference call, the k training
 * contributions of the serving model that cover the task's unit and have the
 * highest quality (ties: earlier contribution) are "retrieved" and the call's
 * data share is paid to them at once, in proportion to quality. A call whose
 * unit no training data covers pays its data share to the treasury.
 */
export const ragRetrievalAttribution: AttributionRuleDefinition<z.output<typeof params>> = {
  name: "rag-retrieval",
  description: "Per call, pay the data share to the k highest-quality training contributions covering the task's unit, by quality.",
  schema: params,
  create(p) {
    const base = ruleFromValues((game) => ragValues(requireCoverage(game, "rag-retrieval"), p.k));
    let top = new Int32Array(p.k);
    const rule: AttributionRule = {
      ...base,
      creditCall(candidates: RetrievalCandidates, out: Float64Array) {
        if (top.length < p.k) top = new Int32Array(p.k);
        const kept = topK(candidates.count, (i) => candidates.quality(i), (i) => candidates.contribution(i), p.k, top);
        let q = 0;
        for (let j = 0; j < kept; j++) q += candidates.quality(top[j]!);
        for (let j = 0; j < kept; j++) out[top[j]!] = q > 0 ? candidates.quality(top[j]!) : 1;
      },
    };
    return rule;
  },
};
