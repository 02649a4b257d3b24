// Wrapping a user plugin's policy object: its family's methods must exist, each
// call is tracked (for --max-wall), and what each call hands back is checked
// before the simulation uses it, so a failure names the plugin and the call.
import { encodeCallLabel, enterCall, leaveCall } from "./callTrack.js";
import type { LoadedPlugin } from "./load.js";
import { PluginError } from "./pluginError.js";
import { sharedStateWatch } from "./outputs.js";
import { FAMILIES, type FamilySpec } from "../sim/economy/families.js";
import { InvariantViolation } from "../sim/invariant.js";
import type { PolicyDefinition, PolicyFamily, PolicyInterfaces } from "../policies/types.js";

/**
 * Create a plugin's policy object, check it has its family's methods, and wrap
 * each method so an exception names the plugin and the call (the engine adds
 * the simulated time and the entity).
 */
export function instantiatePlugin<F extends PolicyFamily>(plugin: LoadedPlugin, params: unknown, ctx: Parameters<PolicyDefinition<unknown, unknown>["create"]>[1]): PolicyInterfaces[F] {
  const where = `policy plugin ${plugin.label} (${plugin.family})`;
  let instance: unknown;
  try {
    instance = plugin.definition.create(params, ctx);
  } catch (error) {
    throw new PluginError(`${where}: create() threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof instance !== "object" || instance === null) throw new PluginError(`${where}: create() must return an object, got ${instance === null ? "null" : typeof instance}`);
  const target = instance as Record<string, unknown>;
  const family: FamilySpec = FAMILIES[plugin.family];
  for (const method of family.methods) {
    if (typeof target[method] !== "function") throw new PluginError(`${where}: the object create() returns has no ${method}() method`);
  }
  if (plugin.family === "adaptation" && !(typeof target.every === "number" && target.every > 0)) throw new PluginError(`${where}: adaptation policies need a positive number \`every\` (hours), got ${String(target.every)}`);
  const wrapped: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(target)) {
    if (typeof value !== "function") continue;
    const check = Object.hasOwn(family.checks, key) ? family.checks[key] : undefined;
    const invariant = family.invariants !== undefined && Object.hasOwn(family.invariants, key) ? family.invariants[key] : undefined;
    const label = encodeCallLabel(`${where} ${key}()`);
    wrapped[key] = (...args: unknown[]) => {
      let result: unknown;
      const watch = sharedStateWatch(plugin.family, key, args);
      enterCall(label);
      try {
        result = (value as (...a: unknown[]) => unknown).apply(target, args);
      } catch (error) {
        throw new PluginError(`${where} threw in ${key}(): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      } finally {
        leaveCall();
      }
      const problem = watch?.() ?? check?.(args, result);
      if (problem !== undefined) {
        const text = `${where}: ${key}() ${problem}`;
        throw invariant === undefined ? new PluginError(text) : new InvariantViolation(invariant, text);
      }
      return result;
    };
  }
  return wrapped as unknown as PolicyInterfaces[F];
}
