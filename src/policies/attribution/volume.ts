import * as z from "zod";
import { grandValue, type Game } from "./game.js";
import { requireCoverage, type AttributionRuleDefinition } from "./rule.js";

const params = z.object({}).strict();

/**
 * Proportional to volume: credit_i = number of units contribution i covers,
 * whatever their quality or overlap with others. As standalone values,
 * v(N) · size_i / Σ size (all 0 if nobody covers anything), which is how the
 * sybil vectors' "proportional_to_volume" rule reads. Copying and spam pay.
 */
export function volumeValues(game: Game): Float64Array {
  const g = requireCoverage(game, "volume");
  let total = 0;
  for (let i = 0; i < g.n; i++) total += g.size(i);
  const grand = total > 0 ? grandValue(g) : 0;
  return Float64Array.from({ length: g.n }, (_, i) => (total > 0 ? (grand * g.size(i)) / total : 0));
}

/** Pay by size: the rule that makes duplication profitable. */
export const volumeAttribution: AttributionRuleDefinition<z.output<typeof params>> = {
  name: "volume",
  description: "Credit each contribution in proportion to its number of units, regardless of overlap or quality.",
  schema: params,
  create() {
    return {
      values: volumeValues,
      credit(game, out) {
        for (let i = 0; i < game.players; i++) out[i] = game.unitsEnd(i) - game.unitsStart(i);
      },
    };
  },
};
