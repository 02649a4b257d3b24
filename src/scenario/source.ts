// Scenario text -> YAML document with positions. JSON files go through the same
// parser (JSON is YAML flow syntax), so both report `line:col` the same way.
import { LineCounter, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit } from "yaml";
import type { Document } from "yaml";

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

/** Parse YAML or JSON text; YAML errors and warnings (duplicate keys, unknown tags) become problems. */
export function parseSource(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: SyntaxProblem[] = [];
  for (const e of doc.errors) {
    const offset = e.pos[0];
    if (e.code === "DUPLICATE_KEY") {
      problems.push({ offset, path: pathOfKeyAt(doc, offset) ?? [], message: "duplicate key (each key may appear once per map)" });
    } else if (e.code === "MULTIPLE_DOCS") {
      problems.push({ offset, path: [], message: "expected one YAML document, found a second (remove the '---' line)" });
    } else {
      problems.push({ offset, path: [], message: `syntax error: ${e.message}` });
    }
  }
  for (const w of doc.warnings) problems.push({ offset: w.pos[0], path: [], message: `unsupported YAML: ${w.message}` });
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
export function locate(doc: Document.Parsed, path: readonly PathSegment[], at: "key" | "value"): Located {
  let node: unknown = doc.contents;
  let offset = offsetOf(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const seg = String(path[i]);
    let key: unknown;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === seg);
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

/** The field path of the map key starting at `offset`, if any. */
function pathOfKeyAt(doc: Document.Parsed, offset: number): PathSegment[] | undefined {
  let found: PathSegment[] | undefined;
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (offsetOf(pair.key) !== offset) return undefined;
      const chain = [...ancestors, pair];
      const path: PathSegment[] = [];
      for (let i = 0; i < chain.length; i++) {
        const item = chain[i];
        if (isPair(item)) path.push(keyText(item.key));
        else if (isSeq(item) && i + 1 < chain.length) path.push(item.items.indexOf(chain[i + 1] as never));
      }
      found = path;
      return visit.BREAK;
    },
  });
  return found;
}
