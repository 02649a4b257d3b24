// The code of a scenario's plugins, as hashes: a plugin edited between runs
// makes a different scenario hash, so `--resume` and `merge` do not mix runs
// of old and new code. Only the module file `use:` points at is hashed (not
// the files it imports).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { PluginError } from "./pluginError.js";
import { POLICY_FAMILIES } from "../policies/types.js";
import type { Scenario } from "../scenario/schema.js";

/** SHA-256 of each plugin module file, by absolute path (the manifest's `plugin_sha256`). */
export type PluginDigests = Record<string, string>;

/** SHA-256 of each plugin module of `scenario`, by absolute path, sorted; `memo` avoids rereading a file per grid point. */
export function pluginDigests(scenario: Scenario, memo: Map<string, string> = new Map()): PluginDigests {
  const modules = POLICY_FAMILIES.map((family) => scenario.policies[family].module).filter((m): m is string => m !== undefined);
  const out: PluginDigests = {};
  for (const module of [...new Set(modules)].sort()) {
    let digest = memo.get(module);
    if (digest === undefined) {
      try {
        digest = createHash("sha256").update(readFileSync(module)).digest("hex");
      } catch (error) {
        throw new PluginError(`policy plugin ${module}: cannot read it to hash its code: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      memo.set(module, digest);
    }
    out[module] = digest;
  }
  return out;
}
