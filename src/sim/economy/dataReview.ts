// Data review under staking (docs/openledger-staking.md): each upload locks a
// stake; a sampled share of accepted uploads is reviewed after a delay by one
// validator chosen uniformly, who pays the review cost and judges it against
// the datanet. Honest reviewers judge the truth, lazy ones (and weight-copiers)
// approve without looking, colluding ones approve uploads of adversarial providers (as results
// are verified in validation.ts). A contribution judged bad loses
// floor(stake × slashFraction) to the treasury or the reviewer and raises its
// provider's penalty score; what is left returns when the lock ends.
import { ACCEPTED } from "../data/index.js";
import type { Engine } from "../engine/index.js";
import { OUTSIDE, TREASURY } from "../ledger/index.js";
import { approvesUnseen, isAdversarialProvider, P, V } from "./behaviors.js";
import { C } from "./counters.js";
import { F_ADVERSARIAL, F_BAD, F_COVERED, F_HONEST } from "./dataStakes.js";
import type { Economy } from "./world.js";

/** Called by the data flow after each upload (accepted or rejected) once its cost is paid. */
export type OnUpload = (p: number, c: number) => void;

/** Install the review and unlock events; undefined when staking is off (nothing is scheduled, no stream drawn). */
export function installDataReview(w: Economy, engine: Engine): OnUpload | undefined {
  const stakes = w.dataStakes;
  if (stakes === undefined) return undefined;
  const s = stakes.config;
  const { providers, validators, contributions, datanets, counters, ledger, books } = w;
  const reviewRng = w.streams.family("datanet.review");
  const kinds = {
    review: engine.defineKind("datanet.review", (c) => onReview(c)),
    unlock: engine.defineKind("datanet.unlock", (c) => onUnlock(c)),
  };

  function groundTruth(p: number, c: number): number {
    const b = providers.behavior[p]!;
    const copy = contributions.copyOf[c]! >= 0;
    const spam = b === P.spammer;
    // Redundant: a copy, or (the datanet's overlap rule) sharing >= overlapThreshold of its units with one contribution accepted before it.
    const redundant = copy || datanets.lastOverlapped;
    const lowQuality = contributions.quality[c]! < s.qualityThreshold;
    return (copy || spam ? F_ADVERSARIAL : 0) | (b === P.honest ? F_HONEST : 0) | (redundant || lowQuality || spam ? F_BAD : 0) | (isAdversarialProvider(b) ? F_COVERED : 0);
  }

  function onUpload(p: number, c: number): void {
    providers.penaltyScore[p] = stakes!.fade(providers.penaltyScore[p]!);
    books.pay(providers.account(p), providers.stakeAccount(p), s.stake, "data-stake-lock");
    const flags = groundTruth(p, c);
    stakes!.record(c, s.stake, flags);
    if ((flags & F_ADVERSARIAL) !== 0) counters[C.adversarial_uploads_staked]!++;
    // Rejected uploads are not in the datanet: nothing to review.
    const sampled = contributions.status[c] === ACCEPTED && validators.count > 0 && reviewRng.get(p).uniform() < s.reviewShare;
    engine.schedule(sampled ? s.reviewDelay : s.lockPeriod, sampled ? kinds.review : kinds.unlock, c);
  }

  function judgedBad(v: number, flags: number): boolean {
    const b = validators.behavior[v]!;
    // Lazy validators and weight-copiers approve without looking, as they do for results.
    if (approvesUnseen(b) || (b === V.colluding && (flags & F_COVERED) !== 0)) return false;
    return (flags & F_BAD) !== 0;
  }

  function onReview(c: number): void {
    engine.schedule(s.lockPeriod - s.reviewDelay, kinds.unlock, c);
    const p = contributions.provider[c]!;
    const v = reviewRng.get(p).int(validators.count);
    // A validator that cannot pay for the review does not review.
    if (!ledger.canPay(validators.account(v), s.reviewCost)) return;
    books.pay(validators.account(v), OUTSIDE, s.reviewCost, "review-cost");
    counters[C.data_reviews]!++;
    const flags = stakes!.flags[c]!;
    if ((flags & F_HONEST) !== 0) counters[C.honest_uploads_reviewed]!++;
    if (!judgedBad(v, flags)) return;
    const amount = Math.floor(stakes!.locked[c]! * s.slashFraction);
    books.pay(providers.stakeAccount(p), s.slashTo === "reviewers" ? validators.account(v) : TREASURY, amount, "data-stake-slash");
    stakes!.locked[c]! -= amount;
    providers.penaltyScore[p] = stakes!.raise(providers.penaltyScore[p]!);
    counters[C.data_slashes]!++;
    counters[C.catch_time_sum_h]! += engine.now - contributions.time[c]!;
    if ((flags & F_ADVERSARIAL) !== 0) counters[C.adversarial_uploads_slashed]!++;
    if ((flags & F_HONEST) !== 0) counters[C.honest_uploads_slashed]!++;
  }

  function onUnlock(c: number): void {
    const amount = stakes!.locked[c]!;
    stakes!.locked[c] = 0;
    books.pay(providers.stakeAccount(contributions.provider[c]!), providers.account(contributions.provider[c]!), amount, "data-stake-return");
  }

  return onUpload;
}
