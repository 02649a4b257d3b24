import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { loadScenario, scenarioJsonSchema } from "../src/scenario/index.js";
import type { JsonSchema } from "../src/scenario/index.js";

const dir = "test/fixtures/scenarios";
const schema = scenarioJsonSchema(builtinCatalog);

const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "default"]);
const ASSERTIONS = new Set([
  "type", "enum", "const", "anyOf", "properties", "required", "additionalProperties", "propertyNames",
  "prefixItems", "items", "minItems", "maxItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "pattern", "minLength", "maxLength",
]);

/** A small JSON Schema checker for exactly the keywords the scenario schema uses; returns the failing paths. */
function check(s: JsonSchema, value: unknown, path = "$"): string[] {
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${path}: ${why}`);
  for (const key of Object.keys(s)) if (!ANNOTATIONS.has(key) && !ASSERTIONS.has(key)) fail(`unsupported keyword ${key}`);
  const isMap = typeof value === "object" && value !== null && !Array.isArray(value);
  const type = s.type as string | undefined;
  if (type === "object" && !isMap) fail("not an object");
  if (type === "array" && !Array.isArray(value)) fail("not an array");
  if (type === "string" && typeof value !== "string") fail("not a string");
  if (type === "number" && typeof value !== "number") fail("not a number");
  if (type === "integer" && !Number.isInteger(value)) fail("not an integer");
  if (type === "boolean" && typeof value !== "boolean") fail("not a boolean");
  if (errors.length > 0) return errors;
  if (Array.isArray(s.enum) && !s.enum.includes(value)) fail("not in enum");
  if (s.const !== undefined && s.const !== value) fail("not the const");
  if (Array.isArray(s.anyOf) && !s.anyOf.some((alt) => check(alt as JsonSchema, value, path).length === 0)) fail("no anyOf alternative matches");
  if (typeof value === "number") {
    if (typeof s.minimum === "number" && value < s.minimum) fail("below minimum");
    if (typeof s.maximum === "number" && value > s.maximum) fail("above maximum");
    if (typeof s.exclusiveMinimum === "number" && value <= s.exclusiveMinimum) fail("not above exclusiveMinimum");
    if (typeof s.exclusiveMaximum === "number" && value >= s.exclusiveMaximum) fail("not below exclusiveMaximum");
  }
  if (typeof value === "string") {
    if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value)) fail("does not match pattern");
    if (typeof s.minLength === "number" && value.length < s.minLength) fail("too short");
    if (typeof s.maxLength === "number" && value.length > s.maxLength) fail("too long");
  }
  if (Array.isArray(value)) {
    const prefix = (s.prefixItems ?? []) as JsonSchema[];
    if (typeof s.minItems === "number" && value.length < s.minItems) fail("too few items");
    if (typeof s.maxItems === "number" && value.length > s.maxItems) fail("too many items");
    value.forEach((item, i) => {
      if (i < prefix.length) errors.push(...check(prefix[i], item, `${path}[${i}]`));
      else if (s.items === false) fail(`unexpected item ${i}`);
      else if (typeof s.items === "object") errors.push(...check(s.items as JsonSchema, item, `${path}[${i}]`));
    });
  }
  if (isMap) {
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (s.required ?? []) as string[]) if (!(key in value)) fail(`missing ${key}`);
    for (const [key, v] of Object.entries(value)) {
      if (key in props) errors.push(...check(props[key], v, `${path}.${key}`));
      else if (s.additionalProperties === false) fail(`unknown key ${key}`);
      else if (typeof s.additionalProperties === "object") errors.push(...check(s.additionalProperties as JsonSchema, v, `${path}.${key}`));
    }
  }
  return errors;
}

const fixture = (name: string): unknown => parse(readFileSync(`${dir}/${name}`, "utf8"));

describe("scenarioJsonSchema", () => {
  it("is plain JSON with a draft 2020-12 $schema, an $id and a title", () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toBe("urn:coordsim:scenario");
    expect(schema.title).toBe("coordsim scenario");
    expect(scenarioJsonSchema(builtinCatalog, { id: "https://example.org/s.json" }).$id).toBe("https://example.org/s.json");
  });

  it("expands each policy family into an anyOf over names and { use, params } per policy", () => {
    const families = (schema.properties as Record<string, JsonSchema>).policies.properties as Record<string, JsonSchema>;
    expect(Object.keys(families)).toEqual(["attribution", "rewards", "trust", "coordination", "routing", "adaptation"]);
    const routing = families.routing.anyOf as JsonSchema[];
    expect(routing[0]).toEqual({ type: "string", enum: ["random", "least-loaded", "greedy-trust", "softmax-trust", "proportional-trust"], description: "A routing policy with default params." });
    expect(routing.slice(1).map((alt) => (alt.properties as Record<string, JsonSchema>).use)).toEqual([
      { const: "random", description: "Policy name." },
      { const: "least-loaded", description: "Policy name." },
      { const: "greedy-trust", description: "Policy name." },
      { const: "softmax-trust", description: "Policy name." },
      { const: "proportional-trust", description: "Policy name." },
    ]);
    expect(families.routing.default).toBe("random");
    const fixedSplit = (families.rewards.anyOf as JsonSchema[])[1];
    expect(fixedSplit.required).toEqual(["use"]);
    expect(fixedSplit.additionalProperties).toBe(false);
    const params = (fixedSplit.properties as Record<string, JsonSchema>).params;
    expect(params.additionalProperties).toBe(false);
    expect((params.properties as Record<string, JsonSchema>).data).toEqual({
      default: 0.4,
      description: "Share of each fee credited to the model's training data (via attribution).",
      type: "number",
      minimum: 0,
      maximum: 1,
    });
  });

  it("writes tuples so draft-07 editors (yaml-language-server) accept them: no `items: false`", () => {
    expect(JSON.stringify(schema)).not.toContain('"items":false');
    const value = ((schema.properties as Record<string, JsonSchema>).tasks.properties as Record<string, JsonSchema>).value;
    const { description: _description, ...uniform } = (value.properties as Record<string, JsonSchema>).uniform;
    expect(uniform).toEqual({
      type: "array",
      prefixItems: [
        { type: "number", minimum: 0 },
        { type: "number", minimum: 0 },
      ],
      items: { type: "number", minimum: 0 },
      minItems: 2,
      maxItems: 2,
    });
  });

  it("accepts the good fixtures and the resolved scenario", () => {
    for (const name of ["good.yaml", "full.yaml", "good.json"]) {
      expect(check(schema, fixture(name))).toEqual([]);
      expect(check(schema, loadScenario(`${dir}/${name}`, { catalog: builtinCatalog }))).toEqual([]);
    }
  });

  it("rejects the structurally bad fixtures where the schema can tell", () => {
    expect(check(schema, fixture("typo-key.yaml"))).toEqual(["$.agents: unknown key cuont"]);
    expect(check(schema, fixture("wrong-type.yaml"))).toEqual(["$.models.count: not an integer"]);
    expect(check(schema, fixture("out-of-range.yaml"))).toEqual(["$.tasks.deadline: not above exclusiveMinimum"]);
    expect(check(schema, fixture("unknown-policy.yaml"))).toEqual([
      "$.policies.routing: no anyOf alternative matches",
      "$.policies.coordination: no anyOf alternative matches",
    ]);
    expect(check(schema, fixture("bad-params.yaml"))).toEqual(["$.policies.rewards: no anyOf alternative matches"]);
  });
});
