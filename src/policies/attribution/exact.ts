// Exact semivalues by enumerating all 2^n coalitions (REFERENCE §1). O(n·2^n)
// arithmetic after one O(2^n) pass of evaluations; the table takes 8·2^n bytes,
// so n is bounded by MAX_EXACT_PLAYERS.
import { AttributionInputError, type Game, valueTable } from "./game.js";

/** Largest n the enumeration accepts: 2^20 coalitions, an 8 MB table, well under a second. */
export const MAX_EXACT_PLAYERS = 20;

function checkSize(game: Game, what: string): void {
  if (game.n > MAX_EXACT_PLAYERS) {
    throw new AttributionInputError(
      `${what}: n = ${game.n} players is above the enumeration bound of ${MAX_EXACT_PLAYERS} (2^n coalitions); use shapley-mc, banzhaf-mc or coverage-shapley instead`,
    );
  }
}

/**
 * Sum, for each player i and coalition size s, the marginals Δ_i(S) over the
 * S ∌ i with |S| = s: acc[i·n + s].
 */
function marginalsBySize(table: Float64Array, n: number): Float64Array {
  const acc = new Float64Array(n * n);
  const size = new Uint8Array(table.length);
  for (let m = 1; m < table.length; m++) size[m] = size[m & (m - 1)]! + 1;
  for (let m = 0; m < table.length; m++) {
    const v = table[m]!;
    const s = size[m]!;
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if ((m & bit) === 0) acc[i * n + s]! += table[m | bit]! - v;
    }
  }
  return acc;
}

/** Exact Shapley values: φ_i = Σ_{S∌i} |S|!(n−|S|−1)!/n! · Δ_i(S). Throws for n above MAX_EXACT_PLAYERS. */
export function shapleyExact(game: Game, policy = "shapley-exact"): Float64Array {
  checkSize(game, policy);
  const n = game.n;
  const acc = marginalsBySize(valueTable(game), n);
  // weight(s) = s!(n−s−1)!/n! = 1 / (n · C(n−1, s))
  const weight = new Float64Array(n);
  let binom = 1;
  for (let s = 0; s < n; s++) {
    weight[s] = 1 / (n * binom);
    binom = (binom * (n - 1 - s)) / (s + 1);
  }
  const phi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let s = 0; s < n; s++) total += acc[i * n + s]! * weight[s]!;
    phi[i] = total;
  }
  return phi;
}

/** Exact raw Banzhaf values: β_i = 2^{−(n−1)} Σ_{S∌i} Δ_i(S) (not efficient). Throws for n above MAX_EXACT_PLAYERS. */
export function banzhafExact(game: Game, policy = "banzhaf-exact"): Float64Array {
  checkSize(game, policy);
  const n = game.n;
  const acc = marginalsBySize(valueTable(game), n);
  const beta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let s = 0; s < n; s++) total += acc[i * n + s]!;
    beta[i] = total / 2 ** (n - 1);
  }
  return beta;
}
