// `--vary path=a,b[,c...]`: one field, two or more values (each read as YAML,
// like `--set`); commas inside quotes, [...] or {...} do not split. Refused
// before anything runs: a field no run's outcome depends on (the rule sweep
// grids share, unvaryingReason), an empty value, and on common random numbers
// a value given twice (the two variants would be the same runs).
import { canonicalJson } from "../../output/manifest.js";
import { parseOverride } from "../../scenario/overrides.js";
import { unvaryingReason } from "../../scenario/schema.js";
import type { GridAxis } from "../../scenario/sweep.js";

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

export interface VaryOptions {
  /** compare --unpaired: each variant has its own seeds, so an A/A comparison (a value twice) is meaningful. */
  unpaired?: boolean;
}

/** Parse `--vary`; returns an error message for bad input. */
export function parseVary(text: string, options: VaryOptions = {}): GridAxis | string {
  const eq = text.indexOf("=");
  const path = eq < 0 ? "" : text.slice(0, eq).trim();
  if (eq < 0 || path === "") return `--vary expects path=a,b[,c...], e.g. --vary policies.attribution=volume,coverage-shapley, got "${text}"`;
  const unvarying = unvaryingReason(path);
  if (unvarying !== undefined) return `--vary ${path}: cannot vary ${unvarying}; every variant would run the same simulations`;
  const items = splitTopLevel(text.slice(eq + 1));
  if (items.length < 2) return `--vary ${path}: expected at least two comma-separated values to compare, got "${text.slice(eq + 1)}"`;
  const empty = items.findIndex((i) => i === "");
  if (empty >= 0) return `--vary ${path}: value ${empty + 1} of ${items.length} is empty (in "${text.slice(eq + 1)}")`;
  const values: unknown[] = [];
  const seen = new Map<string, string>();
  for (const item of items) {
    const parsed = parseOverride(`${path}=${item}`);
    if (!parsed.ok) return `--vary ${path}: ${parsed.message}`;
    const key = canonicalJson(parsed.override.value);
    const earlier = seen.get(key);
    if (earlier !== undefined && !options.unpaired) {
      return `--vary ${path}: ${earlier === item ? `the value ${item} is given twice` : `the values ${earlier} and ${item} are the same`}; on common random numbers two equal variants are the same runs and differ by exactly 0 (for an A/A check of the intervals, add --unpaired)`;
    }
    seen.set(key, item);
    values.push(parsed.override.value);
  }
  return { path, values };
}
