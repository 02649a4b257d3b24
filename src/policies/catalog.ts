// The built-in policies as the scenario loader sees them (names, param schemas,
// descriptions), so src/scenario never imports the simulator.
import type * as z from "zod";
import type { PolicyCatalog } from "../scenario/catalog.js";
import { builtinPolicies } from "./registry.js";
import { POLICY_FAMILIES } from "./types.js";
import type { PolicyFamily } from "./types.js";

/** Wrap a registry (family -> ordered policy definitions) as a PolicyCatalog. */
export function catalogOf(registry: { [F in PolicyFamily]: readonly { name: string; description: string; schema: z.ZodType<unknown> }[] }): PolicyCatalog {
  const list = (family: string) => (POLICY_FAMILIES as readonly string[]).includes(family) ? registry[family as PolicyFamily] : [];
  const find = (family: string, name: string) => list(family).find((p) => p.name === name);
  return {
    families: POLICY_FAMILIES,
    names: (family) => list(family).map((p) => p.name),
    schema: (family, name) => find(family, name)?.schema,
    description: (family, name) => find(family, name)?.description,
  };
}

/** Every built-in policy. */
export const builtinCatalog: PolicyCatalog = catalogOf(builtinPolicies);
