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
import { describeThrown } from "../describeThrown.js";
import { guardedSchema, jsonClone } from "./guardedSchema.js";
import { PluginError, pluginStep } from "./pluginError.js";
import { inPluginImport } from "./processGuard.js";
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

/** A best-effort pre-read of a scenario file (undefined when its YAML is broken: the scenario loader reports that with line:col). */
function preRead(file: string): unknown {
  // Through the loader's own read (file type, regular file, size cap): an unreadable file fails here exactly as it would there.
  const text = readScenarioText(file);
  try {
    // Silent: the scenario loader reports every problem with line:col (duplicate keys too, in linear time).
    return parse(text, { maxAliasCount: 100, logLevel: "silent", uniqueKeys: false }) as unknown;
  } catch {
    return undefined;
  }
}

/** The `use` values of a pre-read scenario's policies and of `--set policies.<family>[.use]=...` overrides. */
function pluginUses(raw: unknown, overrides: readonly string[]): { family: PolicyFamily; use: string }[] {
  const found: { family: PolicyFamily; use: string }[] = [];
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

/** Every string in `value` that looks like a plugin path (depth- and count-bounded walk of plain data). */
function pluginLikeStrings(value: unknown, found: Set<string>, depth = 0): void {
  if (typeof value === "string") {
    if (isPluginPath(value.trim())) found.add(value.trim());
  } else if (typeof value === "object" && value !== null && depth < 64 && found.size < 100) {
    for (const v of Array.isArray(value) ? value : Object.values(value)) pluginLikeStrings(v, found, depth + 1);
  }
}

/**
 * The plugin paths a scenario file, its overrides and `extra` values (compare's
 * --vary values) may name, without importing anything: every string that looks
 * like a plugin path, anywhere (sweep grids included), so a scenario that uses
 * a plugin is never taken for one that does not. Empty: no plugin code can run.
 */
export function pluginPathsNamed(file: string, overrides: readonly string[], extra: readonly unknown[] = []): string[] {
  const raw = preRead(file);
  const found = new Set(pluginUses(raw, overrides).map((p) => p.use));
  pluginLikeStrings(raw, found);
  for (const o of overrides) {
    const parsed = parseOverride(o);
    if (parsed.ok) pluginLikeStrings(parsed.override.value, found);
  }
  pluginLikeStrings(extra, found);
  return [...found];
}

function asDefinition(family: PolicyFamily, label: string, exported: unknown): PolicyDefinition<unknown, unknown> {
  const where = `policy plugin ${label}`;
  if (typeof exported !== "object" || exported === null) throw new PluginError(`${where}: expected a default export object { family, description, create(params, ctx) }, got ${exported === null ? "null" : typeof exported}`);
  // Each field is read once, guarded: the export may be a Proxy or carry getters that throw.
  const read = (key: string): unknown => pluginStep(where, `reading the export's ${key}`, () => (exported as Record<string, unknown>)[key]);
  const declared = read("family");
  if (declared !== family) throw new PluginError(`${where}: is used as a ${family} policy but declares family ${typeof declared === "string" ? JSON.stringify(declared) : typeof declared} (expected "${family}")`);
  const create = read("create");
  if (typeof create !== "function") throw new PluginError(`${where}: create(params, ctx) must be a function`);
  const userSchema = read("schema");
  let schema: z.ZodType;
  if (userSchema !== undefined) {
    schema = guardedSchema(userSchema, where);
  } else {
    // Without a zod schema, `defaults` lists every param with its default; other keys are errors.
    const defaults = read("defaults") ?? {};
    if (typeof defaults !== "object" || defaults === null || Array.isArray(defaults)) throw new PluginError(`${where}: defaults must be an object of param defaults`);
    const entries = pluginStep(where, "reading its defaults", () => jsonClone(Object.entries(defaults)) as [string, unknown][]);
    schema = z.object(Object.fromEntries(entries.map(([k, v]) => [k, z.unknown().default(v)]))).strict();
  }
  const name = read("name");
  const description = read("description");
  return {
    name: typeof name === "string" ? name : label,
    description: typeof description === "string" ? description : `User plugin ${label}`,
    schema,
    create: create as PolicyDefinition<unknown, unknown>["create"],
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
    mod = (await inPluginImport(() => import(url))) as { default?: unknown; policy?: unknown };
  } catch (error) {
    throw new PluginError(`policy plugin ${label}: cannot load ${module}: ${describeThrown(error)}`, { cause: error });
  }
  return { family, module, label, definition: asDefinition(family, label, mod.default ?? mod.policy) };
}

/** Import every plugin a scenario names (relative to its folder); missing files are left for the loader to report with line:col. */
export async function loadScenarioPlugins(file: string, overrides: readonly string[] = []): Promise<Map<string, LoadedPlugin>> {
  const table = new Map<string, LoadedPlugin>();
  for (const { family, use } of pluginUses(preRead(file), overrides)) {
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

/** How messages name the plugins a resolved scenario uses (`policy plugin ./x.js (attribution)`), in family order. */
export function scenarioPluginLabels(scenario: Scenario): string[] {
  return POLICY_FAMILIES.filter((family) => scenario.policies[family].module !== undefined).map((family) => `policy plugin ${scenario.policies[family].use} (${family})`);
}
