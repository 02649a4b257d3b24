// Wire a scenario's policy choices into live policy objects.
import { findPolicy } from "../policies/registry.js";
import type { PolicyFamily, PolicyInterfaces } from "../policies/types.js";
import type { ResolvedPolicy } from "../scenario/schema.js";
import type { RngStreams } from "../sim/rng/index.js";

/** Build the policy of one family. Streams are namespaced per family and policy, so no policy shifts another's draws. */
export function createPolicy<F extends PolicyFamily>(family: F, choice: ResolvedPolicy, streams: RngStreams): PolicyInterfaces[F] {
  const definition = findPolicy(family, choice.use);
  if (definition === undefined) throw new Error(`unknown ${family} policy "${choice.use}" (the scenario loader should have rejected it)`);
  const parsed = definition.schema.parse(choice.params) as never;
  return definition.create(parsed, { stream: (name) => streams.stream(`policy.${family}.${choice.use}.${name}`) });
}
