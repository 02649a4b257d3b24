import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { columnNormalize, interpolatedQuantile, liquidAlphas } from "../src/policies/trust/math/yumaBonds.js";
import { DEFAULT_YUMA_CONFIG, yumaConsensusWeight, yumaEpoch, type YumaConfig } from "../src/policies/trust/math/yumaConsensus.js";

/** Assert every entry of `actual` within 1e-9 of `expected`. */
function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) expect(Math.abs(actual[k]! - expected[k]!), `entry ${k}: ${actual[k]} vs ${expected[k]}`).toBeLessThanOrEqual(1e-9);
}

/** The row-normalised weights the epoch works on (an all-zero row stays zero). */
function rowNormalizedCopy(weights: readonly number[], m: number): number[] {
  return weights.map((v, k) => {
    const i = Math.floor(k / m);
    const row = sum(weights.slice(i * m, i * m + m));
    return row > 0 ? v / row : 0;
  });
}

const sum = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0);
const config = (over: Partial<YumaConfig> = {}): YumaConfig => ({ ...DEFAULT_YUMA_CONFIG, ...over });

describe("yumaEpoch: known answers worked by hand", () => {
  it("3 validators x 2 miners, stakes 0.5/0.3/0.2, kappa 0.5, beta 1", () => {
    // W = [[0.6,0.4],[0.5,0.5],[0.2,0.8]] (rows already sum to 1).
    // Column 0 descending: 0.6 (stake 0.5) reaches 0.5 >= kappa  => C0 = 0.6.
    // Column 1 descending: 0.8 (0.2) < 0.5; 0.5 (0.3) gives 0.5 => C1 = 0.5.
    // Clipped: [[0.6,0.4],[0.5,0.5],[0.2,0.5]]; validator trust 1, 1, 0.7.
    // P0 = 0.3+0.15+0.04 = 0.49, P1 = 0.2+0.15+0.16 = 0.51.
    // R0 = 0.49, R1 = 0.2+0.15+0.1 = 0.45; I = [49/94, 45/94]; T = [1, 45/51].
    // Delta B (beta 1, on clipped): col 0 = [30,15,4]/49, col 1 = [20,15,10]/45.
    // First epoch: B = colnorm(0.1 dB) = dB. D_i = sum_j B_ij I_j = [50,30,14]/94.
    const r = yumaEpoch([0.5, 0.3, 0.2], [0.6, 0.4, 0.5, 0.5, 0.2, 0.8], 3, 2, config());
    expectClose(r.consensus, [0.6, 0.5]);
    expectClose(r.clipped, [0.6, 0.4, 0.5, 0.5, 0.2, 0.5]);
    expectClose(r.prerank, [0.49, 0.51]);
    expectClose(r.rank, [0.49, 0.45]);
    expectClose(r.incentive, [49 / 94, 45 / 94]);
    expectClose(r.trust, [1, 45 / 51]);
    expectClose(r.validatorTrust, [1, 1, 0.7]);
    expectClose(r.bonds, [30 / 49, 20 / 45, 15 / 49, 15 / 45, 4 / 49, 10 / 45]);
    expectClose(r.dividends, [50 / 94, 30 / 94, 14 / 94]);
  });

  it("a cabal self-weighting above consensus is clipped; beta 0.5 halves the bonds cut", () => {
    // Stakes [3,3,2] -> S = [3/8, 3/8, 2/8]. Raw weights rows [3,1], [1,1], [0,4] -> W =
    // [[0.75,0.25],[0.5,0.5],[0,1]]: validator 2 (the cabal) puts everything on its miner 1.
    // Column 0: 0.75 (3/8) < 1/2; 0.5 (cum 6/8) => C0 = 0.5.  Column 1: 1 (2/8); 0.5 (cum 5/8) => C1 = 0.5.
    // Clipped [[0.5,0.25],[0.5,0.5],[0,0.5]]; validator trust 0.75, 1, 0.5.
    // P = [9/32+6/32, 3/32+6/32+8/32] = [15/32, 17/32]; R = [12/32, 13/32]; I = [12/25, 13/25]; T = [12/15, 13/17].
    // W~ = 0.5W + 0.5W_clipped = [[0.625,0.25],[0.5,0.5],[0,0.75]];
    // S*W~: col 0 = [15,12,0]/64 -> dB = [5/9, 4/9, 0]; col 1 = [6,12,12]/64 -> [1/5, 2/5, 2/5].
    // D = [5/9*12/25 + 1/5*13/25, 4/9*12/25 + 2/5*13/25, 2/5*13/25] = [139, 158, 78]/375 (sums to 1).
    const r = yumaEpoch([3, 3, 2], [3, 1, 1, 1, 0, 4], 3, 2, config({ bondPenalty: 0.5 }));
    expectClose(r.consensus, [0.5, 0.5]);
    expectClose(r.clipped, [0.5, 0.25, 0.5, 0.5, 0, 0.5]);
    expectClose(r.prerank, [15 / 32, 17 / 32]);
    expectClose(r.rank, [12 / 32, 13 / 32]);
    expectClose(r.incentive, [12 / 25, 13 / 25]);
    expectClose(r.trust, [12 / 15, 13 / 17]);
    expectClose(r.validatorTrust, [0.75, 1, 0.5]);
    expectClose(r.bonds, [5 / 9, 1 / 5, 4 / 9, 2 / 5, 0, 2 / 5]);
    expectClose(r.dividends, [139 / 375, 158 / 375, 78 / 375]);
  });

  it("a validator with no weights and a miner nobody weights", () => {
    // S = [1,1,2]/4. Row 0 all zero (stays zero); rows [1,1,0] -> [0.5,0.5,0], [1,3,0] -> [0.25,0.75,0].
    // Column 0: 0.5 (1/4) < 1/2; 0.25 (cum 3/4) => C0 = 0.25. Column 1: 0.75 (1/2) => C1 = 0.75. Column 2: C2 = 0.
    // Clipped [[0,0,0],[0.25,0.5,0],[0.25,0.75,0]]; validator trust 0, 0.75, 1.
    // P = [1/8+1/8, 1/8+3/8, 0] = [1/4, 1/2, 0]; R = [1/16+2/16, 1/2, 0] = [3/16, 1/2, 0];
    // I = [3/11, 8/11, 0]; T = [3/4, 1, 0] (0 where P = 0).
    // dB: col 0 = [0,1,2]/3, col 1 = [0,1,3]/4, col 2 = 0 (zero column stays zero).
    // D = [0, 1/3*3/11 + 1/4*8/11, 2/3*3/11 + 3/4*8/11] = [0, 3/11, 8/11].
    const r = yumaEpoch([1, 1, 2], [0, 0, 0, 1, 1, 0, 1, 3, 0], 3, 3, config());
    expectClose(r.consensus, [0.25, 0.75, 0]);
    expectClose(r.clipped, [0, 0, 0, 0.25, 0.5, 0, 0.25, 0.75, 0]);
    expectClose(r.prerank, [0.25, 0.5, 0]);
    expectClose(r.rank, [3 / 16, 0.5, 0]);
    expectClose(r.incentive, [3 / 11, 8 / 11, 0]);
    expectClose(r.trust, [0.75, 1, 0]);
    expectClose(r.validatorTrust, [0, 0.75, 1]);
    expectClose(r.bonds, [0, 0, 0, 1 / 3, 1 / 4, 0, 2 / 3, 3 / 4, 0]);
    expectClose(r.dividends, [0, 3 / 11, 8 / 11]);
  });

  // Two validators of equal stake (S = [1/2, 1/2]); with kappa 0.5 either one's weight is supported, so nothing is clipped.
  // Epoch 1: W = [[1,0],[0.5,0.5]]. dB col 0 = [1/2, 1/4]/(3/4) = [2/3, 1/3], col 1 = [0, 1].
  //   From B = 0: B1 = colnorm(0.1 dB) = dB = [[2/3, 0],[1/3, 1]].
  // Epoch 2: W = [[0,1],[1,0]]; C = [1, 1]; dB = [[0,1],[1,0]]; I = [1/2, 1/2].
  //   B2 = 0.1 dB + 0.9 B1 = [[0.6, 0.1],[0.4, 0.9]] (columns already sum to 1); D = [0.35, 0.65].
  const epoch1 = [1, 0, 0.5, 0.5];
  const epoch2 = [0, 1, 1, 0];
  it("two epochs of bond EMA from B = 0", () => {
    const b1 = yumaEpoch([1, 1], epoch1, 2, 2, config());
    expectClose(b1.bonds, [2 / 3, 0, 1 / 3, 1]);
    // I1 = [3/4, 1/4] (R = [1/2 + 1/4, 1/4]); D1 = [2/3*3/4, 1/3*3/4 + 1/4] = [1/2, 1/2].
    expectClose(b1.incentive, [0.75, 0.25]);
    expectClose(b1.dividends, [0.5, 0.5]);
    const r = yumaEpoch([1, 1], epoch2, 2, 2, config(), b1.bonds);
    expectClose(r.consensus, [1, 1]);
    expectClose(r.incentive, [0.5, 0.5]);
    expectClose(r.bonds, [0.6, 0.1, 0.4, 0.9]);
    expectClose(r.dividends, [0.35, 0.65]);
    // The chain stores bonds column-max-upscaled; the next epoch column-normalises them first, so the result is the same.
    expectClose(yumaEpoch([1, 1], epoch2, 2, 2, config(), Float64Array.of(1, 0, 0.5, 1)).bonds, [0.6, 0.1, 0.4, 0.9]);
  });

  it("a miner nobody weights this epoch keeps its previous bond shares", () => {
    // Epoch 2 weights [[1,0],[1,0]]: dB column 1 is 0, so B2 col 1 = colnorm(0.9 * [0, 1]) = [0, 1].
    const b1 = yumaEpoch([1, 1], epoch1, 2, 2, config());
    const r = yumaEpoch([1, 1], [1, 0, 1, 0], 2, 2, config(), b1.bonds);
    // col 0: dB = [1/2, 1/2]; B = 0.1*[1/2,1/2] + 0.9*[2/3,1/3] = [0.65, 0.35].
    expectClose(r.bonds, [0.65, 0, 0.35, 1]);
    expectClose(r.incentive, [1, 0]);
    expectClose(r.dividends, [0.65, 0.35]);
  });

  it("liquid alpha (subtensor 4270cc4b): logistic through (c_lo, low) and (c_hi, high), clamped", () => {
    // C = [0, .25, .5, .75, 1]: c_hi = q(0.75) = 0.75, c_lo = 0.25. low 0.1, high 0.9:
    // a = (ln(1/9) - ln 9)/(0.25 - 0.75) = 4 ln 9, b = ln 9 + a/4 = 2 ln 9.
    // alpha(0) = 1/(1+81) -> clamp 0.1; alpha(.25) = 0.1; alpha(.5) = 1/(1+e^0) = 0.5; alpha(.75) = 0.9; alpha(1) = 81/82 -> 0.9.
    expectClose(liquidAlphas(Float64Array.of(0, 0.25, 0.5, 0.75, 1), 0.1, 0.9)!, [0.1, 0.1, 0.5, 0.9, 0.9]);
    expectClose([interpolatedQuantile([3, 1, 2, 4], 0.25)], [1.75]); // pos 0.75 between 1 and 2
    expect(liquidAlphas(new Float64Array(3), 0.1, 0.9)).toBeUndefined(); // all-zero consensus: fixed rate
    // Epoch 2 above: C = [1, 1], so c_hi = c_lo and a = b = 0: alpha = 1/2, clamped to [0.2, 0.3] -> 0.3.
    // B2 = 0.3 dB + 0.7 B1 = [[7/15, 0.3],[8/15, 0.7]]; D = [(7/15 + 0.3)/2, (8/15 + 0.7)/2] = [23/60, 37/60].
    const la = config({ liquidAlpha: { low: 0.2, high: 0.3 } });
    const b1 = yumaEpoch([1, 1], epoch1, 2, 2, la);
    const r = yumaEpoch([1, 1], epoch2, 2, 2, la, b1.bonds);
    expectClose(r.bonds, [7 / 15, 0.3, 8 / 15, 0.7]);
    expectClose(r.dividends, [23 / 60, 37 / 60]);
  });

  it("consensus weight: the doc's stake-weighted kappa-quantile", () => {
    expect(yumaConsensusWeight([0.2, 0.6, 0.4], [1, 1, 2], 0.5)).toBe(0.4); // 0.6 has 1/4, 0.6 and 0.4 have 3/4
    expect(yumaConsensusWeight([0.2, 0.6, 0.4], [1, 1, 2], 0)).toBe(0.6); // kappa 0: the largest supported weight
    expect(yumaConsensusWeight([0.2, 0.6, 0.4], [1, 1, 2], 1)).toBe(0.2); // kappa 1: the smallest
    expect(yumaConsensusWeight([0.2, 0.9, 0.4], [1, 0, 2], 0)).toBe(0.4); // zero-stake validators are left out
    expect(yumaConsensusWeight([0.2, 0.9], [0, 0], 0.5)).toBe(0); // no stake: no consensus
  });

  it("validates arguments with RangeErrors naming them", () => {
    const ok = [1, 0];
    expect(() => yumaEpoch([1], ok, 1, 2, config({ kappa: 1.5 }))).toThrow(/kappa/);
    expect(() => yumaEpoch([1], ok, 1, 2, config({ bondPenalty: -0.1 }))).toThrow(/bondPenalty/);
    expect(() => yumaEpoch([1], ok, 1, 2, config({ bondsAlpha: NaN }))).toThrow(/bondsAlpha/);
    expect(() => yumaEpoch([1], ok, 1, 2, config({ liquidAlpha: { low: 0.5, high: 0.4 } }))).toThrow(/liquidAlpha/);
    expect(() => yumaEpoch([1, 2], ok, 1, 2, config())).toThrow(/stake/);
    expect(() => yumaEpoch([-1], ok, 1, 2, config())).toThrow(/stake/);
    expect(() => yumaEpoch([1], [1, Infinity], 1, 2, config())).toThrow(/weights/);
    expect(() => yumaEpoch([1], ok, 1, 2, config(), new Float64Array(3))).toThrow(/previousBonds/);
    expect(() => yumaEpoch([1], ok, 1.5, 2, config())).toThrow(/\bn\b/);
    expect(() => yumaEpoch([1], ok, 1, -2, config())).toThrow(/\bm\b/);
    expect(() => yumaEpoch([1], ok, 1, 2, config({ kappa: 2 }))).toThrow(RangeError);
    expect(() => yumaEpoch([1], ok, 1, 2, config())).not.toThrow();
    expect(() => yumaConsensusWeight([1], [1, 2], 0.5)).toThrow(RangeError);
  });

  it("columnNormalize leaves zero columns zero", () => {
    expectClose(columnNormalize(Float64Array.of(1, 0, 3, 0), 2, 2), [0.25, 0, 0.75, 0]);
  });
});

// A network of 1..5 validators and 1..5 miners with small-integer or arbitrary stakes and weights (ties are common).
const entry = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 100, noNaN: true }));
const network = fc
  .record({ n: fc.integer({ min: 1, max: 5 }), m: fc.integer({ min: 1, max: 5 }) })
  .chain(({ n, m }) =>
    fc.record({
      n: fc.constant(n),
      m: fc.constant(m),
      stake: fc.array(entry, { minLength: n, maxLength: n }),
      weights: fc.array(entry, { minLength: n * m, maxLength: n * m }),
      previous: fc.option(fc.array(entry, { minLength: n * m, maxLength: n * m }), { nil: undefined }),
      keys: fc.array(fc.nat(), { minLength: m, maxLength: m }),
      kappa: fc.double({ min: 0, max: 1, noNaN: true }),
      bondPenalty: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  );

describe("yumaEpoch: properties", () => {
  it("incentive and dividends sum to 1 or 0; clipped <= weights; consensus within its column; validator trust in [0,1]", () => {
    fc.assert(
      fc.property(network, ({ n, m, stake, weights, previous, kappa, bondPenalty }) => {
        const r = yumaEpoch(stake, weights, n, m, config({ kappa, bondPenalty }), previous && Float64Array.from(previous));
        for (const x of [r.incentive, r.dividends]) {
          const s = sum(x);
          expect(Math.abs(s - 1) <= 1e-9 || s === 0).toBe(true);
        }
        const w = rowNormalizedCopy(weights, m);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < m; j++) expect(r.clipped[i * m + j]!).toBeLessThanOrEqual(w[i * m + j]!);
          expect(r.validatorTrust[i]!).toBeGreaterThanOrEqual(0);
          expect(r.validatorTrust[i]!).toBeLessThanOrEqual(1 + 1e-12);
        }
        for (let j = 0; j < m; j++) {
          // Over the validators with stake (zero-stake ones are left out, as on chain); no stake anywhere: 0.
          const column = w.filter((_, k) => k % m === j && stake[Math.floor(k / m)]! > 0);
          expect(r.consensus[j]!).toBeGreaterThanOrEqual(column.length === 0 ? 0 : Math.min(...column));
          expect(r.consensus[j]!).toBeLessThanOrEqual(column.length === 0 ? 0 : Math.max(...column));
        }
      }),
    );
  });

  it("is equivariant under a permutation of the miners", () => {
    fc.assert(
      fc.property(network, ({ n, m, stake, weights, previous, keys, kappa, bondPenalty }) => {
        const perm = Array.from({ length: m }, (_, j) => j).sort((a, b) => keys[a]! - keys[b]! || a - b);
        const permute = (x: ArrayLike<number>) => Array.from({ length: n * m }, (_, k) => x[Math.floor(k / m) * m + perm[k % m]!]!);
        const cfg = config({ kappa, bondPenalty });
        const base = yumaEpoch(stake, weights, n, m, cfg, previous && Float64Array.from(previous));
        const moved = yumaEpoch(stake, permute(weights), n, m, cfg, previous && Float64Array.from(permute(previous)));
        for (const key of ["consensus", "prerank", "rank", "incentive", "trust"] as const) {
          for (let j = 0; j < m; j++) expect(moved[key][j]!).toBeCloseTo(base[key][perm[j]!]!, 12);
        }
        for (const key of ["clipped", "bonds"] as const) {
          const expected = permute(base[key]);
          for (let k = 0; k < n * m; k++) expect(moved[key][k]!).toBeCloseTo(expected[k]!, 12);
        }
        for (let i = 0; i < n; i++) {
          expect(moved.validatorTrust[i]!).toBeCloseTo(base.validatorTrust[i]!, 12);
          expect(moved.dividends[i]!).toBeCloseTo(base.dividends[i]!, 12);
        }
      }),
    );
  });

  it("constant stake and weights reach steady bonds after one epoch (B(t) = dB for every t from B = 0)", () => {
    fc.assert(
      fc.property(network, ({ n, m, stake, weights }) => {
        const first = yumaEpoch(stake, weights, n, m, config());
        const second = yumaEpoch(stake, weights, n, m, config(), first.bonds);
        for (let k = 0; k < n * m; k++) expect(second.bonds[k]!).toBeCloseTo(first.bonds[k]!, 12);
      }),
    );
  });
});
