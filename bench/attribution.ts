// Attribution cost per model version: exact coverage-Shapley over 10^5
// contributions, and permutation-sampling Shapley (shapley-mc) over 200
// contributions with 1,000 permutations, on coverage games shaped like a
// datanet (20 units per contribution drawn by Zipf importance from 5,000).
import { CoverageGame } from "../src/policies/attribution/coverage.js";
import { coverageShapley } from "../src/policies/attribution/coverageShapley.js";
import { shapleyMonteCarlo } from "../src/policies/attribution/shapleyMc.js";
import { Stream, ZipfSampler, zipfWeights } from "../src/sim/rng/index.js";
import type { BenchContext } from "./index.js";

const UNITS = 5000;
const UNITS_PER_CONTRIBUTION = 20;

/** A datanet-like coverage game of n contributions (deterministic for the seed). */
export function datanetGame(n: number, seed: string): CoverageGame {
  const rng = new Stream(seed);
  const weights = zipfWeights(UNITS, 1.1);
  const sampler = new ZipfSampler(UNITS, 1.1);
  const start = new Int32Array(n + 1);
  const units = new Int32Array(n * UNITS_PER_CONTRIBUTION);
  const seen = new Set<number>();
  let o = 0;
  for (let i = 0; i < n; i++) {
    seen.clear();
    while (seen.size < UNITS_PER_CONTRIBUTION) seen.add(sampler.sample(rng) - 1); // ranks are 1-based
    const sorted = [...seen].sort((a, b) => a - b);
    for (const u of sorted) units[o++] = u;
    start[i + 1] = o;
  }
  const quality = Float64Array.from({ length: n }, () => 0.6 + 0.4 * rng.uniform());
  return new CoverageGame(start, units, Float64Array.from(weights), quality, Float64Array.from({ length: n }, (_, i) => i));
}

function best(ctx: BenchContext, reps: number, f: () => Float64Array): { seconds: number; sum: number } {
  let seconds = Infinity;
  let sum = 0;
  for (let r = 0; r < reps; r++) {
    const start = ctx.clock();
    const values = f();
    seconds = Math.min(seconds, (ctx.clock() - start) / 1000);
    sum = values.reduce((a, b) => a + b, 0);
  }
  return { seconds, sum };
}

export function attributionSection(ctx: BenchContext): Record<string, number> {
  const nCoverage = ctx.quick ? 20_000 : 100_000;
  const nMc = 200;
  const permutations = ctx.quick ? 200 : 1000;
  const coverageGame = datanetGame(nCoverage, "bench.attribution.coverage");
  const cov = best(ctx, 3, () => coverageShapley(coverageGame));
  const mcGame = datanetGame(nMc, "bench.attribution.mc");
  const rng = new Stream("bench.attribution.permutations");
  const mc = best(ctx, ctx.quick ? 1 : 3, () => shapleyMonteCarlo(mcGame, { samples: permutations, tolerance: 0 }, rng));
  ctx.log(`attribution  time per model version (best of runs)`);
  ctx.log(`  coverage-shapley  ${nCoverage.toLocaleString("en-US")} contributions: ${(cov.seconds * 1000).toFixed(1)} ms   (sum of values ${cov.sum.toFixed(3)})`);
  ctx.log(`  shapley-mc        ${nMc} contributions x ${permutations} permutations: ${(mc.seconds * 1000).toFixed(1)} ms   (sum ${mc.sum.toFixed(3)})`);
  return {
    coverage_shapley_contributions: nCoverage,
    coverage_shapley_ms: Number((cov.seconds * 1000).toFixed(2)),
    shapley_mc_contributions: nMc,
    shapley_mc_permutations: permutations,
    shapley_mc_ms: Number((mc.seconds * 1000).toFixed(2)),
  };
}
