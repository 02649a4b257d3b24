// Built-in policies by family: name -> definition. Order here is the order
// `coordsim policies` lists them; each family's default is declared in
// src/sim/economy/families.ts.
import { imitation } from "./adaptation/imitation.js";
import { noAdaptation } from "./adaptation/none.js";
import { attributionPolicies } from "./attribution/index.js";
import { auction } from "./coordination/auction.js";
import { claimBoard } from "./coordination/claimBoard.js";
import { gossip } from "./coordination/gossip.js";
import { independent } from "./coordination/independent.js";
import { rumor } from "./coordination/rumor.js";
import { betaTrust } from "./trust/beta.js";
import { eigenTrust } from "./trust/eigentrust.js";
import { emaTrust } from "./trust/ema.js";
import { stakeSlashTrust } from "./trust/stakeSlash.js";
import { clippedApprovalTrust } from "./trust/clippedApproval.js";
import { yumaTrust } from "./trust/yuma.js";
import { greedyTrust } from "./routing/greedyTrust.js";
import { softmaxTrust } from "./routing/softmaxTrust.js";
import { proportionalTrust } from "./routing/proportionalTrust.js";
import { noTrust } from "./trust/none.js";
import { fixedSplit } from "./rewards/fixedSplit.js";
import { qualityGated } from "./rewards/qualityGated.js";
import { stakeWeighted } from "./rewards/stakeWeighted.js";
import { leastLoaded } from "./routing/leastLoaded.js";
import { randomRouting } from "./routing/random.js";
import type { PolicyDefinition, PolicyFamily, PolicyInterfaces } from "./types.js";

export type Registry = { [F in PolicyFamily]: readonly PolicyDefinition<PolicyInterfaces[F], never>[] };

/** A family's built-ins, in listing order (each definition keeps its own params type). */
const family = <F extends PolicyFamily>(...list: PolicyDefinition<PolicyInterfaces[F], unknown>[]) => list as readonly PolicyDefinition<PolicyInterfaces[F], unknown>[] as readonly PolicyDefinition<PolicyInterfaces[F], never>[];

export const builtinPolicies: Registry = {
  attribution: attributionPolicies,
  trust: family<"trust">(noTrust, emaTrust, betaTrust, eigenTrust, stakeSlashTrust, clippedApprovalTrust, yumaTrust),
  adaptation: family<"adaptation">(noAdaptation, imitation),
  rewards: family<"rewards">(fixedSplit, stakeWeighted, qualityGated),
  coordination: family<"coordination">(independent, claimBoard, gossip, auction, rumor),
  routing: family<"routing">(randomRouting, leastLoaded, greedyTrust, softmaxTrust, proportionalTrust),
};

/** Find a built-in by family and name, or undefined. */
export function findPolicy<F extends PolicyFamily>(family: F, name: string): PolicyDefinition<PolicyInterfaces[F], never> | undefined {
  return (builtinPolicies[family] as readonly PolicyDefinition<PolicyInterfaces[F], never>[]).find((p) => p.name === name);
}
