// Epoch settlement: each model's escrowed data share is paid to its current
// version's contributors in proportion to their attribution credits, the
// validators' pool is paid by stake, and the emission schedule mints into the
// treasury. Every split is exact (largest remainder, ties to the lower index,
// i.e. the lower contribution or validator id).
import type { Engine } from "../engine/index.js";
import { Apportioner, EMISSIONS, SLASHED, TREASURY, VALIDATOR_POOL } from "../ledger/index.js";
import { InvariantViolation } from "../invariant.js";
import { V } from "./behaviors.js";
import { C } from "./counters.js";
import { trainVersion } from "./dataFlow.js";
import type { Economy } from "./world.js";
import { EmissionPayer } from "./emission.js";
import { withholdsAttribution, type ValidatorsView } from "./seams.js";
import { validatorWeights } from "./validatorWeights.js";

/** Same-time ordering: settle after every other event at the boundary. */
const PRIORITY_SETTLE = 2;

export function installSettlement(w: Economy, engine: Engine): void {
  const { config, ledger, models, validators, books } = w;
  const apportioner = new Apportioner();
  let parts = new Float64Array(16); // validator split scratch
  const stakes = new Float64Array(validators.count);
  let epochIndex = 0;

  const { trust } = w.policies;
  const observations = w.validatorObservations;
  const weightInputs = {
    observations: observations!,
    validatorBehavior: (v: number) => validators.behavior[v]!,
    modelBehavior: (m: number) => models.behavior[m]!,
    emission: trust.emission,
  };
  // Every validator index a trust policy passes is checked: an out-of-range one would name another entity's account.
  const checkValidator = (call: string, v: number) => {
    if (!(Number.isInteger(v) && v >= 0 && v < validators.count)) throw new RangeError(`ValidatorsView.${call}: validator ${typeof v === "number" ? v : typeof v} out of range [0, ${validators.count})`);
  };
  const validatorsView: ValidatorsView = {
    count: validators.count,
    stake: (v: number) => {
      checkValidator("stake", v);
      return ledger.balance(validators.stakeAccount(v));
    },
    slash: (v: number, fraction: number) => {
      checkValidator("slash", v);
      return slashValidator(w, v, fraction);
    },
    models: models.count,
    weights(v: number, out: Float64Array) {
      checkValidator("weights", v);
      if (!(out instanceof Float64Array && out.length >= models.count)) throw new RangeError(`ValidatorsView.weights: out must be a Float64Array of length >= ${models.count}`);
      if (observations === undefined) out.fill(0, 0, models.count);
      else validatorWeights(weightInputs, v, out);
    },
  };
  const emissionPayer = trust.emission === undefined ? undefined : new EmissionPayer(w);

  const settle = engine.defineKind("economy.settle", () => {
    trust.onEpoch?.(engine.now, validatorsView);
    observations?.decay();
    if (config.settlement === "epoch") for (let m = 0; m < models.count; m++) settleModelEscrow(w, m, apportioner);
    settleValidators();
    emit();
    epochIndex++;
    engine.schedule(config.epoch, settle, -1, 0, PRIORITY_SETTLE);
  });

  function settleValidators(): void {
    const amount = ledger.balance(VALIDATOR_POOL);
    if (amount === 0) return;
    let total = 0;
    for (let v = 0; v < validators.count; v++) total += stakes[v] = ledger.balance(validators.stakeAccount(v));
    if (total === 0) {
      books.pay(VALIDATOR_POOL, TREASURY, amount, "unclaimed");
      return;
    }
    if (parts.length < validators.count) parts = new Float64Array(validators.count * 2);
    apportioner.split(amount, stakes, parts);
    for (let v = 0; v < validators.count; v++) {
      if (parts[v] === 0) continue;
      books.pay(VALIDATOR_POOL, validators.account(v), parts[v]!, "validator-reward");
    }
  }

  function emit(): void {
    const amount = Math.floor(config.emissions.perEpoch * Math.pow(1 - config.emissions.decay, epochIndex));
    if (amount <= 0) return;
    books.pay(EMISSIONS, TREASURY, amount, "emission");
    if (emissionPayer !== undefined) emissionPayer.pay(amount, trust.emission!);
  }

  engine.schedule(config.epoch, settle, -1, 0, PRIORITY_SETTLE);
}

/**
 * Pay model m's escrowed data fees to its current version's contributors in
 * proportion to their credits (exact apportionment); with no trained data to
 * credit, to the treasury. Under an attribution policy with absolute credits
 * (seams.ts `credits: "absolute"`), contribution i gets escrow × credit_i / v(N)
 * and the rest goes to the treasury as `attribution-withheld`.
 */
export function settleModelEscrow(w: Economy, m: number, apportioner: Apportioner): void {
  const { ledger, models } = w;
  const escrow = models.escrowAccount(m);
  const amount = ledger.balance(escrow);
  if (amount === 0) return;
  const version = models.versions[m];
  let total = 0;
  if (version !== undefined) for (let i = 0; i < version.credits.length; i++) total += version.credits[i]!;
  if (version === undefined || !(total > 0)) {
    w.books.pay(escrow, TREASURY, amount, "unclaimed");
    return;
  }
  const n = version.credits.length;
  const absolute = withholdsAttribution(w.policies.attribution);
  const parts = w.settlementScratch(absolute ? 2 * (n + 1) : n);
  if (absolute) {
    // Credits are shares of v(N): split the escrow over the n credits and the withheld rest v(N) − Σ credits, in one exact split.
    const weights = parts.subarray(n + 1, 2 * (n + 1));
    weights.set(version.credits);
    weights[n] = Math.max(0, version.value - total);
    apportioner.split(amount, weights, parts);
    if (parts[n]! > 0) w.books.pay(escrow, TREASURY, parts[n]!, "attribution-withheld");
  } else apportioner.split(amount, version.credits, parts);
  for (let i = 0; i < n; i++) {
    const share = parts[i]!;
    if (share === 0) continue;
    w.payContribution(escrow, version.training[i]!, share);
  }
  const left = ledger.balance(escrow);
  if (left !== 0) throw new InvariantViolation("attribution-efficiency", `model ${m}'s escrow of ${amount} micro was paid out by credits leaving ${left} micro`);
}

/**
 * `settlement: final`: after the run, retrain every model on the final
 * datanets and pay all escrowed data fees by those versions' credits, so data
 * is paid by what it is worth at the end rather than at each epoch.
 */
export function settleAtEnd(w: Economy): void {
  const apportioner = new Apportioner();
  for (let m = 0; m < w.models.count; m++) {
    w.models.versions[m] = trainVersion(w, w.models.domain[m]!);
    w.models.versionNumber[m]!++;
    settleModelEscrow(w, m, apportioner);
  }
}

/** Move `fraction` of a validator's stake to the slashed account; returns the amount. Trust policies that slash call this. */
export function slashValidator(w: Economy, v: number, fraction: number): number {
  if (!(typeof fraction === "number" && fraction >= 0 && fraction <= 1)) throw new RangeError(`slashValidator: fraction must be in [0,1], got ${typeof fraction === "number" ? fraction : typeof fraction}`);
  const account = w.validators.stakeAccount(v);
  const amount = Math.floor(w.ledger.balance(account) * fraction);
  w.books.pay(account, SLASHED, amount, "slash");
  w.counters[C.slashes]!++;
  if (w.validators.behavior[v] === V.honest) w.counters[C.honest_slashes]!++;
  return amount;
}
