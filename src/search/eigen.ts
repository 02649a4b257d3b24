/**
 * Symmetric eigendecomposition by the cyclic Jacobi method (Golub & Van Loan, "Matrix
 * Computations", 4th ed., §8.5.2–8.5.3, the cyclic-by-row algorithm; Rutishauser's rotation
 * formulas as in Numerical Recipes, 3rd ed., §11.1). CMA-ES needs C = B D² Bᵀ for sampling and
 * C^(-1/2) = B D⁻¹ Bᵀ for the step-size path (Hansen, arXiv:1604.00772, eqs. 39–40, 43); for the
 * dimensions coordsim optimises (n ≤ 64 factors) Jacobi's O(n³) per sweep is cheap, needs no
 * library, is backward stable and gives orthogonal eigenvectors to machine precision. The sweep
 * order is fixed, so the result is the same on every machine that rounds IEEE doubles alike.
 */

/** Eigenvalues (ascending) and the matching orthonormal eigenvectors as the columns of `vectors`. */
export interface SymmetricEigen {
  values: number[];
  /** Row-major n×n: vectors[i][k] is coordinate i of eigenvector k. */
  vectors: number[][];
}

/** Sweeps after which Jacobi is declared not converged; quadratic convergence needs ~6–10 in practice. */
const MAX_SWEEPS = 100;

/** Decompose the symmetric matrix `a` (only its upper triangle is read); `a` is not modified. */
export function symmetricEigen(a: readonly (readonly number[])[]): SymmetricEigen {
  const n = a.length;
  const m = a.map((row, i) => {
    if (row.length !== n) throw new Error(`symmetricEigen: row ${i} has ${row.length} entries, expected ${n}`);
    return row.map((_, j) => (j >= i ? row[j]! : a[j]![i]!));
  });
  const v = m.map((_, i) => m.map((__, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += m[i]![i]! * m[i]![i]!;
      for (let j = i + 1; j < n; j++) off += m[i]![j]! * m[i]![j]!;
    }
    // Converged when the off-diagonal mass is negligible against the diagonal (or exactly zero).
    if (off === 0 || off <= 1e-32 * diagonal) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) rotate(m, v, p, q);
    }
  }
  const order = m.map((_, k) => k).sort((x, y) => m[x]![x]! - m[y]![y]! || x - y);
  return { values: order.map((k) => m[k]![k]!), vectors: v.map((row) => order.map((k) => row[k]!)) };
}

/** Annihilate m[p][q] by one Jacobi rotation, applied to m (both sides) and accumulated into v. */
function rotate(m: number[][], v: number[][], p: number, q: number): void {
  const apq = m[p]![q]!;
  if (apq === 0) return;
  const theta = (m[q]![q]! - m[p]![p]!) / (2 * apq);
  // t = tan(angle), the smaller root of t² + 2θt − 1 = 0 (stable form, NR eq. 11.1.8).
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  const n = m.length;
  for (let k = 0; k < n; k++) {
    const mkp = m[k]![p]!;
    const mkq = m[k]![q]!;
    m[k]![p] = c * mkp - s * mkq;
    m[k]![q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < n; k++) {
    const mpk = m[p]![k]!;
    const mqk = m[q]![k]!;
    m[p]![k] = c * mpk - s * mqk;
    m[q]![k] = s * mpk + c * mqk;
  }
  m[p]![q] = 0;
  m[q]![p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k]![p]!;
    const vkq = v[k]![q]!;
    v[k]![p] = c * vkp - s * vkq;
    v[k]![q] = s * vkp + c * vkq;
  }
}
