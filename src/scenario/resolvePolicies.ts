// Resolve each policy family: a name becomes `{ use, params: {} }`, the name must
// be in the catalog, and params are validated (defaults filled) by the policy's
// own schema, with issues re-pathed under `policies.<family>.params`.
import { FAMILIES, POLICY_FAMILIES, type PolicyFamily } from "../sim/economy/families.js";
import type { PolicyCatalog } from "./catalog.js";
import { explainIssues, parseContext } from "./issues.js";
import type { Draft } from "./issues.js";
import { isPluginPath, scenarioSchema } from "./schema.js";
import type { ResolvedPolicy } from "./schema.js";
import { closest } from "./suggest.js";

/** The per-family policy schemas of the scenario (each a name or `{ use, params }` with a default). */
export const policyFields = scenarioSchema.shape.policies.unwrap().shape;
export type PolicyFamilyName = PolicyFamily;
export const policyFamilies = POLICY_FAMILIES;

/** The default policy name of a family, as the scenario schema fills it in. */
export function defaultPolicyName(family: PolicyFamilyName): string {
  return FAMILIES[family].default;
}

function unknownPolicyMessage(family: string, name: string, known: readonly string[]): string {
  const guess = closest(name, known);
  const hint = guess !== undefined ? ` (did you mean "${guess}"?)` : "";
  return `unknown ${family} policy ${JSON.stringify(name)}${hint}; known: ${known.length > 0 ? known.join(", ") : "none"}`;
}

/**
 * Resolve the families of `policies` (the raw input map, or undefined) that the
 * scenario parse found no issue with (`skip`). Returns the resolved policies and drafts.
 */
export function resolvePolicies(
  policies: unknown,
  catalog: PolicyCatalog,
  skip: (family: string) => boolean,
  /** Maps a `use` value to its catalog key: plugin paths become absolute module paths. */
  keyOf: (use: string) => string = (use) => use,
): { resolved: Partial<Record<PolicyFamilyName, ResolvedPolicy>>; drafts: Draft[] } {
  const resolved: Partial<Record<PolicyFamilyName, ResolvedPolicy>> = {};
  const drafts: Draft[] = [];
  const isMap = typeof policies === "object" && policies !== null && !Array.isArray(policies);
  if (policies !== undefined && !isMap) return { resolved, drafts }; // the scenario parse reported it
  const input = isMap ? (policies as Record<string, unknown>) : {};
  for (const family of policyFamilies) {
    if (skip(family)) continue;
    const spec = policyFields[family].safeParse(Object.hasOwn(input, family) ? input[family] : undefined);
    if (!spec.success) continue;
    const byName = typeof spec.data === "string";
    const use = typeof spec.data === "string" ? spec.data : spec.data.use;
    const params = typeof spec.data === "string" ? {} : (spec.data.params ?? {});
    const key = keyOf(use);
    const schema = catalog.schema(family, key);
    if (!schema) {
      const path = byName ? ["policies", family] : ["policies", family, "use"];
      const message = isPluginPath(use) ? `policy plugin ${JSON.stringify(use)} not found (looked for ${key})` : unknownPolicyMessage(family, use, catalog.names(family));
      drafts.push({ path, message, at: "value" });
      continue;
    }
    const parsed = schema.safeParse(params, parseContext);
    if (!parsed.success) {
      for (const d of explainIssues(parsed.error.issues, params, schema, ["policies", family, "params"])) drafts.push(d);
      continue;
    }
    // An absolute plugin path is its own key, but still a module (not a built-in name).
    resolved[family] = { use, params: parsed.data as Record<string, unknown>, ...(isPluginPath(use) ? { module: key } : {}) };
  }
  return { resolved, drafts };
}
