/**
 * One epoch of Bittensor's classic Yuma Consensus, pure and in floating point.
 *
 * Sources: opentensor/subtensor `docs/consensus.md` (the equations, "Mathematical
 * definitions") and `pallets/subtensor/src/epoch/run_epoch.rs` `epoch_dense`, its
 * original-Yuma branch (Yuma3 off), with `pallets/subtensor/src/epoch/math.rs`.
 * With S the normalised stake (n validators) and W the row-normalised weights (n × m):
 *   prerank      P_j  = Σ_i S_i W_ij
 *   consensus    C_j  = max w such that Σ_i S_i [W_ij ≥ w] ≥ κ          (doc eq. 3)
 *   clipped      W̄_ij = min(W_ij, C_j)
 *   rank         R_j  = Σ_i S_i W̄_ij;  incentive I_j = R_j / Σ_k R_k;  trust T_j = R_j / P_j
 *   val. trust   T^v_i = Σ_j W̄_ij
 *   bonds        W̃ = (1 − β)W + βW̄;  ΔB_ij = S_i W̃_ij / Σ_k S_k W̃_kj;
 *                B(t) = colnorm(α ΔB + (1 − α) colnorm(B(t−1)))
 *   dividends    D_i = Σ_j B_ij I_j, normalised to sum 1.
 * Zero denominators give 0 (an all-zero weight row, an unweighted miner, zero
 * total rank or dividends), as the source's `inplace_normalize`, `vecdiv` and
 * `inplace_col_normalize` do.
 *
 * Departures from the source, and why:
 * - Floating point, not I32F32/u16 fixed point: this is a model of the rule, and the
 *   known-answer tests are exact to 1e-9 against hand working.
 * - Consensus is the doc's definition computed exactly (sort the column's
 *   positive-stake weights descending, return the first whose cumulative stake
 *   reaches κ of the total), not the chain's `weighted_median_col`, a pivot
 *   bisection on fixed point that returns a pivot weight when the partition test
 *   stops; the two agree except where fixed-point rounding or the bisection's tie
 *   handling moves the result. As in the chain, zero-stake validators are left out
 *   of the median, and a column with no stake at all has consensus 0.
 * - The returned bonds are the column-normalised EMA bonds the dividends use; the
 *   chain stores them column-max-upscaled to u16, which the next epoch undoes by
 *   column-normalising, so feeding these back as `previousBonds` is the same rule.
 * - Masks the chain applies before this maths (inactive or non-permitted validators,
 *   self-weights, outdated weights, recently registered miners' bonds) are the
 *   caller's business: pass the weights and stake that survive them.
 * - Optional liquid alpha: the consensus-based per-miner rate of subtensor commit
 *   4270cc4b (July 2024) `compute_ema_bonds` (see yumaBonds.ts `liquidAlphas`). The
 *   current chain runs liquid alpha only inside Yuma3, whose bonds are a different
 *   rule, so this variant is the one that belonged to classic Yuma.
 */
import { emaBonds, instantBonds, liquidAlphas } from "./yumaBonds.js";
import { stakeWeightedMedian } from "./weightedMedian.js";

export interface YumaConfig {
  kappa: number; // consensus quantile, default 0.5
  bondPenalty: number; // β in [0,1], default 1
  bondsAlpha: number; // EMA rate α of bonds, default 0.1
  liquidAlpha?: { low: number; high: number } | undefined; // optional variant, if pinned to a source
}

export interface YumaEpochResult {
  consensus: Float64Array; // m: C_j
  clipped: Float64Array; // n*m row-major: W̄_ij
  prerank: Float64Array; // m: P_j
  rank: Float64Array; // m: R_j
  incentive: Float64Array; // m: I_j (sums to 1, or all 0 when every rank is 0)
  trust: Float64Array; // m: T_j (0 where P_j = 0)
  validatorTrust: Float64Array; // n: T^v_i
  bonds: Float64Array; // n*m row-major: the updated EMA bonds B(t)
  dividends: Float64Array; // n: D_i (sums to 1, or all 0)
}

/** The defaults of the sources: κ = 0.5, full bonds penalty, bonds moving average 0.9 (α = 0.1). */
export const DEFAULT_YUMA_CONFIG: YumaConfig = { kappa: 0.5, bondPenalty: 1, bondsAlpha: 0.1 };

function checkUnit(name: string, x: number): void {
  if (!(x >= 0 && x <= 1)) throw new RangeError(`yumaEpoch: ${name} must be in [0,1], got ${x}`);
}

function checkEntries(name: string, x: ArrayLike<number>, length: number): void {
  if (x.length !== length) throw new RangeError(`yumaEpoch: ${name} must have ${length} entries, got ${x.length}`);
  for (let k = 0; k < length; k++) {
    const v = x[k]!;
    if (!(v >= 0 && v !== Infinity)) throw new RangeError(`yumaEpoch: ${name} must be finite and >= 0, got ${v} at ${k}`);
  }
}

function checkConfig(config: YumaConfig): void {
  checkUnit("kappa", config.kappa);
  checkUnit("bondPenalty", config.bondPenalty);
  checkUnit("bondsAlpha", config.bondsAlpha);
  const la = config.liquidAlpha;
  if (la !== undefined && !(la.low > 0 && la.low <= la.high && la.high < 1)) {
    throw new RangeError(`yumaEpoch: liquidAlpha needs 0 < low <= high < 1, got low=${la.low}, high=${la.high}`);
  }
}

/** Return x / Σx (all 0 when the sum is 0). */
function normalized(x: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(x);
  let sum = 0;
  for (const v of out) sum += v;
  if (sum > 0) for (let k = 0; k < out.length; k++) out[k]! /= sum;
  return out;
}

/** Return W with every row divided by its sum (an all-zero row stays zero). */
function rowNormalized(weights: ArrayLike<number>, n: number, m: number): Float64Array {
  const out = Float64Array.from(weights);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += out[i * m + j]!;
    if (sum > 0) for (let j = 0; j < m; j++) out[i * m + j]! /= sum;
  }
  return out;
}

/**
 * The stake-weighted κ-quantile of one column as docs/consensus.md eq. 3 defines it:
 * the largest w with Σ_i S_i [values_i ≥ w] ≥ κ·Σ_i S_i, over the validators with
 * stake > 0 (`stake` need not be normalised). 0 when no validator has stake.
 */
export function yumaConsensusWeight(values: ArrayLike<number>, stake: ArrayLike<number>, kappa: number): number {
  if (values.length !== stake.length) throw new RangeError(`yumaConsensusWeight: values has ${values.length} entries but stake has ${stake.length}`);
  if (!(kappa >= 0 && kappa <= 1)) throw new RangeError(`yumaConsensusWeight: kappa must be in [0,1], got ${kappa}`);
  const x = Float64Array.from(values);
  const w = Float64Array.from(stake);
  const idx = new Int32Array(x.length);
  let count = 0;
  for (let i = 0; i < x.length; i++) if (w[i]! > 0) idx[count++] = i;
  return count === 0 ? 0 : stakeWeightedMedian(x, w, idx, count, kappa);
}

/** One Yuma epoch. `stake` (n entries, >= 0) is normalised inside; `weights` (n*m row-major, >= 0) are row-normalised inside (an all-zero row stays zero: that validator set no weights). `previousBonds` is B(t-1) (n*m) or undefined for the first epoch (treated as zeros). Pure and deterministic; allocates its outputs. */
export function yumaEpoch(stake: ArrayLike<number>, weights: ArrayLike<number>, n: number, m: number, config: YumaConfig, previousBonds?: Float64Array): YumaEpochResult {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`yumaEpoch: n must be a non-negative integer, got ${n}`);
  if (!Number.isSafeInteger(m) || m < 0) throw new RangeError(`yumaEpoch: m must be a non-negative integer, got ${m}`);
  checkEntries("stake", stake, n);
  checkEntries("weights", weights, n * m);
  if (previousBonds !== undefined) checkEntries("previousBonds", previousBonds, n * m);
  checkConfig(config);

  const s = normalized(stake);
  const w = rowNormalized(weights, n, m);
  const consensus = new Float64Array(m);
  const column = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) column[i] = w[i * m + j]!;
    consensus[j] = yumaConsensusWeight(column, s, config.kappa);
  }

  const clipped = new Float64Array(n * m);
  const prerank = new Float64Array(m);
  const rank = new Float64Array(m);
  const validatorTrust = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const k = i * m + j;
      const c = (clipped[k] = Math.min(w[k]!, consensus[j]!));
      prerank[j]! += s[i]! * w[k]!;
      rank[j]! += s[i]! * c;
      validatorTrust[i]! += c;
    }
  }
  const trust = rank.map((r, j) => (prerank[j]! > 0 ? r / prerank[j]! : 0));
  const incentive = normalized(rank);

  const delta = instantBonds(s, w, clipped, n, m, config.bondPenalty);
  const la = config.liquidAlpha;
  const alphas = la === undefined ? undefined : liquidAlphas(consensus, la.low, la.high);
  const bonds = emaBonds(delta, previousBonds, n, m, config.bondsAlpha, alphas);
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) raw[i]! += bonds[i * m + j]! * incentive[j]!;
  const dividends = normalized(raw);
  return { consensus, clipped, prerank, rank, incentive, trust, validatorTrust, bonds, dividends };
}
