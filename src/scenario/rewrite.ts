// A scenario file rewritten with overrides written in (comments kept): what
// `coordsim check` leaves as a reproducer and `coordsim attack` as its
// strongest attack.
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { isMap, isScalar, parseDocument, type Document } from "yaml";
import { parseOverride } from "./overrides.js";
import { isPluginPath } from "./schema.js";

/** A plugin path as written relative to the scenario, re-expressed relative to the reproducer's folder. */
function repoint(use: string, scenarioDir: string, reproDir: string): string {
  if (!isPluginPath(use) || isAbsolute(use)) return use;
  const rel = relative(reproDir, resolve(scenarioDir, use));
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/**
 * The scenario text (comments kept) with `overrides` written in, the `drop`
 * blocks removed and plugin paths re-pointed from the scenario's folder to
 * `target`'s: what a reproducer and `coordsim attack`'s strongest attack are.
 */
export function rewriteScenario(r: { file: string; text: string; target: string; overrides: readonly string[]; drop: readonly string[]; seed?: number }): Document {
  const doc = parseDocument(r.text);
  for (const o of r.overrides) {
    const parsed = parseOverride(o);
    if (!parsed.ok) continue;
    const path = parsed.override.path;
    // A policy given by name (`attribution: uniform`) becomes { use: uniform } before its params are set.
    if (path[0] === "policies" && path.length >= 3 && isScalar(doc.getIn(path.slice(0, 2), true))) doc.setIn(path.slice(0, 2), { use: doc.getIn(path.slice(0, 2)) });
    doc.setIn(path, parsed.override.value);
  }
  if (r.seed !== undefined) doc.set("seed", r.seed);
  for (const block of r.drop) doc.delete(block);
  const policies = doc.get("policies", true);
  if (isMap(policies)) {
    for (const pair of policies.items) {
      const spec = pair.value;
      if (isScalar(spec) && typeof spec.value === "string") spec.value = repoint(spec.value, dirname(r.file), dirname(r.target));
      else if (isMap(spec)) {
        const use = spec.get("use", true);
        if (isScalar(use) && typeof use.value === "string") use.value = repoint(use.value, dirname(r.file), dirname(r.target));
      }
    }
  }
  return doc;
}

