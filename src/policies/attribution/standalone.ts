// Value a standalone game with a named built-in attribution rule: the pure core
// of `coordsim attribute` (no I/O).
import { applyOverride, parseOverride, type Override } from "../../scenario/overrides.js";
import { RngStreams } from "../../sim/rng/index.js";
import { AttributionInputError, type Game } from "./game.js";
import { attributionRules, findAttributionRule } from "./index.js";

export interface AttributeOptions {
  /** Samples for the Monte Carlo rules (their `samples` param); an error for rules without one. */
  samples?: number;
  /** Seed of the rule's random streams (default 0); streams are named as in a run: policy.attribution.<name>.<stream>. */
  seed?: number;
  /** `name=value` params of the rule (as given to `--param`, repeatable): values parsed like `--set` (numbers, booleans, strings), dotted names for nested params; validated by the rule's schema. */
  params?: readonly string[];
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
  const given: Override[] = [];
  for (const text of options.params ?? []) {
    const result = parseOverride(text, "--param", "penalty");
    if (!result.ok) throw new AttributionInputError(`${result.label}: ${result.message}`);
    const problem = applyOverride(input, result.override);
    if (problem !== undefined) throw new AttributionInputError(`${result.override.label}: ${problem}`);
    given.push(result.override);
  }
  const parsed = definition.schema.safeParse(input);
  if (!parsed.success) throw new AttributionInputError(paramProblem(policy, parsed.error.issues[0]!, given));
  const streams = new RngStreams(options.seed ?? 0);
  const rule = definition.create(parsed.data, { stream: (name) => streams.stream(`policy.attribution.${policy}.${name}`) });
  return rule.values(game);
}

/** The first schema issue as a message naming the `--param` it came from (the last one given for that name). */
function paramProblem(policy: string, issue: { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }, given: readonly Override[]): string {
  const path = issue.code === "unrecognized_keys" && issue.keys?.length ? [...issue.path.map(String), issue.keys[0]!] : issue.path.map(String);
  const name = path.join(".");
  const from = [...given].reverse().find((o) => o.path.join(".") === name || name.startsWith(`${o.path.join(".")}.`) || o.path.join(".").startsWith(`${name}.`));
  const where = from !== undefined ? `${from.label}: ` : "";
  if (issue.code === "unrecognized_keys") return `${where}attribution policy ${policy} has no param ${JSON.stringify(name)} (${issue.message})`;
  return `${where}attribution policy ${policy}: ${name}: ${issue.message}`;
}
