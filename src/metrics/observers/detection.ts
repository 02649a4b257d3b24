// Time to detect adversaries: at every snapshot, an adversarial agent, model or
// validator counts as detected the first time its reputation is below the
// median reputation of the honest entities of its kind. Resolution is the
// snapshot window; entities never detected are counted as censored.
import type { MetricRow } from "../collector.js";
import { RATED_KINDS } from "../../sim/economy/kinds.js";
import type { Population } from "../../sim/economy/population.js";
import type { EntityKind } from "../../sim/economy/seams.js";
import type { Economy } from "../../sim/economy/world.js";

interface Group {
  kind: EntityKind;
  pop: Population;
  honest: number;
  detectedAt: Float64Array;
}

function median(values: Float64Array): number {
  const sorted = values.slice().sort();
  const m = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
}

export class DetectionTracker {
  private readonly groups: Group[];

  constructor(private readonly w: Economy) {
    // Behaviour 0 is every kind's honest label.
    this.groups = RATED_KINDS.map(({ index, spec }) => {
      const pop: Population = w[spec.population];
      return { kind: index as EntityKind, pop, honest: 0, detectedAt: new Float64Array(pop.count).fill(NaN) };
    });
  }

  /** Check every undetected adversary against its kind's honest median at time t. */
  observe(t: number): void {
    const trust = this.w.policies.trust;
    for (const g of this.groups) {
      let honestCount = 0;
      for (let i = 0; i < g.pop.count; i++) if (g.pop.initialBehavior[i] === g.honest) honestCount++;
      if (honestCount === 0 || honestCount === g.pop.count) continue;
      const reps = new Float64Array(honestCount);
      for (let i = 0, k = 0; i < g.pop.count; i++) if (g.pop.initialBehavior[i] === g.honest) reps[k++] = trust.reputation(g.kind, i);
      const bar = median(reps);
      for (let i = 0; i < g.pop.count; i++) {
        if (g.pop.initialBehavior[i] === g.honest || !Number.isNaN(g.detectedAt[i]!)) continue;
        if (trust.reputation(g.kind, i) < bar) g.detectedAt[i] = t;
      }
    }
  }

  /** mean_detection_time_h over detected adversaries (null if none) and undetected_count. */
  summary(): MetricRow {
    let sum = 0;
    let detected = 0;
    let undetected = 0;
    for (const g of this.groups) {
      for (let i = 0; i < g.pop.count; i++) {
        if (g.pop.initialBehavior[i] === g.honest) continue;
        const t = g.detectedAt[i]!;
        if (Number.isNaN(t)) undetected++;
        else {
          sum += t;
          detected++;
        }
      }
    }
    return { mean_detection_time_h: detected > 0 ? sum / detected : null, undetected_count: undetected };
  }
}
