import * as z from "zod";
import type { CoverageGame } from "./coverage.js";
import { requireCoverage, ruleFromValues, type AttributionRuleDefinition } from "./rule.js";

const params = z.object({}).strict();

/**
 * Each contribution's marginal value in submission order (lowest id first,
 * ties by player index): a unit's weight goes to the earliest contribution
 * covering it, and a later one earns only the quality it adds on top
 * (w_u · (q − best so far)). With equal qualities this is exactly "the earliest
 * coverer takes the unit"; a pure copy (same units, same quality, later id)
 * gets exactly 0. Values sum to v(N). O(total units + n log n).
 */
export function firstContributor(game: CoverageGame): Float64Array {
  const { id } = game;
  const order = Int32Array.from({ length: game.n }, (_, i) => i).sort((a, b) => id[a]! - id[b]! || a - b);
  const ev = game.evaluator();
  const values = new Float64Array(game.n);
  for (const i of order) values[i] = ev.add(i);
  return values;
}

/** Provenance-based credit: the first uploader of each unit is paid for it; copies earn nothing. */
export const firstContributorAttribution: AttributionRuleDefinition<z.output<typeof params>> = {
  name: "first-contributor",
  description: "Each unit's weight goes to the earliest contribution covering it (later ones earn only added quality).",
  schema: params,
  create() {
    return ruleFromValues((game) => firstContributor(requireCoverage(game, "first-contributor")));
  },
};
