// The built-in attribution policies, in the order `coordsim policies` lists them.
import type { AttributionPolicy } from "../../sim/economy/seams.js";
import type { PolicyDefinition } from "../types.js";
import { banzhafMcAttribution } from "./banzhafMc.js";
import { coverageShapleyAttribution } from "./coverageShapley.js";
import { firstContributorAttribution } from "./firstContributor.js";
import { influenceNoisyAttribution } from "./influenceNoisy.js";
import { leaveOneOutAttribution } from "./leaveOneOut.js";
import { ragRetrievalAttribution } from "./ragRetrieval.js";
import { replicationRobustAttribution } from "./replicationRobust.js";
import type { AttributionRuleDefinition } from "./rule.js";
import { shapleyExactAttribution } from "./shapleyExact.js";
import { shapleyMcAttribution } from "./shapleyMc.js";
import { uniformRule } from "./uniform.js";
import { volumeAttribution } from "./volume.js";

/** Every built-in attribution rule (each also values standalone games). */
export const attributionRules: readonly AttributionRuleDefinition<never>[] = [
  uniformRule,
  volumeAttribution,
  leaveOneOutAttribution,
  shapleyExactAttribution,
  shapleyMcAttribution,
  banzhafMcAttribution,
  coverageShapleyAttribution,
  firstContributorAttribution,
  replicationRobustAttribution,
  influenceNoisyAttribution,
  ragRetrievalAttribution,
] as readonly AttributionRuleDefinition<unknown>[] as readonly AttributionRuleDefinition<never>[];

/** The same list as the registry's attribution family types it. */
export const attributionPolicies: readonly PolicyDefinition<AttributionPolicy, never>[] = attributionRules;

/** Find a built-in attribution rule by name. */
export function findAttributionRule(name: string): AttributionRuleDefinition<never> | undefined {
  return attributionRules.find((p) => p.name === name);
}
