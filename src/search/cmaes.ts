/**
 * (μ/μ_w, λ)-CMA-ES with an ask/tell interface, following N. Hansen, "The CMA Evolution Strategy:
 * A Tutorial", arXiv:1604.00772 (2016/2023), Section 4 and Table 1 (positive recombination
 * weights only). The update equations were checked line by line against CyberAgentAILab/cmaes
 * (cmaes/_cma.py, `tell`: eqs. 41–47 there) and Hansen's purecma.py.
 *
 * Sampling (eqs. 38–40): z ~ N(0, I) from one seeded stream, y = B D z ~ N(0, C), x = m + σ A y,
 * where A is the diagonal discrete scale below (the identity without discrete coordinates).
 *
 * Update after tell (eqs. 41–47), with y_i = A⁻¹ (x_{i:λ} − m)/σ for the μ best:
 *   m ← m + Σ w_i (x_{i:λ} − m)                                  (c_m = 1)
 *   ⟨y⟩_w = A⁻¹ (m_new − m)/σ
 *   p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ) μ_eff) C^{−1/2} ⟨y⟩_w
 *   h_σ = 1 if ‖p_σ‖ / √(1 − (1 − c_σ)^{2(g+1)}) < (1.4 + 2/(n+1)) E‖N(0,I)‖, else 0
 *         (g + 1 = generations including this one, as pycma's countiter and purecma's counteval/λ)
 *   p_c ← (1 − c_c) p_c + h_σ √(c_c(2 − c_c) μ_eff) ⟨y⟩_w
 *   C ← (1 + c_1 δ(h_σ) − c_1 − c_μ) C + c_1 p_c p_cᵀ + c_μ Σ w_i y_i y_iᵀ,  δ(h_σ) = (1 − h_σ) c_c (2 − c_c)
 *   σ ← σ exp((c_σ/d_σ)(‖p_σ‖ / E‖N(0,I)‖ − 1))
 * B and D are refreshed lazily (cmaesParameters.ts `eigenInterval`, the tutorial's Matlab rule:
 * every generation for n ≤ 82 with the default λ).
 *
 * Bounds: resample then project. A sample outside [lower, upper] is redrawn, up to 100 times
 * per candidate (CyberAgentAILab/cmaes `n_max_resampling`, default 100); if the last draw is
 * still outside, it is clipped to the box (the tutorial's "repair", Appendix B). The repaired
 * point is the candidate: ask() returns it, the caller evaluates it, and tell() updates from it
 * (Lamarckian repair, as CyberAgentAILab/cmaes does). Why: every candidate is feasible, so the
 * caller never evaluates outside the factor ranges; the new mean is a convex combination of
 * feasible candidates, so it stays inside the box too; and the rule needs no penalty weight
 * to tune. Clipping shortens the steps, which makes σ shrink towards an optimum on the boundary
 * (a corner in the tests), which is what we want there.
 *
 * Discrete coordinates (integers and categories the caller decodes by floor on the level grid):
 * the sampling standard deviation of such a coordinate is held at or above
 * DISCRETE_SD_PER_LEVEL = 0.3 level widths, the lower bound on σ√C_ii that Hansen proposes for
 * integer variables ("A CMA-ES for Mixed-Integer Nonlinear Optimization", INRIA RR-7751, 2011).
 * It is applied, as in the margin of Hamano et al. ("CMA-ES with Margin", GECCO 2022), through a
 * diagonal scale A_kk = max(1, floor_k / (σ √C_kk)) on the sample, and the updates use
 * y = A⁻¹(x − m)/σ, so C and σ keep their usual meaning and no eigenvalue is distorted. With
 * 0.3 level widths a candidate drawn at the centre of a level tries a neighbouring level with
 * probability 2Φ(−1/0.6) ≈ 9.6 %, so the search keeps probing when all candidates tie on a
 * plateau instead of freezing (the constant 0.3 is our choice, not taken from either paper).
 *
 * Everything random comes from one stream, `streamSeed(seed, "search.cmaes")` (src/sim/rng), and
 * state() carries that stream's state, so a resumed search draws the same candidates.
 */
import { Stream, streamSeed } from "../sim/rng/index.js";
import { symmetricEigen } from "./eigen.js";
import { cmaEsParameters, defaultPopulationSize, type CmaEsParameters } from "./cmaesParameters.js";
import { CMAES_STATE_FORMAT, checkCmaEsState, type CmaEsResolvedOptions, type CmaEsState } from "./cmaesState.js";
import { terminationReason, tolfunHistoryLength } from "./cmaesTermination.js";

export type { CmaEsState } from "./cmaesState.js";
export { cmaEsParameters, defaultPopulationSize, type CmaEsParameters } from "./cmaesParameters.js";

export interface CmaEsOptions {
  /** n >= 1. */
  dimension: number;
  /** All sampling comes from the seeded stream `search.cmaes` of this seed. */
  seed: number;
  /** Default: 0.5 in every coordinate (the unit cube's centre). */
  mean?: readonly number[];
  /** Default 0.3 (a unit-cube search: about a third of the range, Hansen's advice for σ0). */
  sigma?: number;
  /** Default Hansen's 4 + ⌊3 ln n⌋. */
  populationSize?: number;
  /** Default none; `coordsim optimize` uses [0, 1]^n. */
  bounds?: { lower: readonly number[]; upper: readonly number[] };
  /** Coordinates decoded to integers/categories by the caller: a standard-deviation floor so they do not freeze (see above). */
  discrete?: readonly { index: number; levels: number }[];
}

/** Redraws of an infeasible sample before it is clipped (CyberAgentAILab/cmaes `n_max_resampling`). */
export const MAX_RESAMPLES = 100;
/** Lower bound on a discrete coordinate's sampling standard deviation, in level widths. */
export const DISCRETE_SD_PER_LEVEL = 0.3;
const STREAM_NAME = "search.cmaes";

export class CmaEs {
  private readonly s: CmaEsState;
  private readonly p: CmaEsParameters;
  private rng: Stream;

  constructor(options: CmaEsOptions) {
    const resolved = resolveOptions(options);
    const n = resolved.dimension;
    const identity = () => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (i === j ? 1 : 0)));
    this.p = cmaEsParameters(n, resolved.populationSize);
    this.rng = new Stream(streamSeed(resolved.seed, STREAM_NAME));
    this.s = {
      format: CMAES_STATE_FORMAT,
      options: resolved,
      generation: 0,
      mean: [...resolved.mean],
      sigma: resolved.sigma,
      pSigma: new Array<number>(n).fill(0),
      pc: new Array<number>(n).fill(0),
      cov: identity(),
      eigenvalues: new Array<number>(n).fill(1),
      eigenvectors: identity(),
      eigenGeneration: 0,
      rng: this.rng.snapshot(),
      pending: null,
      best: null,
      bestLossHistory: [],
      stopReason: null,
    };
  }

  /** Continue a search from `state()` (possibly after a JSON round trip); throws on a malformed state. */
  static fromState(state: CmaEsState): CmaEs {
    checkCmaEsState(state);
    const es = new CmaEs({ ...state.options, bounds: state.options.bounds ?? undefined });
    const copy = structuredClone(state);
    Object.assign(es.s, copy);
    es.rng = Stream.fromSnapshot(copy.rng);
    return es;
  }

  /** Completed generations (tell calls). */
  get generation(): number {
    return this.s.generation;
  }

  get populationSize(): number {
    return this.p.lambda;
  }

  get dimension(): number {
    return this.p.n;
  }

  /** The current mean and step size, for reporting. */
  get mean(): number[] {
    return [...this.s.mean];
  }

  get sigma(): number {
    return this.s.sigma;
  }

  /**
   * Return the populationSize candidates of the current generation, each inside the bounds.
   * Asking again before tell() returns the same candidates (so a caller may resume between ask and tell).
   */
  ask(): number[][] {
    if (this.s.pending === null) this.s.pending = this.sample();
    return this.s.pending.candidates.map((x) => [...x]);
  }

  /**
   * Rank the candidates ask() returned (same values, same order) by their losses (minimised) and
   * update the distribution. Losses must be finite: NaN and ±Infinity are refused, so a failed
   * evaluation must be mapped to a finite loss (or a penalty) by the caller.
   */
  tell(candidates: readonly (readonly number[])[], losses: readonly number[]): void {
    const pending = this.s.pending;
    if (pending === null) throw new Error("CMA-ES tell: no candidates pending; call ask() first");
    const { lambda, n } = this.p;
    if (candidates.length !== lambda) throw new Error(`CMA-ES tell: expected ${lambda} candidates, got ${candidates.length}`);
    if (losses.length !== lambda) throw new Error(`CMA-ES tell: expected ${lambda} losses, got ${losses.length}`);
    candidates.forEach((x, k) => {
      const asked = pending.candidates[k]!;
      if (x.length !== n || x.some((v, i) => v !== asked[i])) {
        throw new Error(`CMA-ES tell: candidate ${k} is not the one ask() returned (tell must receive ask()'s candidates in order)`);
      }
    });
    losses.forEach((loss, k) => {
      if (typeof loss !== "number" || !Number.isFinite(loss)) throw new Error(`CMA-ES tell: loss ${k} must be a finite number, got ${String(loss)}`);
    });
    this.update(pending.candidates, losses, pending.discreteScale);
  }

  /** The whole search as JSON-safe data; fromState(JSON.parse(JSON.stringify(state()))) continues identically. */
  state(): CmaEsState {
    this.s.rng = this.rng.snapshot();
    return structuredClone(this.s);
  }

  /** The best candidate told so far, its loss and the generation that produced it (0-based: the value of `generation` when it was asked). */
  best(): { x: number[]; loss: number; generation: number } | undefined {
    const b = this.s.best;
    return b === null ? undefined : { x: [...b.x], loss: b.loss, generation: b.generation };
  }

  /** The first termination criterion met (pycma names: conditioncov, tolx, tolfun, noeffectaxis, noeffectcoord), once met. */
  stopReason(): string | undefined {
    return this.s.stopReason ?? undefined;
  }

  private sample(): { candidates: number[][]; discreteScale: number[] } {
    const { n, lambda } = this.p;
    const { mean, sigma, cov, eigenvalues, eigenvectors, options } = this.s;
    const scale = discreteScale(options, sigma, cov);
    const d = eigenvalues.map((v) => Math.sqrt(v));
    const candidates: number[][] = [];
    for (let k = 0; k < lambda; k++) {
      let x: number[] = [];
      for (let attempt = 0; attempt <= MAX_RESAMPLES; attempt++) {
        const z = Array.from({ length: n }, () => this.rng.normal());
        x = mean.map((m, i) => {
          let y = 0;
          for (let j = 0; j < n; j++) y += eigenvectors[i]![j]! * d[j]! * z[j]!;
          return m + sigma * scale[i]! * y;
        });
        if (options.bounds === null || inside(x, options.bounds)) break;
      }
      candidates.push(options.bounds === null ? x : clip(x, options.bounds));
    }
    return { candidates, discreteScale: scale };
  }

  private update(xs: readonly (readonly number[])[], losses: readonly number[], scale: readonly number[]): void {
    const { n, mu, weights, muEff, cSigma, dSigma, cc, c1, cMu, chiN, lambda } = this.p;
    const s = this.s;
    const g = s.generation;
    // Rank by loss; ties keep the ask() order, so the ranking is deterministic.
    const order = losses.map((_, k) => k).sort((a, b) => losses[a]! - losses[b]! || a - b);
    const bestK = order[0]!;
    if (s.best === null || losses[bestK]! < s.best.loss) s.best = { x: [...xs[bestK]!], loss: losses[bestK]!, generation: g };
    const oldMean = s.mean;
    const ys = order.slice(0, mu).map((k) => xs[k]!.map((x, i) => (x - oldMean[i]!) / (s.sigma * scale[i]!)));
    // m ← m + Σ w_i (x_{i:λ} − m): a convex combination of candidates, so inside the bounds.
    const newMean = oldMean.map((m, i) => m + weights.reduce((acc, w, r) => acc + w * (xs[order[r]!]![i]! - m), 0));
    const yw = newMean.map((m, i) => (m - oldMean[i]!) / (s.sigma * scale[i]!));
    // p_σ with C^{-1/2} ⟨y⟩_w = B D⁻¹ Bᵀ ⟨y⟩_w.
    const invSqrtCyw = this.invSqrtC(yw);
    const cs = Math.sqrt(cSigma * (2 - cSigma) * muEff);
    s.pSigma = s.pSigma.map((p, i) => (1 - cSigma) * p + cs * invSqrtCyw[i]!);
    const normPSigma = Math.hypot(...s.pSigma);
    const hSigma = normPSigma / Math.sqrt(1 - (1 - cSigma) ** (2 * (g + 1))) < (1.4 + 2 / (n + 1)) * chiN ? 1 : 0;
    const ccn = Math.sqrt(cc * (2 - cc) * muEff);
    s.pc = s.pc.map((p, i) => (1 - cc) * p + hSigma * ccn * yw[i]!);
    const deltaH = (1 - hSigma) * cc * (2 - cc);
    const keep = 1 + c1 * deltaH - c1 - cMu; // Σ w_i = 1
    s.cov = s.cov.map((row, i) =>
      row.map((cij, j) => {
        let rankMu = 0;
        for (let r = 0; r < mu; r++) rankMu += weights[r]! * ys[r]![i]! * ys[r]![j]!;
        return keep * cij + c1 * s.pc[i]! * s.pc[j]! + cMu * rankMu;
      }),
    );
    s.sigma *= Math.exp((cSigma / dSigma) * (normPSigma / chiN - 1));
    s.mean = newMean;
    s.generation = g + 1;
    s.pending = null;
    if (s.generation - s.eigenGeneration >= this.p.eigenInterval) this.decompose();
    s.bestLossHistory.push(losses[bestK]!);
    const history = tolfunHistoryLength(n, lambda);
    if (s.bestLossHistory.length > history) s.bestLossHistory.splice(0, s.bestLossHistory.length - history);
    if (s.stopReason === null) {
      s.stopReason =
        terminationReason({
          n,
          lambda,
          generation: s.generation,
          mean: s.mean,
          sigma: s.sigma,
          pc: s.pc,
          cov: s.cov,
          eigenvalues: s.eigenvalues,
          eigenvectors: s.eigenvectors,
          bestLossHistory: s.bestLossHistory,
          losses,
        }) ?? null;
    }
  }

  /** Symmetrise C (rounding breaks symmetry slowly) and refresh B, D². Non-positive eigenvalues are floored like CyberAgentAILab/cmaes (1e-8 on D). */
  private decompose(): void {
    const s = this.s;
    const n = this.p.n;
    s.cov = s.cov.map((row, i) => row.map((cij, j) => (j >= i ? cij : s.cov[j]![i]!)));
    const { values, vectors } = symmetricEigen(s.cov);
    s.eigenvalues = values.map((v) => (v > 0 ? v : 1e-16));
    s.eigenvectors = vectors;
    if (values.some((v) => !(v > 0))) {
      // Rebuild C = B D² Bᵀ from the repaired eigenvalues so sampling and C agree.
      s.cov = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (__, j) => {
          let c = 0;
          for (let k = 0; k < n; k++) c += vectors[i]![k]! * s.eigenvalues[k]! * vectors[j]![k]!;
          return c;
        }),
      );
    }
    s.eigenGeneration = s.generation;
  }

  private invSqrtC(v: readonly number[]): number[] {
    const { eigenvalues, eigenvectors } = this.s;
    const n = this.p.n;
    const coeff = eigenvalues.map((ev, k) => {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += eigenvectors[i]![k]! * v[i]!;
      return dot / Math.sqrt(ev);
    });
    return Array.from({ length: n }, (_, i) => {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += eigenvectors[i]![k]! * coeff[k]!;
      return sum;
    });
  }
}

/** A_kk = max(1, floor_k / (σ √C_kk)) for discrete coordinates, 1 elsewhere (see the module comment). */
function discreteScale(options: CmaEsResolvedOptions, sigma: number, cov: readonly (readonly number[])[]): number[] {
  const scale = new Array<number>(options.dimension).fill(1);
  for (const { index, levels } of options.discrete) {
    const range = options.bounds === null ? 1 : options.bounds.upper[index]! - options.bounds.lower[index]!;
    const floor = (DISCRETE_SD_PER_LEVEL * range) / levels;
    const sd = sigma * Math.sqrt(cov[index]![index]!);
    scale[index] = sd >= floor ? 1 : floor / sd;
  }
  return scale;
}

function inside(x: readonly number[], bounds: { lower: number[]; upper: number[] }): boolean {
  return x.every((v, i) => v >= bounds.lower[i]! && v <= bounds.upper[i]!);
}

function clip(x: readonly number[], bounds: { lower: number[]; upper: number[] }): number[] {
  return x.map((v, i) => Math.min(bounds.upper[i]!, Math.max(bounds.lower[i]!, v)));
}

/** Fill the defaults and check every option, naming the bad field. */
function resolveOptions(o: CmaEsOptions): CmaEsResolvedOptions {
  const fail = (field: string, why: string): never => {
    throw new RangeError(`CMA-ES options: ${field} ${why}`);
  };
  const n = o.dimension;
  if (!Number.isSafeInteger(n) || n < 1) fail("dimension", `must be an integer >= 1, got ${String(n)}`);
  if (!Number.isSafeInteger(o.seed)) fail("seed", `must be a safe integer, got ${String(o.seed)}`);
  const finiteVector = (field: string, v: readonly number[]) => {
    if (v.length !== n || !v.every((x) => typeof x === "number" && Number.isFinite(x))) fail(field, `must be ${n} finite numbers`);
    return [...v];
  };
  const mean = o.mean === undefined ? new Array<number>(n).fill(0.5) : finiteVector("mean", o.mean);
  const sigma = o.sigma ?? 0.3;
  if (!(typeof sigma === "number" && sigma > 0 && Number.isFinite(sigma))) fail("sigma", `must be a finite number > 0, got ${String(sigma)}`);
  const populationSize = o.populationSize ?? defaultPopulationSize(n);
  if (!Number.isSafeInteger(populationSize) || populationSize < 2) fail("populationSize", `must be an integer >= 2, got ${String(populationSize)}`);
  let bounds: CmaEsResolvedOptions["bounds"] = null;
  if (o.bounds !== undefined) {
    const lower = finiteVector("bounds.lower", o.bounds.lower);
    const upper = finiteVector("bounds.upper", o.bounds.upper);
    lower.forEach((l, i) => {
      if (!(l < upper[i]!)) fail(`bounds (coordinate ${i})`, `need lower < upper, got [${l}, ${upper[i]}]`);
      if (!(mean[i]! >= l && mean[i]! <= upper[i]!)) fail(`mean[${i}]`, `= ${mean[i]} lies outside the bounds [${l}, ${upper[i]}]`);
    });
    bounds = { lower, upper };
  }
  const discrete = (o.discrete ?? []).map(({ index, levels }, k) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= n) fail(`discrete[${k}].index`, `must be an integer in [0, ${n - 1}], got ${String(index)}`);
    if (!Number.isSafeInteger(levels) || levels < 1) fail(`discrete[${k}].levels`, `must be an integer >= 1, got ${String(levels)}`);
    return { index, levels };
  });
  const seen = new Set<number>();
  for (const { index } of discrete) {
    if (seen.has(index)) fail("discrete", `lists coordinate ${index} twice`);
    seen.add(index);
  }
  return { dimension: n, seed: o.seed, mean, sigma, populationSize, bounds, discrete };
}
