// Providers and models: providers upload datasets to their domain's datanet at
// Poisson times (what they upload depends on their behaviour); models retrain on
// the accepted contributions on a schedule, each retrain a new version whose
// training set, per-unit quality, value and attribution credits are cached.
import { checkAttributionAxioms } from "./axioms.js";
import { copyDataset, lowValueDataset, nicheDataset, spamDataset, splitDataset } from "../data/index.js";
import type { Engine } from "../engine/index.js";
import { OUTSIDE } from "../ledger/index.js";
import { P } from "./behaviors.js";
import { C } from "./counters.js";
import type { ModelVersion } from "./models.js";
import type { AttributionGame } from "./seams.js";
import type { Economy } from "./world.js";
import { firstInvalidCredit } from "./credits.js";
import { installDataReview } from "./dataReview.js";

export function installDataFlow(w: Economy, engine: Engine): void {
  const { config, providers, models, counters, ledger, knowledge, contributions, datanets } = w;
  const pc = config.providers;
  const contribRng = w.streams.family("provider.contrib");
  const dataRng = w.streams.family("provider.data");
  const maxSize = Math.max(1, Math.ceil(pc.datasetSize * Math.max(pc.spamSizeFactor, pc.sybilIdentities) * 4 + 64));
  let scratch = new Int32Array(maxSize);
  let pieces = new Int32Array(maxSize);
  const offsets = new Int32Array(pc.sybilIdentities + 1);
  // Data staking (datanets.staking): the stake each upload locks, and the review hook; 0 and undefined when off.
  const stake = w.dataStakes?.config.stake ?? 0;
  const onUpload = installDataReview(w, engine);

  const kinds = {
    contribute: engine.defineKind("provider.contribute", (p) => onContribute(p)),
    retrain: engine.defineKind("model.retrain", (m) => onRetrain(m)),
  };

  const ensure = (size: number) => {
    if (size > scratch.length) {
      scratch = new Int32Array(size * 2);
      pieces = new Int32Array(size * 2);
    }
  };
  const sizeDraw = (p: number) => 1 + dataRng.get(p).poisson(pc.datasetSize - 1);
  const honestQuality = (p: number) => dataRng.get(p).uniformRange(pc.quality[0], pc.quality[1]);

  function onContribute(p: number): void {
    if (providers.broke[p] === 1) return;
    engine.schedule(contribRng.get(p).exponential(pc.contributionRate), kinds.contribute, p);
    const rng = dataRng.get(p);
    const domain = providers.domain[p]!;
    let length: number;
    let quality: number;
    let copyOf = -1;
    let produced = -1; // units of new data produced (copies only pay for the units they change)
    switch (providers.behavior[p]) {
      case P.duplicator: {
        const source = datanets.samplePopular(domain, rng);
        if (source >= 0) {
          ensure(contributions.size(source));
          const noise = rng.uniform() < pc.nearCopyShare ? pc.nearCopyNoise : 0;
          length = copyDataset(contributions, source, noise, knowledge, rng, scratch);
          produced = Math.round(noise * length);
          quality = contributions.quality[source]!;
          copyOf = source;
          break;
        }
        // Nothing to copy yet: uploads original data like an honest provider.
        length = niche(p, sizeDraw(p));
        quality = honestQuality(p);
        break;
      }
      case P.spammer: {
        const size = Math.min(knowledge.unitsPerDomain, Math.round(sizeDraw(p) * pc.spamSizeFactor));
        ensure(size);
        length = spamDataset(knowledge, domain, size, rng, scratch);
        quality = pc.spamQuality;
        break;
      }
      case P.freeRider:
        length = lowValueDataset(knowledge, domain, 1, rng, scratch);
        quality = pc.quality[0];
        break;
      case P.sybil: {
        submitSybilCluster(p);
        return;
      }
      default:
        length = niche(p, sizeDraw(p));
        quality = honestQuality(p);
    }
    submit(p, domain, scratch, length, quality, copyOf, produced < 0 ? length : produced);
  }

  function niche(p: number, size: number): number {
    const s = Math.min(size, knowledge.unitsPerDomain);
    ensure(s);
    return nicheDataset(knowledge, providers.domain[p]!, providers.niche[p]!, s, pc.nicheSpread, dataRng.get(p), scratch);
  }

  /** A sybil leader draws one honest-looking dataset for the whole cluster and each identity uploads its part. */
  function submitSybilCluster(leader: number): void {
    let members = 0;
    for (let p = leader; p >= 0; p = providers.nextMember[p]!) members++;
    const length = niche(leader, sizeDraw(leader) * members);
    const quality = honestQuality(leader);
    ensure(length);
    splitDataset(scratch, length, members, pieces, offsets);
    for (let k = 0, p = leader; k < members; k++, p = providers.nextMember[p]!) {
      const part = pieces.subarray(offsets[k]!, offsets[k + 1]!);
      if (part.length > 0) submit(p, providers.domain[leader]!, part, part.length, quality, -1, part.length);
    }
  }

  /**
   * Upload with its cost: a fixed fee plus production effort per new unit, scaled
   * by quality (junk is cheap to make). Under data staking the provider must also
   * afford the stake, which it locks once the upload is in.
   */
  function submit(p: number, domain: number, units: Int32Array, length: number, quality: number, copyOf: number, produced: number): void {
    const cost = pc.costPerContribution + Math.round(pc.costPerUnit * produced * quality);
    if (!ledger.canPay(providers.account(p), cost + stake)) {
      providers.broke[p] = 1;
      counters[C.providers_broke]!++;
      return;
    }
    w.books.pay(providers.account(p), OUTSIDE, cost, "upload-cost");
    const id = datanets.submit(p, domain, units, length, quality, engine.now, copyOf);
    providers.contributions[p]!++;
    counters[C.contributions]!++;
    if (copyOf >= 0) counters[C.duplicate_uploads]!++;
    if (contributions.status[id] === 0) {
      providers.accepted[p]!++;
      counters[C.contributions_accepted]!++;
      counters[C.units_accepted]! += length;
      counters[C.units_already_covered]! += datanets.lastAlreadyCovered;
    } else {
      counters[C.rejected_uploads]!++;
    }
    onUpload?.(p, id);
  }

  function onRetrain(m: number): void {
    engine.schedule(config.models.retrainEvery, kinds.retrain, m);
    const version = trainVersion(w, models.domain[m]!);
    models.versions[m] = version;
    models.versionNumber[m]!++;
    counters[C.retrains]!++;
  }

  for (let p = 0; p < providers.count; p++) {
    if (pc.contributionRate === 0) break;
    const b = providers.behavior[p]!;
    if (b === P.sybil && providers.leader[p] !== p) continue; // members upload when their leader draws
    engine.schedule(contribRng.get(p).exponential(pc.contributionRate), kinds.contribute, p);
  }
  // Retrains are staggered over the first period so models don't all update at once.
  for (let m = 0; m < models.count; m++) engine.schedule((config.models.retrainEvery * (m + 1)) / models.count, kinds.retrain, m);
}

/** Train a version on every accepted contribution of `domain` so far, and credit it by the attribution policy. */
export function trainVersion(w: Economy, domain: number): ModelVersion {
  const { datanets, contributions: store, knowledge } = w;
  const training = datanets.acceptedIds(domain);
  const n = training.length;
  const base = domain * knowledge.unitsPerDomain;
  const pool = store.pool;
  // The best quality per unit is kept up to date as data is accepted, so a retrain
  // copies it instead of rescanning every contribution of the domain.
  const unitQuality = datanets.bestQuality.slice(base, base + knowledge.unitsPerDomain);
  let value = 0;
  for (let u = 0; u < unitQuality.length; u++) value += knowledge.weight(base + u) * unitQuality[u]!;
  const game: AttributionGame = {
    players: n,
    contribution: (i) => training[i]!,
    provider: (i) => store.provider[training[i]!]!,
    quality: (i) => store.quality[training[i]!]!,
    unitsStart: (i) => store.start[training[i]!]!,
    unitsEnd: (i) => store.end[training[i]!]!,
    pool,
    weight: (u) => knowledge.weight(u),
  };
  const credits = new Float64Array(n);
  w.policies.attribution.credit(game, credits);
  const bad = firstInvalidCredit(credits, n);
  if (bad >= 0) throw new Error(`attribution policy gave contribution ${training[bad]} credit ${credits[bad]}; expected a finite number >= 0`);
  checkAttributionAxioms(w.policies.attribution, {
    credits,
    value,
    quality: (i) => store.quality[training[i]!]!,
    units: (i) => pool.subarray(store.start[training[i]!]!, store.end[training[i]!]!),
  });
  const version: ModelVersion = { training, credits, unitQuality, value };
  if (w.policies.attribution.creditCall !== undefined) version.unitIndex = unitIndex(w, training, base);
  return version;
}

/** Invert a training set: for each local unit, the training indices covering it (CSR, in training order). */
function unitIndex(w: Economy, training: Int32Array, base: number): { start: Int32Array; members: Int32Array } {
  const store = w.contributions;
  const pool = store.pool;
  const start = new Int32Array(w.knowledge.unitsPerDomain + 1);
  for (const c of training) for (let k = store.start[c]!; k < store.end[c]!; k++) start[pool[k]! - base + 1]!++;
  for (let u = 0; u < w.knowledge.unitsPerDomain; u++) start[u + 1]! += start[u]!;
  const cursor = start.slice(0, w.knowledge.unitsPerDomain);
  const members = new Int32Array(start[w.knowledge.unitsPerDomain]!);
  training.forEach((c, i) => {
    for (let k = store.start[c]!; k < store.end[c]!; k++) members[cursor[pool[k]! - base]!++] = i;
  });
  return { start, members };
}
