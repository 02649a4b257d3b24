import type { StreamSnapshot } from "../sim/rng/index.js";

/** Version tag of the serialised state; bump it when the fields or their meaning change. */
export const CMAES_STATE_FORMAT = "coordsim.cmaes/1";

/** The options a search was created with, with every default filled in. */
export interface CmaEsResolvedOptions {
  dimension: number;
  seed: number;
  mean: number[];
  sigma: number;
  populationSize: number;
  bounds: { lower: number[]; upper: number[] } | null;
  discrete: { index: number; levels: number }[];
}

/**
 * The whole search as plain JSON (numbers, arrays, strings, null: no NaN, no Infinity), so
 * `CmaEs.fromState(JSON.parse(JSON.stringify(es.state())))` continues with identical candidates.
 * The eigendecomposition is stored rather than recomputed because it is refreshed lazily.
 */
export interface CmaEsState {
  format: typeof CMAES_STATE_FORMAT;
  options: CmaEsResolvedOptions;
  /** Completed generations (ask + tell pairs). */
  generation: number;
  mean: number[];
  sigma: number;
  /** Evolution path of the step size, p_σ. */
  pSigma: number[];
  /** Evolution path of the rank-one update, p_c. */
  pc: number[];
  /** Covariance matrix C, row-major n×n. */
  cov: number[][];
  /** Eigenvalues D² of C at the last decomposition, and its eigenvectors as the columns of B. */
  eigenvalues: number[];
  eigenvectors: number[][];
  /** Generation at which B and D were last computed. */
  eigenGeneration: number;
  /** The sampling stream, draw for draw. */
  rng: StreamSnapshot;
  /** Candidates handed out by ask() and not yet told, with the discrete scale factors used to sample them. */
  pending: { candidates: number[][]; discreteScale: number[] } | null;
  best: { x: number[]; loss: number; generation: number } | null;
  /** Best loss of each recent generation, oldest first, for tolfun. */
  bestLossHistory: number[];
  stopReason: string | null;
}

/** Check the shape of a state read back from JSON; throws naming the first bad field. */
export function checkCmaEsState(state: unknown): asserts state is CmaEsState {
  const s = state as Partial<CmaEsState> | null;
  const fail = (field: string, why: string): never => {
    throw new Error(`CMA-ES state: ${field} ${why}`);
  };
  if (typeof s !== "object" || s === null) fail("(root)", "must be an object");
  if (s!.format !== CMAES_STATE_FORMAT) fail("format", `must be "${CMAES_STATE_FORMAT}", got ${JSON.stringify(s!.format)}`);
  const o = s!.options;
  if (typeof o !== "object" || o === null) fail("options", "must be an object");
  const n = o!.dimension;
  if (!Number.isSafeInteger(n) || n < 1) fail("options.dimension", "must be an integer >= 1");
  const vector = (field: string, v: unknown, length: number) => {
    if (!Array.isArray(v) || v.length !== length || !v.every((x) => typeof x === "number" && Number.isFinite(x))) {
      fail(field, `must be ${length} finite numbers`);
    }
  };
  const matrix = (field: string, v: unknown) => {
    if (!Array.isArray(v) || v.length !== n) fail(field, `must have ${n} rows`);
    (v as unknown[]).forEach((row, i) => vector(`${field}[${i}]`, row, n));
  };
  vector("mean", s!.mean, n);
  vector("pSigma", s!.pSigma, n);
  vector("pc", s!.pc, n);
  vector("eigenvalues", s!.eigenvalues, n);
  matrix("cov", s!.cov);
  matrix("eigenvectors", s!.eigenvectors);
  if (!(typeof s!.sigma === "number" && s!.sigma > 0 && Number.isFinite(s!.sigma))) fail("sigma", "must be a finite number > 0");
  for (const field of ["generation", "eigenGeneration"] as const) {
    if (!Number.isSafeInteger(s![field]) || s![field]! < 0) fail(field, "must be an integer >= 0");
  }
  if (typeof s!.rng !== "object" || s!.rng === null) fail("rng", "must be a stream snapshot");
  if (!Array.isArray(s!.bestLossHistory)) fail("bestLossHistory", "must be an array");
  vector("bestLossHistory", s!.bestLossHistory, s!.bestLossHistory!.length);
  if (s!.best !== null) {
    const b = s!.best;
    if (typeof b !== "object" || b === undefined) fail("best", "must be null or { x, loss, generation }");
    vector("best.x", b!.x, n);
    if (!Number.isFinite(b!.loss)) fail("best.loss", "must be a finite number");
  }
  if (s!.pending !== null) {
    const p = s!.pending;
    if (typeof p !== "object" || !Array.isArray(p?.candidates)) fail("pending", "must be null or { candidates, discreteScale }");
    if (p!.candidates.length !== o!.populationSize) fail("pending.candidates", `must hold populationSize = ${o!.populationSize} candidates`);
    p!.candidates.forEach((c, i) => vector(`pending.candidates[${i}]`, c, n));
    vector("pending.discreteScale", p!.discreteScale, n);
  }
  if (s!.stopReason !== null && typeof s!.stopReason !== "string") fail("stopReason", "must be a string or null");
}
