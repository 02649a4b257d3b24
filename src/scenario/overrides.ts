// `--set path=value` overrides: parsed once, applied to the scenario data before
// validation, remembered so issues on overridden values name the override.
import { parseDocument } from "yaml";

/** One parsed `--set`: `path` split on '.', `value` parsed as a YAML scalar or flow value. */
export interface Override {
  /** What the user typed, for messages: `--set agents.count=abc`. */
  label: string;
  path: string[];
  value: unknown;
}

export type OverrideResult = { ok: true; override: Override } | { ok: false; label: string; path: string; message: string };

/** Parse `path=value` (as given to `--set`, or to another `flag` whose example path is `example`). An empty value is the empty string. */
export function parseOverride(text: string, flag = "--set", example = "agents.count"): OverrideResult {
  const label = `${flag} ${text}`;
  const eq = text.indexOf("=");
  if (eq < 0) return { ok: false, label, path: "", message: `expected path=value, e.g. ${flag} ${example}=100` };
  const pathText = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  const path = pathText.split(".");
  if (pathText === "" || path.some((seg) => seg === "")) {
    return { ok: false, label, path: pathText, message: `expected a dotted field path before '=', e.g. ${example}, got ${JSON.stringify(pathText)}` };
  }
  if (raw.trim() === "") return { ok: true, override: { label, path, value: "" } };
  const doc = parseDocument(raw, { prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) return { ok: false, label, path: pathText, message: `cannot parse value ${JSON.stringify(raw)}: ${problem.message}` };
  try {
    return { ok: true, override: { label, path, value: doc.toJS({ maxAliasCount: 100 }) } };
  } catch (error) {
    // e.g. an alias (`*x`) with no anchor: YAML parses it, but it has no value.
    return { ok: false, label, path: pathText, message: `cannot read value ${JSON.stringify(raw)}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function put(container: Record<string, unknown> | unknown[], key: string, value: unknown): void {
  // defineProperty, so a "__proto__" segment becomes an ordinary (and later rejected) key.
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Set `override.value` at `override.path` inside `data`, creating maps on the
 * way. Returns an error message when the path runs into a non-map value.
 */
export function applyOverride(data: Record<string, unknown>, override: Override): string | undefined {
  let node: Record<string, unknown> | unknown[] = data;
  const { path } = override;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (Array.isArray(node) && !/^\d+$/.test(seg)) {
      return `cannot set ${JSON.stringify(seg)} inside ${path.slice(0, i).join(".")}, which is a list (use an index)`;
    }
    if (i === path.length - 1) {
      put(node, seg, override.value);
      return undefined;
    }
    let next: unknown = Array.isArray(node) ? node[Number(seg)] : Object.hasOwn(node, seg) ? node[seg] : undefined;
    if (next === undefined || next === null) {
      next = {};
      put(node, seg, next);
    }
    if (!isPlainMap(next) && !Array.isArray(next)) {
      return `cannot set inside ${path.slice(0, i + 1).join(".")}, which is ${JSON.stringify(next)} (not a map)`;
    }
    node = next;
  }
  return undefined;
}
