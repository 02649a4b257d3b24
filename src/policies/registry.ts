// Built-in policies by family: name -> definition. Order here is the order
// `coordsim policies` lists them; the first entry of each family is the default.
import { imitation } from "./adaptation/imitation.js";
import { noAdaptation } from "./adaptation/none.js";
import { uniformAttribution } from "./attribution/uniform.js";
import { claimBoard } from "./coordination/claimBoard.js";
import { gossip } from "./coordination/gossip.js";
import { independent } from "./coordination/independent.js";
import { emaTrust } from "./trust/ema.js";
import { noTrust } from "./trust/none.js";
import { fixedSplit } from "./rewards/fixedSplit.js";
import { leastLoaded } from "./routing/leastLoaded.js";
import { randomRouting } from "./routing/random.js";
import type { PolicyDefinition, PolicyFamily, PolicyInterfaces } from "./types.js";

export type Registry = { [F in PolicyFamily]: readonly PolicyDefinition<PolicyInterfaces[F], never>[] };

type Def<F extends PolicyFamily> = PolicyDefinition<PolicyInterfaces[F], never>;

export const builtinPolicies: Registry = {
  attribution: [uniformAttribution as Def<"attribution">],
  trust: [noTrust as Def<"trust">, emaTrust as Def<"trust">],
  adaptation: [noAdaptation as Def<"adaptation">, imitation as Def<"adaptation">],
  rewards: [fixedSplit as PolicyDefinition<PolicyInterfaces["rewards"], never>],
  coordination: [independent as Def<"coordination">, claimBoard as Def<"coordination">, gossip as Def<"coordination">],
  routing: [
    randomRouting as PolicyDefinition<PolicyInterfaces["routing"], never>,
    leastLoaded as PolicyDefinition<PolicyInterfaces["routing"], never>,
  ],
};

/** Find a built-in by family and name, or undefined. */
export function findPolicy<F extends PolicyFamily>(family: F, name: string): PolicyDefinition<PolicyInterfaces[F], never> | undefined {
  return (builtinPolicies[family] as readonly PolicyDefinition<PolicyInterfaces[F], never>[]).find((p) => p.name === name);
}
