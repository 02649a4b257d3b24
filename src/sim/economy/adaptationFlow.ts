// Adaptation steps: every `every` hours the adaptation policy may switch the
// behaviour of providers (sybil clusters excluded: an identity structure cannot be
// imitated) and agents, each from its own stream; profits restart each period.
import type { Engine } from "../engine/index.js";
import { ADAPTIVE_KINDS } from "./kinds.js";
import { C } from "./counters.js";
import type { Population } from "./population.js";
import type { AdaptivePopulation } from "./seams.js";
import type { Economy } from "./world.js";

/** Same-time ordering: adapt after settlement at a shared boundary. */
const PRIORITY_ADAPT = 3;

function view(pop: Population, adoptable: (b: number) => boolean): AdaptivePopulation {
  return { count: pop.count, behavior: (i) => pop.behavior[i]!, profit: (i) => pop.periodProfit(i), adoptable };
}

export function installAdaptation(w: Economy, engine: Engine): void {
  const policy = w.policies.adaptation;
  if (!(policy.every > 0 && Number.isFinite(policy.every))) return;
  const groups = ADAPTIVE_KINDS.map((kind) => {
    const pop: Population = w[kind.population];
    return { pop, view: view(pop, kind.adoptable!), rng: w.streams.family(`adapt.${kind.name}`), labels: kind.behaviors.length };
  });
  const next = new Uint8Array(Math.max(0, ...groups.map((g) => g.pop.count)));
  const step = engine.defineKind("economy.adapt", () => {
    for (const g of groups) {
      policy.adapt(g.view, (i) => g.rng.get(i), next);
      for (let i = 0; i < g.pop.count; i++) {
        const b = next[i]!;
        if (!(Number.isInteger(b) && b >= 0 && b < g.labels)) throw new Error(`adaptation policy chose behaviour ${b} for member ${i}; expected 0..${g.labels - 1}`);
        if (b !== g.pop.behavior[i]) {
          g.pop.behavior[i] = b;
          w.counters[C.behavior_switches]!++;
        }
      }
      g.pop.startPeriod();
    }
    engine.schedule(policy.every, step, -1, 0, PRIORITY_ADAPT);
  });
  engine.schedule(policy.every, step, -1, 0, PRIORITY_ADAPT);
}
