// The Monte Carlo study of opentensor/subtensor docs/consensus.md ("Monte Carlo
// simulations", "Subjectivity variance"), as its generator split_graph and the
// test map_consensus_guarantees in pallets/subtensor/src/tests/consensus.rs set it
// up: a network split into an honest majority and a cabal, each validator putting
// a fixed share of its weight on its own side's servers; does the honest side keep
// an emission share E_H >= S_H? Pure and deterministic: the draws come from the
// project's seeded streams (no ambient randomness).
import { RngStreams } from "../../../sim/rng/streams.js";
import { DEFAULT_YUMA_CONFIG, yumaEpoch, type YumaConfig } from "./yumaConsensus.js";

export interface MonteCarloSetup {
  validators: number; // |H_V| + |C_V|, 64 in the source
  servers: number; // |H_S| + |C_S|, 512 - 64 in the source
  honestStake: number; // S_H, 0.6 for the doc's subjectivity result
  stakeSd: number; // σ_S of the stake draws N(1, σ_S²), 0.3
  validatorEmissionRatio: number; // ξ, 0.5
  yuma: YumaConfig;
}

export const DOC_SETUP: MonteCarloSetup = { validators: 64, servers: 448, honestStake: 0.6, stakeSd: 0.3, validatorEmissionRatio: 0.5, yuma: DEFAULT_YUMA_CONFIG };

/** ⌊ratio·total⌋ moved off 0 and total so each side has at least one member (source: non_extreme_fixed_ratio). */
export function honestCount(ratio: number, total: number): number {
  return Math.min(total - 1, Math.max(1, Math.floor(ratio * total)));
}

/** One replicate's standard normal draws: z for each validator's stake, then z for each (validator, server) weight. */
export interface ReplicateDraws {
  stake: Float64Array;
  weights: Float64Array;
}

/** The draws of replicate `replicate` under run seed `seed`: stream ("yuma-montecarlo", replicate), stake first. */
export function replicateDraws(setup: MonteCarloSetup, seed: number, replicate: number): ReplicateDraws {
  const stream = new RngStreams(seed).stream("yuma-montecarlo", replicate);
  const stake = new Float64Array(setup.validators);
  for (let i = 0; i < stake.length; i++) stake[i] = stream.normal();
  const weights = new Float64Array(setup.validators * setup.servers);
  for (let k = 0; k < weights.length; k++) weights[k] = stream.normal();
  return { stake, weights };
}

/**
 * Fill out[from..to) with max(0, 1 + sd·z) normalised to sum `share` (all 0 if every draw clamps to 0):
 * the source's clamp-then-normalise of each honest/cabal block of stake or weight.
 */
function fillBlock(out: Float64Array, z: Float64Array, from: number, to: number, sd: number, share: number): void {
  let sum = 0;
  for (let k = from; k < to; k++) sum += out[k] = Math.max(0, 1 + sd * z[k]!);
  for (let k = from; k < to; k++) out[k] = sum > 0 ? (share * out[k]!) / sum : 0;
}

/**
 * E_H − S_H of one network: honest validators (the first honestCount(S_H, validators)) put
 * `honestUtility` W_H of their weight on the honest servers (the first honestCount(S_H, servers))
 * and 1 − W_H on the cabal's; cabal validators put `cabalSelfWeight` W_C on the cabal's servers.
 * Each block of weights is max(0, 1 + σ_W z) normalised to its share. One epoch from zero bonds
 * (which is also the steady state: with fixed inputs B(t) = ΔB for every t). E_H = ξ Σ_{H_V} D_i + (1 − ξ) Σ_{H_S} I_j.
 */
export function honestMargin(setup: MonteCarloSetup, draws: ReplicateDraws, sigmaW: number, honestUtility: number, cabalSelfWeight: number): number {
  const { validators: n, servers: m, honestStake: sH } = setup;
  const hv = honestCount(sH, n);
  const hs = honestCount(sH, m);
  const stake = new Float64Array(n);
  fillBlock(stake, draws.stake, 0, hv, setup.stakeSd, sH);
  fillBlock(stake, draws.stake, hv, n, setup.stakeSd, 1 - sH);
  const weights = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const onHonest = i < hv ? honestUtility : 1 - cabalSelfWeight;
    fillBlock(weights, draws.weights, i * m, i * m + hs, sigmaW, onHonest);
    fillBlock(weights, draws.weights, i * m + hs, (i + 1) * m, sigmaW, 1 - onHonest);
  }
  const r = yumaEpoch(stake, weights, n, m, setup.yuma);
  let dividends = 0;
  for (let i = 0; i < hv; i++) dividends += r.dividends[i]!;
  let incentive = 0;
  for (let j = 0; j < hs; j++) incentive += r.incentive[j]!;
  const xi = setup.validatorEmissionRatio;
  return xi * dividends + (1 - xi) * incentive - sH;
}

/**
 * The honest utility at which `margins` (E_H − S_H over the ascending `utilities`) first
 * reaches 0, linearly interpolated between the bracketing grid points; utilities[0] if it
 * starts at or above 0, Infinity if it never gets there.
 */
export function crossing(utilities: readonly number[], margins: ArrayLike<number>): number {
  for (let k = 0; k < utilities.length; k++) {
    if (margins[k]! < 0) continue;
    if (k === 0) return utilities[0]!;
    const below = margins[k - 1]!;
    return utilities[k - 1]! + ((utilities[k]! - utilities[k - 1]!) * -below) / (margins[k]! - below);
  }
  return Infinity;
}

export interface StudyGrid {
  sigmas: readonly number[]; // σ_W, weight subjectivity (standard deviation in units of the mean weight)
  utilities: readonly number[]; // W_H, ascending
  cabalWeights: readonly number[]; // W_C the cabal may choose
  replicates: number;
  seed: number;
}

export interface StudyResult {
  grid: StudyGrid;
  /** margins[s][u][c][r]: E_H − S_H of replicate r at σ_W = sigmas[s], W_H = utilities[u], W_C = cabalWeights[c]. */
  margins: Float64Array[][][];
  /** thresholds[s][r]: replicate r's required honest utility, the max over W_C of its crossing. */
  thresholds: Float64Array[];
}

/** Run the grid; every cell of replicate r reuses r's draws (common random numbers, as the source reuses seed 0). */
export function runStudy(setup: MonteCarloSetup, grid: StudyGrid): StudyResult {
  const { sigmas, utilities, cabalWeights, replicates } = grid;
  const margins = sigmas.map(() => utilities.map(() => cabalWeights.map(() => new Float64Array(replicates))));
  const thresholds = sigmas.map(() => new Float64Array(replicates));
  for (let r = 0; r < replicates; r++) {
    const draws = replicateDraws(setup, grid.seed, r);
    sigmas.forEach((sigma, s) => {
      let required = -Infinity;
      cabalWeights.forEach((wc, c) => {
        const curve = utilities.map((wh, u) => (margins[s]![u]![c]![r] = honestMargin(setup, draws, sigma, wh, wc)));
        required = Math.max(required, crossing(utilities, curve));
      });
      thresholds[s]![r] = required;
    });
  }
  return { grid, margins, thresholds };
}

/** Mean and standard error (sample sd / √R) of replicate values. */
export function meanAndSe(x: ArrayLike<number>): { mean: number; se: number } {
  const n = x.length;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += x[k]! / n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (x[k]! - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : Infinity };
}

/** The cabal's best fixed W_C at one (σ_W, W_H): the cabal weight with the lowest mean margin, with its mean and SE. */
export function worstCase(result: StudyResult, s: number, u: number): { cabalWeight: number; mean: number; se: number } {
  let best = { cabalWeight: NaN, mean: Infinity, se: NaN };
  result.grid.cabalWeights.forEach((wc, c) => {
    const stats = meanAndSe(result.margins[s]![u]![c]!);
    if (stats.mean < best.mean) best = { cabalWeight: wc, ...stats };
  });
  return best;
}
