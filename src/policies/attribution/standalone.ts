// Value a standalone game with a named built-in attribution rule: the pure core
// of `coordsim attribute` (no I/O).
import { RngStreams } from "../../sim/rng/index.js";
import { AttributionInputError, type Game } from "./game.js";
import { attributionRules, findAttributionRule } from "./index.js";

export interface AttributeOptions {
  /** Samples for the Monte Carlo rules (their `samples` param); an error for rules without one. */
  samples?: number;
  /** Seed of the rule's random streams (default 0); streams are named as in a run: policy.attribution.<name>.<stream>. */
  seed?: number;
}

/** The raw value per player of `game` under built-in rule `policy` (see AttributionRule.values). */
export function attributeValues(game: Game, policy: string, options: AttributeOptions = {}): Float64Array {
  const definition = findAttributionRule(policy);
  if (definition === undefined) {
    throw new AttributionInputError(`unknown attribution policy ${JSON.stringify(policy)}; known: ${attributionRules.map((p) => p.name).join(", ")}`);
  }
  const input: Record<string, unknown> = {};
  if (options.samples !== undefined) {
    if (!definition.schema.safeParse({ samples: 1 }).success) {
      const sampled = attributionRules.filter((p) => p.schema.safeParse({ samples: 1 }).success).map((p) => p.name);
      throw new AttributionInputError(`--samples applies only to ${sampled.join(", ")}; attribution policy ${policy} takes no samples`);
    }
    input.samples = options.samples;
  }
  const parsed = definition.schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AttributionInputError(`attribution policy ${policy}: ${issue.path.join(".")}: ${issue.message}`);
  }
  const streams = new RngStreams(options.seed ?? 0);
  const rule = definition.create(parsed.data, { stream: (name) => streams.stream(`policy.attribution.${policy}.${name}`) });
  return rule.values(game);
}
