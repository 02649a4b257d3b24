// The scenario JSON Schema (draft 2020-12) for editors: generated from
// scenarioSchema, with each policy family expanded into its known policies and
// their params, so `use:` and `params:` autocomplete.
import * as z from "zod";
import type { PolicyCatalog } from "./catalog.js";
import { scenarioSchema } from "./schema.js";

/** A JSON Schema document or subschema. */
export type JsonSchema = { [keyword: string]: unknown };

/** The default `$id` of the scenario schema. */
export const SCENARIO_SCHEMA_ID = "urn:coordsim:scenario";

/**
 * Make tuples readable by draft-07 validators (yaml-language-server, VS Code):
 * they ignore `prefixItems` and treat `items: false` as "no items at all"
 * (redhat-developer/vscode-yaml#1175). With `maxItems` bounding the length, a
 * homogeneous tuple gets `items: <its item schema>` instead, which means the same
 * in 2020-12 (applies past the prefix: nothing) and checks each item in draft-07.
 */
function editorFriendly(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(editorFriendly);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const s = node as JsonSchema;
  if (Array.isArray(s.prefixItems) && s.items === false) {
    s.maxItems ??= s.prefixItems.length;
    const first = JSON.stringify(s.prefixItems[0]);
    if (s.prefixItems.every((item) => JSON.stringify(item) === first)) s.items = JSON.parse(first) as JsonSchema;
    else delete s.items;
  }
  Object.values(s).forEach(editorFriendly);
}

function toJson(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
  editorFriendly(json);
  return json;
}

function paramsJson(schema: z.ZodType): JsonSchema {
  const { $schema: _schema, ...json } = toJson(schema);
  return json;
}

/** The schema of one family property: a policy name, or `{ use: <name>, params }` per known policy. */
function familySchema(catalog: PolicyCatalog, family: string, generated: JsonSchema): JsonSchema {
  const names = catalog.names(family);
  if (names.length === 0) return generated;
  const alternatives: JsonSchema[] = [{ type: "string", enum: [...names], description: `A ${family} policy with default params.` }];
  for (const name of names) {
    const params = catalog.schema(family, name);
    alternatives.push({
      type: "object",
      title: name,
      description: catalog.description(family, name) ?? name,
      properties: {
        use: { const: name, description: "Policy name." },
        params: { ...(params ? paramsJson(params) : { type: "object" }), description: `Parameters of ${name}; omitted ones take their defaults.` },
      },
      required: ["use"],
      additionalProperties: false,
    });
  }
  const { anyOf: _anyOf, ...rest } = generated;
  return { ...rest, anyOf: alternatives };
}

/** The scenario JSON Schema, with policy names and params from `catalog`. */
export function scenarioJsonSchema(catalog: PolicyCatalog, options: { id?: string } = {}): JsonSchema {
  const { $schema, ...body } = toJson(scenarioSchema);
  const properties = body.properties as Record<string, JsonSchema>;
  const policies = properties.policies.properties as Record<string, JsonSchema>;
  for (const family of Object.keys(policies)) policies[family] = familySchema(catalog, family, policies[family]);
  return {
    $schema,
    $id: options.id ?? SCENARIO_SCHEMA_ID,
    title: "coordsim scenario",
    description: "A coordsim scenario file (YAML or JSON). See `coordsim schema --markdown` for the field reference.",
    ...body,
  };
}
