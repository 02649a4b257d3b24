// Yuma consensus bonds (Bittensor subtensor): column normalisation, the EMA of
// validator bonds and the optional consensus-based ("liquid") alpha. Dense
// row-major n×m matrices in floating point; see yumaConsensus.ts for the sources.

/**
 * Divide every column of the row-major n×m matrix `x` by its sum, in place, so
 * that Σ_i x_ij = 1; a column summing to 0 stays 0 (subtensor math.rs
 * `inplace_col_normalize` skips zero sums the same way).
 */
export function columnNormalize(x: Float64Array, n: number, m: number): Float64Array {
  const sums = new Float64Array(m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) sums[j]! += x[i * m + j]!;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) if (sums[j]! > 0) x[i * m + j]! /= sums[j]!;
  }
  return x;
}

/**
 * The quantile of `values` by linear interpolation between the order statistics
 * at position q·(len − 1), as subtensor math.rs `quantile` (commit 4270cc4b); 0 when empty.
 */
export function interpolatedQuantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return 0;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  if (lo === hi) return sorted[lo]!;
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Per-miner EMA rates of the consensus-based ("liquid") alpha, as subtensor
 * run_epoch.rs `compute_ema_bonds` at commit 4270cc4b (July 2024, classic Yuma):
 * with c_hi, c_lo the 0.75 and 0.25 interpolated quantiles of the consensus vector,
 *   a = (ln(1/α_high − 1) − ln(1/α_low − 1)) / (c_lo − c_hi),  b = ln(1/α_low − 1) + a·c_lo,
 *   α_j = clamp(1 / (1 + exp(b − a·C_j)), α_low, α_high),
 * a logistic curve through (c_lo, α_low) and (c_hi, α_high): miners with high consensus
 * bond fast. When c_hi ≤ c_lo the source sets a = b = 0 (α_j = ½ before clamping).
 * Returns undefined where the source falls back to the fixed rate: every C_j = 0, or
 * c_hi = c_lo = 0 (the source's guard `c_hi > c_lo || c_hi ≠ 0 || c_lo < 0` fails).
 */
export function liquidAlphas(consensus: Float64Array, low: number, high: number): Float64Array | undefined {
  if (!consensus.some((c) => c !== 0)) return undefined;
  const cHigh = interpolatedQuantile(consensus, 0.75);
  const cLow = interpolatedQuantile(consensus, 0.25);
  if (!(cHigh > cLow || cHigh !== 0 || cLow < 0)) return undefined;
  let a = 0;
  let b = 0;
  if (cHigh > cLow) {
    a = (Math.log(1 / high - 1) - Math.log(1 / low - 1)) / (cLow - cHigh);
    b = Math.log(1 / low - 1) + a * cLow;
  }
  return consensus.map((c) => Math.min(high, Math.max(low, 1 / (1 + Math.exp(b - a * c)))));
}

/**
 * Instant bonds ΔB_ij = S_i W̃_ij / Σ_k S_k W̃_kj (a column with Σ_k S_k W̃_kj = 0 stays 0),
 * where W̃ = (1 − β)W + βW̄ is the bonds-penalty interpolation of raw and clipped weights.
 */
export function instantBonds(stake: Float64Array, weights: Float64Array, clipped: Float64Array, n: number, m: number, bondPenalty: number): Float64Array {
  const delta = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const k = i * m + j;
      delta[k] = stake[i]! * ((1 - bondPenalty) * weights[k]! + bondPenalty * clipped[k]!);
    }
  }
  return columnNormalize(delta, n, m);
}

/**
 * The EMA bonds of classic Yuma (subtensor run_epoch.rs, the non-Yuma3 branch):
 * B(t−1) column-normalised, then B_ij = α_j ΔB_ij + (1 − α_j) B_ij(t−1), then
 * column-normalised again. α_j = `alpha` for every j unless `alphas` gives one per miner.
 * So a miner nobody weights this epoch (ΔB column 0) keeps its previous bond shares.
 */
export function emaBonds(delta: Float64Array, previous: Float64Array | undefined, n: number, m: number, alpha: number, alphas?: Float64Array): Float64Array {
  const prior = previous === undefined ? new Float64Array(n * m) : columnNormalize(Float64Array.from(previous), n, m);
  const bonds = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const a = alphas === undefined ? alpha : alphas[j]!;
      const k = i * m + j;
      bonds[k] = a * delta[k]! + (1 - a) * prior[k]!;
    }
  }
  return columnNormalize(bonds, n, m);
}
