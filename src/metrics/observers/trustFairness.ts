// Trust and fairness figures of a finished run, from ground truth the policies
// never saw: behaviour labels and the coverage-Shapley values of the datanets.
import type { MetricRow } from "../collector.js";
import { auc } from "../auc.js";
import { copyGain } from "../gains.js";
import { shapleyTvDistance } from "../shapleyConsistency.js";
import { spearman } from "../spearman.js";
import { CoverageGame } from "../../policies/attribution/coverage.js";
import { coverageShapley } from "../../policies/attribution/coverageShapley.js";
import { P } from "../../sim/economy/behaviors.js";
import { RATED_KINDS } from "../../sim/economy/kinds.js";
import type { Population } from "../../sim/economy/population.js";
import type { EntityKind } from "../../sim/economy/seams.js";
import type { Economy } from "../../sim/economy/world.js";
import { sybilGain } from "./sybilGain.js";

/** Honest (true) or not, per entity of a rated kind, and its final reputation. */
type Rated = { score: number[]; positive: boolean[] };

function reputations(w: Economy, kind: EntityKind, pop: Population, honest: number): Rated {
  const score: number[] = [];
  const positive: boolean[] = [];
  for (let i = 0; i < pop.count; i++) {
    score.push(w.policies.trust.reputation(kind, i));
    positive.push(pop.behavior[i] === honest);
  }
  return { score, positive };
}

/** Each provider's true share: the coverage-Shapley value of its accepted contributions in the final datanets. */
export function providerShapley(w: Economy): Float64Array {
  const { knowledge, datanets, contributions: store } = w;
  const phi = new Float64Array(w.providers.count);
  const k = knowledge.unitsPerDomain;
  for (let d = 0; d < knowledge.domains; d++) {
    const n = datanets.acceptedCount(d);
    if (n === 0) continue;
    const ids = Array.from({ length: n }, (_, i) => datanets.acceptedAt(d, i));
    const start = new Int32Array(n + 1);
    ids.forEach((c, i) => (start[i + 1] = start[i]! + store.size(c)));
    const units = new Int32Array(start[n]!);
    const pool = store.pool;
    ids.forEach((c, i) => {
      for (let j = store.start[c]!, o = start[i]!; j < store.end[c]!; j++, o++) units[o] = pool[j]! - d * k;
    });
    const game = new CoverageGame(start, units, Float64Array.from(knowledge.localWeights), Float64Array.from(ids, (c) => store.quality[c]!), Float64Array.from(ids));
    const values = coverageShapley(game);
    ids.forEach((c, i) => (phi[store.provider[c]!]! += values[i]!));
  }
  return phi;
}

/** How well current reputations separate honest from adversarial entities (also a timeseries gauge). */
export function reputationQuality(w: Economy): MetricRow {
  // Agents, models, validators (the kinds' trust order); behaviour 0 is every kind's honest label.
  const [agents, models, validators] = RATED_KINDS.map(({ index, spec }) => reputations(w, index as EntityKind, w[spec.population], 0)) as [Rated, Rated, Rated];
  const allScores = [...agents.score, ...models.score, ...validators.score];
  const allPositive = [...agents.positive, ...models.positive, ...validators.positive];
  const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    // AUC of reputation separating honest (positive) from other behaviours; ties count 1/2.
    reputation_auc: auc(allScores, allPositive),
    reputation_auc_agent: auc(agents.score, agents.positive),
    reputation_auc_model: auc(models.score, models.positive),
    reputation_auc_validator: auc(validators.score, validators.positive),
    reputation_spearman: spearman(allScores, allPositive.map((p) => (p ? 1 : 0))),
    // Mean reputation of rated entities (agents, models, validators) by true behaviour: the run overview's trust chart.
    reputation_mean_honest: mean(allScores.filter((_, i) => allPositive[i])),
    reputation_mean_adversarial: mean(allScores.filter((_, i) => !allPositive[i])),
  };
}

/** Fairness figures of the final state (summary only: the Shapley and sybil counterfactuals value the whole datanets). */
export function fairness(w: Economy): MetricRow {
  const { providers } = w;
  const books = (b: number) => {
    const profits: number[] = [];
    const costs: number[] = [];
    for (let i = 0; i < providers.count; i++) {
      if (providers.behavior[i] !== b) continue;
      profits.push(providers.reward[i]! - providers.cost[i]!);
      costs.push(providers.cost[i]!);
    }
    return { profits, costs };
  };
  return {
    shapley_tv_distance: providers.count > 0 ? shapleyTvDistance(providers.reward, providerShapley(w)) : null,
    sybil_gain: sybilGain(w),
    copy_gain: copyGain(books(P.duplicator), books(P.honest)),
    // Do providers that spend more effort (production cost) earn more?
    reward_effort_spearman: spearman(providers.reward, providers.cost),
  };
}
