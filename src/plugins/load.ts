// User policy plugins: a scenario may name a module instead of a built-in
// (`attribution: { use: ./my-policy.js, params: {...} }`, path relative to the
// scenario file). Modules are imported before the scenario is validated, so
// their params are checked like a built-in's, and the same absolute path can be
// imported again inside a worker thread.
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import * as z from "zod";
import { PluginError } from "./pluginError.js";
import { POLICY_FAMILIES, type PolicyDefinition, type PolicyFamily } from "../policies/types.js";
import type { PolicyCatalog } from "../scenario/catalog.js";
import { inputFileProblem } from "../scenario/inputFile.js";
import { readScenarioText } from "../scenario/load.js";
import { parseOverride } from "../scenario/overrides.js";
import { isPluginPath, type Scenario } from "../scenario/schema.js";

export interface LoadedPlugin {
  family: PolicyFamily;
  /** Absolute module path (the catalog key). */
  module: string;
  /** The `use` text as written, for messages. */
  label: string;
  definition: PolicyDefinition<unknown, unknown>;
}

export type PluginTable = ReadonlyMap<string, LoadedPlugin>;

/** The `use` values of a scenario file's policies and of `--set policies.<family>[.use]=...` overrides. */
function pluginUses(file: string, overrides: readonly string[]): { family: PolicyFamily; use: string }[] {
  const found: { family: PolicyFamily; use: string }[] = [];
  // Through the loader's own read (file type, regular file, size cap): an unreadable file fails here exactly as it would there.
  const text = readScenarioText(file);
  let raw: unknown;
  try {
    // Silent: this is a best-effort pre-read; the scenario loader reports every problem with line:col (duplicate keys too, in linear time).
    raw = parse(text, { maxAliasCount: 100, logLevel: "silent", uniqueKeys: false });
  } catch {
    return found; // the scenario loader reports unreadable or broken files properly
  }
  const policies = (raw as { policies?: Record<string, unknown> } | null)?.policies;
  for (const family of POLICY_FAMILIES) {
    const spec = policies && typeof policies === "object" ? policies[family] : undefined;
    const use = typeof spec === "string" ? spec : typeof spec === "object" && spec !== null ? (spec as { use?: unknown }).use : undefined;
    if (typeof use === "string") found.push({ family, use });
  }
  for (const o of overrides) {
    // policies.<family>=<path>, policies.<family>.use=<path>, or policies.<family>={use: <path>, ...} (sweep grid values).
    const parsed = parseOverride(o);
    if (!parsed.ok) continue;
    const [head, family, leaf, ...rest] = parsed.override.path;
    if (head !== "policies" || !(POLICY_FAMILIES as readonly string[]).includes(family ?? "") || rest.length > 0 || (leaf !== undefined && leaf !== "use")) continue;
    const value = parsed.override.value;
    const use = leaf === undefined && typeof value === "object" && value !== null ? (value as { use?: unknown }).use : value;
    if (typeof use === "string") found.push({ family: family as PolicyFamily, use: use.trim() });
  }
  return found.filter((f) => isPluginPath(f.use));
}

function asDefinition(family: PolicyFamily, label: string, exported: unknown): PolicyDefinition<unknown, unknown> {
  const where = `policy plugin ${label}`;
  if (typeof exported !== "object" || exported === null) throw new PluginError(`${where}: expected a default export object { family, description, create(params, ctx) }, got ${typeof exported}`);
  const e = exported as { family?: unknown; description?: unknown; create?: unknown; schema?: unknown; defaults?: unknown; name?: unknown };
  if (e.family !== family) throw new PluginError(`${where}: is used as a ${family} policy but declares family ${JSON.stringify(e.family)} (expected "${family}")`);
  if (typeof e.create !== "function") throw new PluginError(`${where}: create(params, ctx) must be a function`);
  let schema: z.ZodType;
  if (e.schema !== undefined) {
    if (typeof (e.schema as { safeParse?: unknown }).safeParse !== "function") throw new PluginError(`${where}: schema must be a zod schema`);
    schema = e.schema as z.ZodType;
  } else {
    // Without a zod schema, `defaults` lists every param with its default; other keys are errors.
    const defaults = (e.defaults ?? {}) as Record<string, unknown>;
    if (typeof defaults !== "object" || Array.isArray(defaults)) throw new PluginError(`${where}: defaults must be an object of param defaults`);
    schema = z.object(Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, z.unknown().default(v)]))).strict();
  }
  return {
    name: typeof e.name === "string" ? e.name : label,
    description: typeof e.description === "string" ? e.description : `User plugin ${label}`,
    schema,
    create: e.create as PolicyDefinition<unknown, unknown>["create"],
  };
}

/** Import one plugin module by absolute path and check its shape. */
export async function importPlugin(family: PolicyFamily, module: string, label = module, instance?: string): Promise<LoadedPlugin> {
  const problem = inputFileProblem(module);
  if (problem !== undefined) throw new PluginError(`policy plugin ${label}: cannot load ${module}: ${problem}`);
  let mod: { default?: unknown; policy?: unknown };
  // A distinct URL is a distinct module instance: module-level state is then never shared between runs.
  const url = pathToFileURL(module).href + (instance === undefined ? "" : `?coordsim-run=${encodeURIComponent(instance)}`);
  try {
    mod = (await import(url)) as { default?: unknown; policy?: unknown };
  } catch (error) {
    throw new PluginError(`policy plugin ${label}: cannot load ${module}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { family, module, label, definition: asDefinition(family, label, mod.default ?? mod.policy) };
}

/** Import every plugin a scenario names (relative to its folder); missing files are left for the loader to report with line:col. */
export async function loadScenarioPlugins(file: string, overrides: readonly string[] = []): Promise<Map<string, LoadedPlugin>> {
  const table = new Map<string, LoadedPlugin>();
  for (const { family, use } of pluginUses(file, overrides)) {
    const module = resolve(dirname(file), use);
    if (table.has(module) || !existsSync(module)) continue;
    table.set(module, await importPlugin(family, module, use));
  }
  return table;
}

/** The built-in catalog plus plugins, keyed by their absolute module paths. */
export function catalogWithPlugins(base: PolicyCatalog, plugins: PluginTable): PolicyCatalog {
  const find = (family: string, name: string) => {
    const p = plugins.get(name);
    return p !== undefined && p.family === family ? p : undefined;
  };
  return {
    families: base.families,
    names: (family) => base.names(family),
    schema: (family, name) => find(family, name)?.definition.schema ?? base.schema(family, name),
    description: (family, name) => find(family, name)?.definition.description ?? base.description(family, name),
  };
}

/**
 * Import the plugins a resolved scenario uses (by the absolute module paths the
 * loader recorded), e.g. inside a sweep worker. With `instance` (a run id), each
 * run gets fresh module instances, so a plugin's module-level state cannot leak
 * from one run into the next one its worker happens to execute.
 */
export async function pluginsForScenario(scenario: Scenario, instance?: string): Promise<Map<string, LoadedPlugin>> {
  const table = new Map<string, LoadedPlugin>();
  for (const family of POLICY_FAMILIES) {
    const choice = scenario.policies[family];
    if (choice.module === undefined || table.has(choice.module)) continue;
    table.set(choice.module, await importPlugin(family, choice.module, choice.use, instance));
  }
  return table;
}
