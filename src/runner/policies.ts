// Wire a scenario's policy choices into live policy objects: built-ins from the
// registry, user plugins from the table loaded before the run.
import { findPolicy } from "../policies/registry.js";
import type { PolicyContext, PolicyFamily, PolicyInterfaces } from "../policies/types.js";
import type { ResolvedPolicy } from "../scenario/schema.js";
import type { RngStreams } from "../sim/rng/index.js";
import type { PluginTable } from "../plugins/load.js";
import { PluginError } from "../plugins/pluginError.js";
import { instantiatePlugin } from "../plugins/wrap.js";
import { periodProblem } from "../scenario/eventBudget.js";

/**
 * Build the policy of one family. Streams are namespaced per family and policy, so no policy shifts another's draws.
 * `duration` (the run's hours) bounds a plugin's adaptation period as the scenario's own periods are bounded.
 */
export function createPolicy<F extends PolicyFamily>(family: F, choice: ResolvedPolicy, streams: RngStreams, plugins: PluginTable = new Map(), duration = Infinity): PolicyInterfaces[F] {
  const ctx: PolicyContext = { stream: (name) => streams.stream(`policy.${family}.${choice.use}.${name}`) };
  if (choice.module !== undefined) {
    const plugin = plugins.get(choice.module);
    if (plugin === undefined) throw new PluginError(`policy plugin ${choice.use} (${choice.module}) was not loaded before the run`);
    const parsed = plugin.definition.schema.safeParse(choice.params);
    if (!parsed.success) throw new PluginError(`policy plugin ${choice.use} (${family}): its schema refused the params it accepted when the scenario was loaded: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    const policy = instantiatePlugin<F>(plugin, parsed.data, ctx);
    // A built-in's period is counted with the scenario (eventBudget.ts); a plugin's is known only once created.
    const every = family === "adaptation" ? (policy as PolicyInterfaces["adaptation"]).every : undefined;
    const tooMany = every === undefined ? undefined : periodProblem(`policy plugin ${plugin.label} (adaptation): every`, every, duration);
    if (tooMany !== undefined) throw new PluginError(tooMany);
    return policy;
  }
  const definition = findPolicy(family, choice.use);
  if (definition === undefined) throw new Error(`unknown ${family} policy "${choice.use}" (the scenario loader should have rejected it)`);
  const parsed = definition.schema.parse(choice.params) as never;
  return definition.create(parsed, ctx);
}
