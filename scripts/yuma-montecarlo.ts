// `npm run build && node dist/scripts/yuma-montecarlo.js [--replicates R] [--seed S]`:
// reproduce the subtensor docs' Monte Carlo subjectivity study (docs/yuma.md) and
// print its table as Markdown: rows σ_W, columns honest utility W_H, cells the mean
// E_H − S_H (± standard error) at the cabal's best fixed self-weight W_C, then the
// required honest utility per σ_W.
import { resolve } from "node:path";
import { DOC_SETUP, meanAndSe, runStudy, worstCase, type StudyGrid, type StudyResult } from "../src/policies/trust/math/yumaMonteCarlo.js";

/** Grid points from..to (inclusive) in `steps` equal steps, rounded to 1e-9 so labels print cleanly. */
function steps(from: number, to: number, count: number): number[] {
  return Array.from({ length: count + 1 }, (_, k) => Math.round((from + ((to - from) * k) / count) * 1e9) / 1e9);
}

export const DEFAULT_GRID: StudyGrid = {
  sigmas: [0, 0.1, 0.2, 0.3, 0.4],
  utilities: steps(0.5, 1, 10),
  cabalWeights: steps(0, 1, 10),
  replicates: 5,
  seed: 1,
};

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** The study's Markdown tables: worst-case margins per (σ_W, W_H), then the required W_H per σ_W. */
export function studyMarkdown(result: StudyResult): string {
  const { sigmas, utilities } = result.grid;
  const columns = utilities.map((_, u) => u);
  const lines = [
    `| σ_W \\ W_H | ${columns.map((u) => fmt(utilities[u]!, 2)).join(" | ")} |`,
    `| --- | ${columns.map(() => "---").join(" | ")} |`,
  ];
  sigmas.forEach((sigma, s) => {
    const cells = columns.map((u) => {
      const w = worstCase(result, s, u);
      return `${w.mean >= 0 ? "+" : ""}${fmt(w.mean)} ±${fmt(w.se)}`;
    });
    lines.push(`| ${fmt(sigma, 1)} | ${cells.join(" | ")} |`);
  });
  lines.push("", "| σ_W | required W_H (mean ± SE over replicates) | min | max |", "| --- | --- | --- | --- |");
  sigmas.forEach((sigma, s) => {
    const t = result.thresholds[s]!;
    const { mean, se } = meanAndSe(t);
    lines.push(`| ${fmt(sigma, 1)} | ${fmt(mean)} ± ${fmt(se)} | ${fmt(Math.min(...t))} | ${fmt(Math.max(...t))} |`);
  });
  return lines.join("\n");
}

function flag(args: string[], name: string, fallback: number): number {
  const k = args.indexOf(name);
  if (k < 0) return fallback;
  const value = Number(args[k + 1]);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} needs a non-negative integer, got ${args[k + 1]}`);
  return value;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]).endsWith("yuma-montecarlo.js");
if (isMain) {
  const args = process.argv.slice(2);
  const grid = { ...DEFAULT_GRID, replicates: flag(args, "--replicates", DEFAULT_GRID.replicates), seed: flag(args, "--seed", DEFAULT_GRID.seed) };
  if (grid.replicates < 2) throw new Error("--replicates needs at least 2 (for a standard error)");
  const s = DOC_SETUP;
  console.log(`Yuma Monte Carlo: ${s.validators} validators, ${s.servers} servers, S_H = ${s.honestStake}, σ_S = ${s.stakeSd}, ξ = ${s.validatorEmissionRatio}, κ = ${s.yuma.kappa}, β = ${s.yuma.bondPenalty}; ${grid.replicates} replicates, seed ${grid.seed}\n`);
  console.log(studyMarkdown(runStudy(s, grid)));
}
