// Scenario text -> YAML document with positions. JSON files go through the same
// parser (JSON is YAML flow syntax), so both report `line:col` the same way.
import { LineCounter, isAlias, isMap, isNode, isScalar, isSeq, parseDocument } from "yaml";
import type { Document, Pair, YAMLMap } from "yaml";

/** A field path as zod reports it: object keys and array indices. */
export type PathSegment = string | number;

/** A syntax problem found while parsing, at a character offset. */
export interface SyntaxProblem {
  offset: number;
  path: PathSegment[];
  message: string;
}

export interface ParsedSource {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  problems: SyntaxProblem[];
}

export type DecodeResult = { ok: true; text: string } | { ok: false; offset: number; text: string };

/** Decode UTF-8 strictly (a BOM is dropped); on bad bytes, report where the first one lands in the lossy text. */
export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder("utf-8").decode(bytes);
    return { ok: false, offset: Math.max(0, text.indexOf("\uFFFD")), text };
  }
}

/**
 * Keys no map may have: as a key of a plain object, `__proto__` sets the
 * prototype instead of a field, so a free-form map (policy params, sweep.grid)
 * would silently drop it. Refused everywhere, at its line.
 */
export const FORBIDDEN_KEY = "__proto__";
export const FORBIDDEN_KEY_MESSAGE = `key "${FORBIDDEN_KEY}" is not allowed (as an object key it would set the prototype instead of a field)`;

/** Parse YAML or JSON text; YAML errors and warnings (duplicate keys, unknown tags) and forbidden keys become problems. */
export function parseSource(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  // The parser's own duplicate-key check scans the map per key (quadratic); keyProblems does it with a set.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const problems: SyntaxProblem[] = [];
  for (const e of doc.errors) {
    const offset = e.pos[0];
    if (e.code === "MULTIPLE_DOCS") {
      problems.push({ offset, path: [], message: "expected one YAML document, found a second (remove the '---' line)" });
    } else {
      problems.push({ offset, path: [], message: `syntax error: ${e.message}` });
    }
  }
  for (const w of doc.warnings) problems.push({ offset: w.pos[0], path: [], message: `unsupported YAML: ${w.message}` });
  for (const p of keyProblems(doc)) problems.push(p);
  return { doc, lineCounter, problems };
}

/** The text of a map key, as it appears in the parsed JS object. */
export function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function offsetOf(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}

/** Where a located path points: `exact` is false when the path leaves the document and `offset` is the deepest node on it. */
export interface Located {
  offset: number;
  exact: boolean;
}

/**
 * Find a field in the document. `at: "key"` points at the last key itself (for
 * unknown keys); `at: "value"` at its value. A path that leaves the document
 * points at the deepest map or list it reached (the enclosing map of a missing field).
 */
export function locate(doc: Document.Parsed, path: readonly PathSegment[], at: "key" | "value", index = new KeyIndex()): Located {
  let node: unknown = doc.contents;
  let offset = offsetOf(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const seg = String(path[i]);
    let key: unknown;
    let next: unknown;
    if (isMap(node)) {
      const pair = index.pair(node as YAMLMap, seg);
      if (!pair) return { offset, exact: false };
      key = pair.key;
      next = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(seg) && Number(seg) < node.items.length) {
      next = node.items[Number(seg)];
    } else {
      return { offset, exact: false };
    }
    if (i === path.length - 1 && at === "key") return { offset: offsetOf(key) ?? offsetOf(next) ?? offset, exact: true };
    offset = offsetOf(next) ?? offsetOf(key) ?? offset;
    node = next;
  }
  return { offset, exact: true };
}

interface Visit {
  node: unknown;
  parent: Visit | undefined;
  segment: PathSegment;
}

function pathOf(visit: Visit | undefined): PathSegment[] {
  const path: PathSegment[] = [];
  for (let v = visit; v?.parent !== undefined; v = v.parent) path.push(v.segment);
  return path.reverse();
}

/** Duplicate and forbidden keys of every map, in one pass with an explicit stack (linear, and deep nesting cannot overflow the call stack). */
function keyProblems(doc: Document.Parsed): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const stack: Visit[] = [{ node: doc.contents, parent: undefined, segment: "" }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { node } = visit;
    if (isSeq(node)) node.items.forEach((item, i) => stack.push({ node: item, parent: visit, segment: i }));
    if (!isMap(node)) continue;
    const seen = new Set<unknown>();
    for (const pair of node.items) {
      const text = keyText(pair.key);
      const offset = offsetOf(pair.key) ?? offsetOf(node) ?? 0;
      if (isScalar(pair.key)) {
        if (seen.has(pair.key.value)) problems.push({ offset, path: [...pathOf(visit), text], message: "duplicate key (each key may appear once per map)" });
        seen.add(pair.key.value);
      }
      if (text === FORBIDDEN_KEY) problems.push({ offset, path: [...pathOf(visit), text], message: FORBIDDEN_KEY_MESSAGE });
      stack.push({ node: pair.value, parent: visit, segment: text });
    }
  }
  return problems;
}

/** Each map's pairs by key text, built on first lookup, so locating many paths stays linear in the document. */
export class KeyIndex {
  private readonly maps = new WeakMap<YAMLMap, Map<string, Pair>>();

  pair(map: YAMLMap, key: string): Pair | undefined {
    let index = this.maps.get(map);
    if (index === undefined) {
      index = new Map();
      for (const p of map.items as Pair[]) {
        const text = keyText(p.key);
        if (!index.has(text)) index.set(text, p);
      }
      this.maps.set(map, index);
    }
    return index.get(key);
  }
}
