// Wrapping a user plugin's policy object: its family's methods must exist, each
// call is tracked (for --max-wall) and runs under the process guard, gets
// read-only views of the simulation's objects, and what it hands back is checked
// before the simulation uses it, so a failure names the plugin and the call.
// The wrapper is built from reads made once (the object may be a Proxy or carry
// getters): nothing the world later reads from it is user code but the methods.
import { describeThrown } from "../describeThrown.js";
import { encodeCallLabel, enterCall, leaveCall } from "./callTrack.js";
import type { LoadedPlugin } from "./load.js";
import { PluginError, pluginStep } from "./pluginError.js";
import { sharedStateWatch } from "./outputs.js";
import { inPluginCode } from "./processGuard.js";
import { pluginProperties } from "./properties.js";
import { pluginArguments, writeBack } from "./views.js";
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
  const instance = pluginStep(where, "create()", () => plugin.definition.create(params, ctx) as unknown);
  if ((typeof instance !== "object" && typeof instance !== "function") || instance === null) throw new PluginError(`${where}: create() must return an object, got ${instance === null ? "null" : typeof instance}`);
  const target = instance as Record<string, unknown>;
  const read = (key: string): unknown => pluginStep(where, `reading ${key} of the object create() returns`, () => target[key]);
  const family: FamilySpec = FAMILIES[plugin.family];
  const argumentsFor = pluginArguments(plugin.family, where);
  const wrapped: Record<string, unknown> = pluginProperties(plugin.family, read, where);
  for (const key of [...family.methods, ...family.optional]) {
    const value = read(key);
    const required = family.methods.includes(key);
    if (value === undefined && !required) continue;
    if (typeof value !== "function") throw new PluginError(required ? `${where}: the object create() returns has no ${key}() method` : `${where}: ${key} must be a method or absent, got ${typeof value}`);
    const check = Object.hasOwn(family.checks, key) ? family.checks[key] : undefined;
    const invariant = family.invariants !== undefined && Object.hasOwn(family.invariants, key) ? family.invariants[key] : undefined;
    const label = encodeCallLabel(`${where} ${key}()`);
    wrapped[key] = (...args: unknown[]) => {
      const watch = sharedStateWatch(plugin.family, key, args);
      const given = argumentsFor(key, args);
      enterCall(label);
      let result: unknown;
      try {
        result = inPluginCode(() => (value as (...a: unknown[]) => unknown).apply(target, given));
      } catch (error) {
        // Whatever was thrown, of whatever class (coordsim's own included), the call failed: bad input naming the plugin.
        throw new PluginError(`${where} threw in ${key}(): ${describeThrown(error)}`, { cause: error });
      } finally {
        leaveCall();
      }
      // Checked as the plugin saw them (a stand-in array holds what it wrote), then written back.
      const problem = watch?.() ?? check?.(given, result);
      if (problem !== undefined) {
        const text = `${where}: ${key}() ${problem}`;
        throw invariant === undefined ? new PluginError(text) : new InvariantViolation(invariant, text);
      }
      writeBack(plugin.family, key, args, given);
      return result;
    };
  }
  return Object.freeze(wrapped) as unknown as PolicyInterfaces[F];
}
