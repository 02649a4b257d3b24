// `--vary path=a,b[,c...]`: one field, two or more values (each read as YAML,
// like `--set`); commas inside quotes, [...] or {...} do not split.
import { parseOverride } from "../../scenario/overrides.js";
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

/** Parse `--vary`; returns an error message for bad input. */
export function parseVary(text: string): GridAxis | string {
  const eq = text.indexOf("=");
  const path = eq < 0 ? "" : text.slice(0, eq).trim();
  if (eq < 0 || path === "") return `--vary expects path=a,b[,c...], e.g. --vary policies.attribution=volume,coverage-shapley, got "${text}"`;
  const items = splitTopLevel(text.slice(eq + 1));
  if (items.length < 2 || items.some((i) => i === "")) return `--vary ${path}: expected at least two comma-separated values, got "${text.slice(eq + 1)}"`;
  const values: unknown[] = [];
  for (const item of items) {
    const parsed = parseOverride(`${path}=${item}`);
    if (!parsed.ok) return `--vary ${path}: ${parsed.message}`;
    values.push(parsed.override.value);
  }
  return { path, values };
}
