// The reproducer a failed check leaves behind: the original scenario file
// (comments kept) with the shrunk case's seed and overrides written in, the
// check and sweep blocks removed, and plugin paths re-pointed from its folder.
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { isMap, isScalar, parseDocument } from "yaml";
import { writeFileAtomic } from "../output/atomic.js";
import { guardWrite } from "../output/writeError.js";
import { mkdirs } from "../output/writable.js";
import { parseOverride } from "../scenario/overrides.js";
import { isPluginPath } from "../scenario/schema.js";

export interface ReproducerInput {
  file: string;
  text: string;
  seed: number;
  overrides: string[];
  invariant: string;
  message: string;
  dir: string;
  name: string;
}

function freshFile(dir: string, base: string): string {
  for (let i = 1; ; i++) {
    const path = join(dir, i === 1 ? `${base}.yaml` : `${base}-${i}.yaml`);
    if (!existsSync(path)) return path;
  }
}

/** A plugin path as written relative to the scenario, re-expressed relative to the reproducer's folder. */
function repoint(use: string, scenarioDir: string, reproDir: string): string {
  if (!isPluginPath(use) || isAbsolute(use)) return use;
  const rel = relative(reproDir, resolve(scenarioDir, use));
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/** Write the reproducer and return its path. */
export function writeReproducer(r: ReproducerInput): string {
  guardWrite(`--repro-dir ${r.dir}`, () => mkdirs(r.dir), "cannot create the folder");
  const path = freshFile(r.dir, `${r.name}-${r.invariant}`);
  const doc = parseDocument(r.text);
  for (const o of r.overrides) {
    const parsed = parseOverride(o);
    if (!parsed.ok) continue;
    const path = parsed.override.path;
    // A policy given by name (`attribution: uniform`) becomes { use: uniform } before its params are set.
    if (path[0] === "policies" && path.length >= 3 && isScalar(doc.getIn(path.slice(0, 2), true))) doc.setIn(path.slice(0, 2), { use: doc.getIn(path.slice(0, 2)) });
    doc.setIn(path, parsed.override.value);
  }
  doc.set("seed", r.seed);
  doc.delete("check");
  doc.delete("sweep");
  const policies = doc.get("policies", true);
  if (isMap(policies)) {
    for (const pair of policies.items) {
      const spec = pair.value;
      if (isScalar(spec) && typeof spec.value === "string") spec.value = repoint(spec.value, dirname(r.file), dirname(path));
      else if (isMap(spec)) {
        const use = spec.get("use", true);
        if (isScalar(use) && typeof use.value === "string") use.value = repoint(use.value, dirname(r.file), dirname(path));
      }
    }
  }
  const header = [
    ` Reproducer written by coordsim check from ${r.file}`,
    ` ${r.message.split("\n")[0]}`,
    ` Shrunk case: seed ${r.seed}${r.overrides.length > 0 ? `, ${r.overrides.join(", ")}` : ""}`,
    ` Reproduce with: coordsim run ${path}`,
  ].join("\n");
  doc.commentBefore = doc.commentBefore ? `${header}\n\n${doc.commentBefore}` : header;
  writeFileAtomic(path, doc.toString());
  return path;
}
