// The scenario field reference (markdown) for the README, generated from the
// same JSON Schema editors use, so docs, validation and autocompletion agree.
import type { PolicyCatalog } from "./catalog.js";
import { scenarioJsonSchema } from "./jsonSchema.js";
import type { JsonSchema } from "./jsonSchema.js";

export const REFERENCE_START = "<!-- scenario-reference:start -->";
export const REFERENCE_END = "<!-- scenario-reference:end -->";

const asSchema = (value: unknown): JsonSchema => (typeof value === "object" && value !== null ? (value as JsonSchema) : {});
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const code = (text: string) => `\`${text}\``;

function num(n: unknown): string {
  if (n === Number.MAX_SAFE_INTEGER) return "2^53-1";
  if (n === 2 ** 32 - 1) return "2^32-1";
  const text = String(n);
  return /^10{5,}$/.test(text) ? `1e${text.length - 1}` : text;
}

function typeOf(s: JsonSchema): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => code(JSON.stringify(v))).join(" or ");
  if (s.const !== undefined) return code(JSON.stringify(s.const));
  if (Array.isArray(s.anyOf)) return [...new Set(s.anyOf.map((a) => typeOf(asSchema(a))))].join(" or ");
  if (s.type === "array") {
    if (Array.isArray(s.prefixItems)) return `[${s.prefixItems.map((i) => typeOf(asSchema(i))).join(", ")}]`;
    return s.items ? `list of ${typeOf(asSchema(s.items))}` : "list";
  }
  if (s.type === "object") return "map";
  return typeof s.type === "string" ? s.type : "any";
}

function allowedOf(s: JsonSchema): string {
  const lo = s.minimum ?? s.exclusiveMinimum;
  const hi = s.maximum ?? s.exclusiveMaximum;
  const open = s.exclusiveMinimum !== undefined ? "(" : "[";
  const close = s.exclusiveMaximum !== undefined ? ")" : "]";
  if (lo !== undefined && hi !== undefined) return `${open}${num(lo)}, ${num(hi)}${close}`;
  if (lo !== undefined) return `${s.exclusiveMinimum !== undefined ? ">" : ">="} ${num(lo)}`;
  if (hi !== undefined) return `${s.exclusiveMaximum !== undefined ? "<" : "<="} ${num(hi)}`;
  if (Array.isArray(s.prefixItems)) {
    const each = [...new Set(s.prefixItems.map((i) => allowedOf(asSchema(i))))];
    return each.length === 1 && each[0] !== "" ? `each ${each[0]}` : "";
  }
  const parts: string[] = [];
  if (typeof s.pattern === "string") parts.push(`matches ${code(s.pattern)}`);
  if (typeof s.maxLength === "number") parts.push(`at most ${s.maxLength} characters`);
  return parts.join("; ");
}

interface Row {
  path: string;
  type: string;
  default: string;
  allowed: string;
  description: string;
}

function collectRows(s: JsonSchema, prefix: string, rows: Row[], policyNames: (path: string) => readonly string[] | undefined): void {
  const required = new Set(Array.isArray(s.required) ? s.required : []);
  for (const [key, value] of Object.entries(asSchema(s.properties))) {
    const prop = asSchema(value);
    const path = prefix === "" ? key : `${prefix}.${key}`;
    const names = policyNames(path);
    rows.push({
      path,
      type: names ? "policy name or `{ use, params }`" : typeOf(prop),
      default: prop.default !== undefined ? code(JSON.stringify(prop.default)) : required.has(key) ? "**required**" : "",
      allowed: names ? `${names.map(code).join(", ")} (see [Policies](#policies))` : allowedOf(prop),
      description: typeof prop.description === "string" ? prop.description : "",
    });
    if (!names && prop.type === "object" && prop.properties) collectRows(prop, path, rows, policyNames);
  }
}

function table(rows: readonly Row[], first: string): string {
  const lines = [`| ${first} | type | default | allowed | description |`, "| --- | --- | --- | --- | --- |"];
  for (const r of rows) lines.push(`| ${code(r.path)} | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.allowed)} | ${cell(r.description)} |`);
  return lines.join("\n");
}

export interface PolicyParamInfo {
  name: string;
  type: string;
  default: unknown;
  allowed: string;
  description: string;
}

export interface PolicyInfo {
  family: string;
  name: string;
  description: string;
  isDefault: boolean;
  params: PolicyParamInfo[];
}

/** Every policy of the catalog, family by family, with its params (from the same JSON Schema editors use). */
/** One row per param, and one per field of a param that is itself a map (`split.miners`), in declaration order. */
function paramRows(properties: Record<string, unknown>, prefix: string): PolicyInfo["params"] {
  return Object.entries(properties).flatMap(([key, value]) => {
    const prop = asSchema(value);
    const row = { name: `${prefix}${key}`, type: typeOf(prop), default: prop.default, allowed: allowedOf(prop), description: typeof prop.description === "string" ? prop.description : "" };
    return prop.properties === undefined ? [row] : [row, ...paramRows(asSchema(prop.properties), `${prefix}${key}.`)];
  });
}

export function describePolicies(catalog: PolicyCatalog): PolicyInfo[] {
  const schema = scenarioJsonSchema(catalog);
  const families = asSchema(asSchema(asSchema(schema.properties).policies).properties);
  const out: PolicyInfo[] = [];
  for (const family of Object.keys(families)) {
    const alternatives = (asSchema(families[family]).anyOf ?? []) as JsonSchema[];
    const fallback = asSchema(families[family]).default;
    for (const alt of alternatives) {
      const props = asSchema(alt.properties);
      const name = asSchema(props.use).const;
      if (typeof name !== "string") continue;
      const paramsSchema = asSchema(props.params);
      const params = paramRows(asSchema(paramsSchema.properties), "");
      out.push({ family, name, description: typeof alt.description === "string" ? alt.description : "", isDefault: name === fallback, params });
    }
  }
  return out;
}

/** Markdown: a table of every scenario field, then each policy family's policies and their params. */
export function scenarioReferenceMarkdown(catalog: PolicyCatalog): string {
  const schema = scenarioJsonSchema(catalog);
  const families = asSchema(asSchema(asSchema(schema.properties).policies).properties);
  const familyOf = (path: string) => (path.startsWith("policies.") ? path.slice("policies.".length) : "");
  const policyNames = (path: string) => {
    const family = familyOf(path);
    return family !== "" && Object.hasOwn(families, family) && catalog.names(family).length > 0 ? catalog.names(family) : undefined;
  };
  const rows: Row[] = [];
  collectRows(schema, "", rows, policyNames);
  const out = [table(rows, "field"), "", "### Policies", ""];
  out.push("Each `policies.<family>` is a policy name (default params) or `{ use: <name>, params: { … } }`.", "");
  let family = "";
  for (const p of describePolicies(catalog)) {
    if (p.family !== family) out.push(`#### ${(family = p.family)}`, "");
    out.push(`**${code(p.name)}**${p.isDefault ? " (default)" : ""}: ${p.description}`, "");
    out.push(p.params.length > 0 ? table(p.params.map((r) => ({ ...r, path: r.name, default: r.default === undefined ? "" : code(JSON.stringify(r.default)) })), "param") : "No params.", "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/**
 * Replace what lies between the `<!-- section:start -->` and `<!-- section:end -->`
 * markers in `text` (by default the scenario reference's) with `markdown`; throws if the markers are missing.
 */
export function replaceBetweenMarkers(text: string, markdown: string, section = "scenario-reference"): string {
  const open = `<!-- ${section}:start -->`;
  const close = `<!-- ${section}:end -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close, start + open.length);
  if (start < 0 || end < 0) throw new Error(`replaceBetweenMarkers: expected ${open} followed by ${close}`);
  return `${text.slice(0, start + open.length)}\n${markdown.trim()}\n${text.slice(end)}`;
}
