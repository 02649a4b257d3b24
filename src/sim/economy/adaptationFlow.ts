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

function view(pop: Population, labels: number, adoptable: (b: number) => boolean): AdaptivePopulation {
  return { count: pop.count, labels, behavior: (i) => pop.behavior[i]!, profit: (i) => pop.periodProfit(i), adoptable };
}

export function installAdaptation(w: Economy, engine: Engine): void {
  const policy = w.policies.adaptation;
  if (!(policy.every > 0 && Number.isFinite(policy.every))) return;
  const groups = ADAPTIVE_KINDS.map((kind) => {
    const pop: Population = w[kind.population];
    return { pop, view: view(pop, kind.behaviors.length, kind.adoptable!), rng: w.streams.family(`adapt.${kind.name}`), labels: kind.behaviors.length };
  });
  const next = new Uint8Array(Math.max(0, ...groups.map((g) => g.pop.count)));
  const step = engine.defineKind("economy.adapt", () => {
    for (const g of groups) {
      // A member the policy does not write keeps its behaviour (not the last group's value in the shared scratch).
      next.set(g.pop.behavior);
      policy.adapt(g.view, (i) => g.rng.get(i), next);
      for (let i = 0; i < g.pop.count; i++) {
        const b = next[i]!;
        if (!(Number.isInteger(b) && b >= 0 && b < g.labels)) throw new Error(`adaptation policy chose behaviour ${b} for member ${i}; expected 0..${g.labels - 1}`);
        if (b !== g.pop.behavior[i]) {
          if (!g.view.adoptable(b) || !g.view.adoptable(g.pop.behavior[i]!)) throw new Error(`adaptation policy switched member ${i} between behaviours ${g.pop.behavior[i]} and ${b}, one of which cannot be adopted`);
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
