// zod issues -> plain messages with field paths. Schema fields carry their own
// messages (fields.ts); `errorMap` words the rest, so no raw "Invalid input"
// reaches a user. Unknown keys get a "did you mean", missing fields read "required".
import type * as z from "zod";
import { showValue } from "./fields.js";
import type { PathSegment } from "./source.js";
import { closest } from "./suggest.js";

/** A problem before it is placed in the file: `at: "key"` points at an unknown key itself. */
export interface Draft {
  path: PathSegment[];
  message: string;
  at: "key" | "value";
  /** From a refinement over a whole map or list (e.g. "fractions summing to 1"). */
  refinement?: boolean;
}

const NOUNS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "a map",
  record: "a map",
  map: "a map",
  array: "a list",
  tuple: "a list",
  null: "null",
};

function bound(n: number | bigint): string {
  return String(n);
}

function describe(iss: z.core.$ZodRawIssue): string {
  switch (iss.code) {
    case "invalid_type":
      return `expected ${NOUNS[iss.expected] ?? iss.expected}`;
    case "too_small": {
      const n = bound(iss.minimum);
      if (iss.origin === "string") return iss.exact ? `expected exactly ${n} characters` : n === "1" ? "expected a non-empty string" : `expected at least ${n} characters`;
      if (iss.origin === "array" || iss.origin === "set") return iss.exact ? `expected exactly ${n} items` : `expected at least ${n} items`;
      return `expected a number ${iss.inclusive === false ? ">" : ">="} ${n}`;
    }
    case "too_big": {
      const n = bound(iss.maximum);
      if (iss.origin === "string") return iss.exact ? `expected exactly ${n} characters` : `expected at most ${n} characters`;
      if (iss.origin === "array" || iss.origin === "set") return iss.exact ? `expected exactly ${n} items` : `expected at most ${n} items`;
      return `expected a number ${iss.inclusive === false ? "<" : "<="} ${n}`;
    }
    case "invalid_format":
      return iss.format === "regex" && iss.pattern ? `expected a string matching ${iss.pattern}` : `expected a valid ${iss.format}`;
    case "not_multiple_of":
      return `expected a multiple of ${bound(iss.divisor)}`;
    case "invalid_value":
      return iss.values.length === 1 ? `expected ${showValue(iss.values[0])}` : `expected one of ${iss.values.map((v) => showValue(v)).join(", ")}`;
    case "invalid_union":
      return "expected a value of one of the allowed shapes";
    case "invalid_key":
      return "invalid key";
    case "invalid_element":
      return "invalid element";
    default:
      return "invalid value";
  }
}

/** Per-parse error map for issues whose schema gave no message: "expected <what>, got <value>". */
export const errorMap: z.core.$ZodErrorMap = (iss) => `${describe(iss)}, got ${showValue(iss.input)}`;

/** Parse options every scenario and policy-params parse uses. */
export const parseContext = { error: errorMap, reportInput: true } as const;

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  options?: readonly z.core.$ZodType[];
  valueType?: z.core.$ZodType;
  element?: z.core.$ZodType;
  items?: readonly z.core.$ZodType[];
}

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(schema);
    if (def.innerType) schema = def.innerType;
    else if (def.type === "pipe" && def.in) schema = def.in;
    else if (def.type === "lazy" && def.getter) schema = def.getter();
    else break;
  }
  return schema;
}

/** The keys an object schema allows at `path`, or undefined when no object schema is there. */
export function allowedKeys(schema: z.core.$ZodType, path: readonly PathSegment[]): string[] | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === "union") {
    for (const option of def.options ?? []) {
      const keys = allowedKeys(option, path);
      if (keys) return keys;
    }
    return undefined;
  }
  if (path.length === 0) return def.type === "object" && def.shape ? Object.keys(def.shape) : undefined;
  const [head, ...rest] = path;
  let child: z.core.$ZodType | undefined;
  if (def.type === "object") child = def.shape?.[String(head)];
  else if (def.type === "record") child = def.valueType;
  else if (def.type === "array") child = def.element;
  else if (def.type === "tuple") child = def.items?.[Number(head)];
  return child ? allowedKeys(child, rest) : undefined;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const seg of path) {
    if (Array.isArray(value)) value = value[Number(seg)];
    else if (isPlainMap(value) && Object.hasOwn(value, String(seg))) value = value[String(seg)];
    else return undefined;
  }
  return value;
}

/** True when the last key of `path` is absent from an existing map in `data`. */
function isMissing(data: unknown, path: readonly PathSegment[]): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(data, path.slice(0, -1));
  return isPlainMap(parent) && !Object.hasOwn(parent, String(path[path.length - 1]));
}

/** The message for each unknown key of one map: the "allowed" text is built once per map, not once per key. */
function unknownKeyMessages(allowed: readonly string[] | undefined): (key: string) => string {
  if (!allowed) return () => "unknown key";
  if (allowed.length === 0) return () => "unknown key (no keys are allowed here)";
  const otherwise = `unknown key (allowed: ${allowed.join(", ")})`;
  return (key) => {
    const guess = closest(key, allowed);
    return guess !== undefined ? `unknown key (did you mean "${guess}"?)` : otherwise;
  };
}

/**
 * Turn zod issues from parsing `data` with `schema` into drafts. Paths are made
 * absolute by prefixing `base` (where `data` sits in the scenario). A refinement
 * over a map is dropped while a field inside it has its own issue (fix those first).
 */
export function explainIssues(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  schema: z.core.$ZodType,
  base: readonly PathSegment[] = [],
): Draft[] {
  const drafts = explainEach(issues, data, schema, base);
  // Every strict prefix of every draft's path, so each refinement is tested in one lookup (not against every draft).
  const enclosing = new Set<string>();
  for (const d of drafts) {
    let key = "";
    for (const seg of d.path) {
      enclosing.add(key);
      key += `\u0000${String(seg)}`;
    }
  }
  return drafts.filter((d) => !d.refinement || !enclosing.has(d.path.map((seg) => `\u0000${String(seg)}`).join("")));
}

function explainEach(
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  schema: z.core.$ZodType,
  base: readonly PathSegment[],
): Draft[] {
  const drafts: Draft[] = [];
  for (const iss of issues) {
    const path = iss.path as PathSegment[];
    if (iss.code === "unrecognized_keys") {
      const message = unknownKeyMessages(allowedKeys(schema, path));
      for (const key of iss.keys) drafts.push({ path: [...base, ...path, key], message: message(key), at: "key" });
    } else if (iss.code === "invalid_union" && iss.errors.length > 0) {
      // If exactly one alternative matched the value's shape (all its issues are nested), its issues are the useful ones.
      const nested = iss.errors.filter((branch) => branch.length > 0 && branch.every((b) => b.path.length > 0));
      if (nested.length === 1) {
        const inner = nested[0].map((b) => ({ ...b, path: [...path, ...b.path] }) as z.core.$ZodIssue);
        for (const d of explainEach(inner, data, schema, base)) drafts.push(d);
      } else {
        drafts.push({ path: [...base, ...path], message: iss.message, at: "value" });
      }
    } else if (iss.code === "invalid_type" && isMissing(data, path)) {
      drafts.push({ path: [...base, ...path], message: "required", at: "value" });
    } else {
      drafts.push({ path: [...base, ...path], message: iss.message, at: "value", refinement: iss.code === "custom" });
    }
  }
  return drafts;
}

/** Render a path: `policies.rewards.params.data`, `tasks.value.uniform[1]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = "";
  for (const seg of path) text += typeof seg === "number" ? `[${seg}]` : text === "" ? seg : `.${seg}`;
  return text;
}
