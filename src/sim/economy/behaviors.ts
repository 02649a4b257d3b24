// Behaviour labels per entity kind (ground truth policies never see). The index
// of a label is what entity tables store; the order is fixed, not the mix's.

export const PROVIDER_BEHAVIORS = ["honest", "duplicator", "spammer", "sybil", "free-rider"] as const;
export const MODEL_BEHAVIORS = ["honest", "degraded", "malicious"] as const;
export const AGENT_BEHAVIORS = ["honest", "lazy", "malicious", "whitewasher"] as const;
// Beta's unfair raters append "badmouthing" (docs/beta.md); EigenTrust's threat models "inverter" (A's raters) and "spy" (D) (docs/eigentrust.md).
export const VALIDATOR_BEHAVIORS = ["honest", "colluding", "lazy", "weight-copier", "badmouthing", "inverter", "spy"] as const;

export const P = { honest: 0, duplicator: 1, spammer: 2, sybil: 3, freeRider: 4 } as const;
export const M = { honest: 0, degraded: 1, malicious: 2 } as const;
export const A = { honest: 0, lazy: 1, malicious: 2, whitewasher: 3 } as const;
export const V = { honest: 0, colluding: 1, lazy: 2, weightCopier: 3, badmouthing: 4, inverter: 5, spy: 6 } as const;

/** Validators that approve what they check without looking (results and data alike): lazy ones and weight-copiers. */
export const approvesUnseen = (b: number): boolean => b === V.lazy || b === V.weightCopier;

/** Agents whose results are deliberately wrong. */
export const isAdversarialAgent = (b: number): boolean => b === A.malicious || b === A.whitewasher;
export const isAdversarialModel = (b: number): boolean => b === M.malicious || b === M.degraded;
/** Providers colluding reviewers cover for: every behaviour but honest. */
export const isAdversarialProvider = (b: number): boolean => b !== P.honest;

/**
 * Behaviour of entity `id` from its own uniform draw u and the mix's cumulative
 * fractions in label order: adding entities never relabels the others, and
 * raising one fraction in a sweep moves only the entities whose u falls in the shifted band.
 */
export function behaviorFromDraw(u: number, labels: readonly string[], mix: Partial<Record<string, number>>): number {
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < labels.length; i++) {
    const share = mix[labels[i]!] ?? 0;
    if (share <= 0) continue;
    last = i;
    cumulative += share;
    if (u < cumulative) return i;
  }
  return last; // u within rounding of 1
}

/** Whether a mix is exact counts rather than fractions: its values do not sum to 1 (counts summing to 1 name one label, the same as a fraction of 1). */
export function isCountMix(mix: Partial<Record<string, number>>): boolean {
  let sum = 0;
  for (const v of Object.values(mix)) sum += v ?? 0;
  return Math.abs(sum - 1) >= 1e-9;
}

/**
 * Exact counts: the members sorted by their own draw (ties by id) take the
 * labels in label order, `counts[label]` each, so the population holds exactly
 * the counts given while each member's place still comes from its own stream.
 * The counts must sum to the population (the scenario checks it).
 */
export function behaviorsByCount(draws: Float64Array, labels: readonly string[], counts: Partial<Record<string, number>>, out: Uint8Array): void {
  const order = Array.from(draws.keys()).sort((a, b) => draws[a]! - draws[b]! || a - b);
  let next = 0;
  labels.forEach((label, b) => {
    for (let k = 0; k < (counts[label] ?? 0) && next < order.length; k++) out[order[next++]!] = b;
  });
  if (next !== order.length) throw new RangeError(`behaviour counts sum to ${next}, expected ${order.length} (one per member)`);
}
