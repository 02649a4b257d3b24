// EigenTrust (Kamvar, Schlosser & Garcia-Molina 2003; REFERENCE.md §4) on a
// sparse graph of raw local trust values s_ij = sat(i,j) − unsat(i,j):
//   c_ij = max(s_ij, 0) / Σ_k max(s_ik, 0)   (diagonal ignored; a row summing to 0 is replaced by p)
//   t⁰ = p,  t^{k+1} = (1 − α) Cᵀ t^k + α p,  stop when ‖t^{k+1} − t^k‖₁ < ε.
// The solver keeps its scratch buffers, so repeated solves do not allocate.

/** Raw local trust as an edge list: edge e rates `dst[e]` from `src[e]` with `value[e]` (duplicates add up). */
export interface TrustEdges {
  readonly count: number;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly value: Float64Array;
}

/** Fill out[0..n) with the pre-trust vector: 1/|P| on the distinct peers of P, else 0; uniform 1/n if P is empty. */
export function pretrustVector(n: number, pretrusted: ArrayLike<number>, out: Float64Array): Float64Array {
  out.fill(0, 0, n);
  let size = 0;
  for (let k = 0; k < pretrusted.length; k++) {
    const i = pretrusted[k]!;
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`pretrustVector: pre-trusted peer must be an integer in [0,${n}), got ${i}`);
    if (out[i] === 0) size++;
    out[i] = 1;
  }
  const share = size === 0 ? 1 / n : 1 / size;
  for (let i = 0; i < n; i++) out[i] = size === 0 || out[i] !== 0 ? share : 0;
  return out;
}

function checkParams(where: string, n: number, alpha: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`${where}: n must be an integer >= 1, got ${n}`);
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`${where}: alpha must be in [0,1], got ${alpha}`);
}

/** Power iteration for EigenTrust with reusable scratch space. */
export class EigenTrustSolver {
  private rowSum = new Float64Array(0);
  private next = new Float64Array(0);

  /**
   * Iterate from t⁰ = p until ‖t^{k+1} − t^k‖₁ < epsilon or `maxIterations` steps,
   * writing the last iterate into t[0..n). Returns the number of steps taken
   * (so maxIterations = k with epsilon = 0 yields exactly t^k).
   */
  solve(n: number, edges: TrustEdges, p: Float64Array, alpha: number, epsilon: number, maxIterations: number, t: Float64Array): number {
    checkParams("EigenTrustSolver.solve", n, alpha);
    if (this.rowSum.length < n) {
      this.rowSum = new Float64Array(n * 2);
      this.next = new Float64Array(n * 2);
    }
    const { rowSum, next } = this;
    const { count, src, dst, value } = edges;
    rowSum.fill(0, 0, n);
    for (let e = 0; e < count; e++) if (src[e] !== dst[e] && value[e]! > 0) rowSum[src[e]!]! += value[e]!;
    t.set(p.subarray(0, n));
    const keep = 1 - alpha;
    let steps = 0;
    while (steps < maxIterations) {
      steps++;
      let dangling = 0;
      for (let i = 0; i < n; i++) if (rowSum[i] === 0) dangling += t[i]!;
      next.fill(0, 0, n);
      for (let e = 0; e < count; e++) {
        const i = src[e]!;
        const j = dst[e]!;
        if (i !== j && value[e]! > 0) next[j]! += (value[e]! / rowSum[i]!) * t[i]!;
      }
      let diff = 0;
      for (let j = 0; j < n; j++) {
        const x = keep * (next[j]! + dangling * p[j]!) + alpha * p[j]!;
        diff += Math.abs(x - t[j]!);
        t[j] = x;
      }
      if (diff < epsilon) break;
    }
    return steps;
  }
}

/** Turn a dense n×n raw local-trust matrix (rows rate columns) into an edge list of its non-zero entries. */
export function denseEdges(matrix: readonly (readonly number[])[]): TrustEdges {
  const src: number[] = [];
  const dst: number[] = [];
  const value: number[] = [];
  matrix.forEach((row, i) => {
    if (row.length !== matrix.length) throw new RangeError(`denseEdges: row ${i} has ${row.length} entries, expected ${matrix.length}`);
    row.forEach((x, j) => {
      if (x === 0) return;
      src.push(i);
      dst.push(j);
      value.push(x);
    });
  });
  return { count: src.length, src: Int32Array.from(src), dst: Int32Array.from(dst), value: Float64Array.from(value) };
}

/** Run EigenTrust's power iteration on a dense raw local-trust matrix; returns t and the steps taken. */
export function eigenTrust(
  matrix: readonly (readonly number[])[],
  pretrusted: ArrayLike<number>,
  alpha: number,
  epsilon: number,
  maxIterations: number,
): { t: Float64Array; iterations: number } {
  const n = matrix.length;
  const p = pretrustVector(n, pretrusted, new Float64Array(n));
  const t = new Float64Array(n);
  const iterations = new EigenTrustSolver().solve(n, denseEdges(matrix), p, alpha, epsilon, maxIterations, t);
  return { t, iterations };
}

/**
 * Return the exact fixed point of EigenTrust, the solution of (I − (1 − α)Cᵀ)t = αp,
 * by Gaussian elimination with partial pivoting (dense; for checks and small graphs).
 * Requires alpha > 0 (at alpha = 0 the system is singular).
 */
export function eigenTrustFixedPoint(matrix: readonly (readonly number[])[], pretrusted: ArrayLike<number>, alpha: number): Float64Array {
  const n = matrix.length;
  checkParams("eigenTrustFixedPoint", n, alpha);
  if (!(alpha > 0)) throw new RangeError(`eigenTrustFixedPoint: alpha must be > 0 (the system is singular at 0), got ${alpha}`);
  const p = pretrustVector(n, pretrusted, new Float64Array(n));
  // a = I − (1 − α)Cᵀ as rows of an augmented matrix [a | αp].
  const a = Array.from({ length: n }, (_, j) => {
    const row = new Float64Array(n + 1);
    row[j] = 1;
    row[n] = alpha * p[j]!;
    return row;
  });
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < n; k++) if (k !== i) sum += Math.max(matrix[i]![k]!, 0);
    for (let j = 0; j < n; j++) {
      const c = sum === 0 ? p[j]! : j === i ? 0 : Math.max(matrix[i]![j]!, 0) / sum;
      a[j]![i]! -= (1 - alpha) * c;
    }
  }
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-300) throw new RangeError("eigenTrustFixedPoint: singular system");
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const head = a[col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / head[col]!;
      if (f !== 0) for (let k = col; k <= n; k++) a[r]![k]! -= f * head[k]!;
    }
  }
  return Float64Array.from(a, (row, i) => row[n]! / row[i]!);
}
