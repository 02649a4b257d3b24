// Robust design's inner search (optimize.worst_case: attack, issue 21): for
// each candidate mechanism of an outer generation, `coordsim attack`'s search
// (the scenario's attack block, with its own budget: the documented, bounded
// inner budget) against that candidate, into
//   <out>/attacks/<key>/   an attack folder (optimize.json, generations.csv,
//                          generations/, strongest-attack.yaml), <key> the
//                          first 16 hex digits of the SHA-256 of the
//                          candidate's mechanism overrides.
// The inner search is a pure function of the mechanism, so a mechanism met
// again (a categorical or integer factor repeats often) resumes its finished
// folder instead of searching again; generations.csv's attack_search column
// names the folder.
// The strongest attack found there then joins the candidate's own runs
// (src/runner/optimize/run.ts), on hold-out replicate seeds: the attack was
// chosen as the largest of noisy estimates, so scoring the candidate on the
// very runs that chose it would overstate the gain (the winner's curse).
//
// Every inner search uses the same search seed and replicate seeds, so
// candidates meet the same attacker (common random numbers for the inner
// search too), and each inner folder resumes like any attack folder.
import { createHash } from "node:crypto";
import { join, posix } from "node:path";
import { readCsvRecords } from "../../output/runsCsv.js";
import { formatCell } from "../../output/csv.js";
import { formatGridValue } from "../../scenario/sweep.js";
import { searchDefinition, type BestCandidate, type OptimizeOptions } from "../optimize/run.js";
import type { StrongestAttack, WorstCase, WorstCaseRequest } from "../optimize/worstCase.js";
import type { ResolvedAttack } from "./problem.js";
import { runAttack } from "./run.js";

/** The hold-out replicates' base seed: derived from the scenario's, apart from the inner search's replicate seeds. */
export function holdOutSeedOf(baseSeed: number): number {
  return createHash("sha256").update(`coordsim-worst-case:v1:${baseSeed}`).digest().readUInt32BE(0);
}

export interface AttackProgress {
  generation: number;
  candidate: number;
  candidates: number;
  best: BestCandidate | null;
}

export type InnerOptions = Pick<OptimizeOptions, "workers" | "overrides" | "seed" | "coordsimVersion" | "invocation" | "maxWallSeconds" | "signal"> & {
  onAttack?: (progress: AttackProgress) => void;
};

/** The folder of the inner search against a mechanism, relative to <out>. */
export function attackSearchFolder(mechanism: readonly string[]): string {
  return posix.join("attacks", createHash("sha256").update(JSON.stringify(mechanism)).digest("hex").slice(0, 16));
}

/** The worst-case hook for the generation loop: `attack` resolved with no --against (each candidate supplies its own). */
export function attackWorstCase(attack: ResolvedAttack, inner: InnerOptions): WorstCase {
  const paths = attack.factors.map((f) => f.path);
  return {
    factors: attack.attack.factors,
    columns: [...paths.map((p) => `attack:${p}`), "attack_gain_mean", "attack_gain_se", "attack_under_cap", "attack_search"],
    definition: { attack: searchDefinition(attack.attack), searchSeed: attack.searchSeed },
    holdOutSeed: holdOutSeedOf(attack.baseSeed),
    async strongest(request: WorstCaseRequest): Promise<StrongestAttack[] | "interrupted"> {
      const found: StrongestAttack[] = [];
      const count = request.mechanisms.length;
      for (const [c, mechanism] of request.mechanisms.entries()) {
        const folder = attackSearchFolder(mechanism);
        const result = await runAttack(
          { ...attack, against: mechanism },
          {
            out: join(request.out, folder),
            workers: inner.workers,
            // An inner folder left by an interrupted search is continued, not redone.
            resume: true,
            overrides: inner.overrides,
            ...(inner.seed !== undefined ? { seed: inner.seed } : {}),
            coordsimVersion: inner.coordsimVersion,
            ...(inner.invocation !== undefined ? { invocation: inner.invocation } : {}),
            ...(inner.maxWallSeconds !== undefined ? { maxWallSeconds: inner.maxWallSeconds } : {}),
            ...(inner.signal !== undefined ? { signal: inner.signal } : {}),
          },
        );
        if (result.interrupted) return "interrupted";
        const best = result.file.best;
        inner.onAttack?.({ generation: request.generation, candidate: c, candidates: count, best });
        const strongest = best !== null ? { values: best.values, u: best.u, mean: best.objective_mean, se: best.objective_se, underCap: "1" } : leastViolating(join(request.out, folder, "generations.csv"), paths);
        found.push({
          u: strongest === undefined ? undefined : [...strongest.u],
          cells: [...(strongest === undefined ? [...paths.map(() => ""), "", "", ""] : [...paths.map((p) => formatCell(formatGridValue(strongest.values[p]))), formatCell(strongest.mean), formatCell(strongest.se), strongest.underCap]), folder],
          failedRuns: result.failedRuns,
        });
      }
      return found;
    },
  };
}

/**
 * When no attack fits under the cap, the candidate is scored against the
 * attack that came closest (least total violation, the earliest of equals):
 * a stronger attacker than the cap allows, so the candidate's score errs on the
 * safe side, and a mechanism that keeps every attack over the cap is not
 * thrown out. Undefined when no attack had a value at all.
 */
function leastViolating(csv: string, paths: readonly string[]): { values: Record<string, unknown>; u: number[]; mean: number | undefined; se: number | undefined; underCap: string } | undefined {
  let chosen: Record<string, string> | undefined;
  for (const row of readCsvRecords(csv)) {
    if (row.violation === undefined || row.violation === "" || row.objective_mean === "") continue;
    if (chosen === undefined || Number(row.violation) < Number(chosen.violation)) chosen = row;
  }
  if (chosen === undefined) return undefined;
  const row = chosen;
  return {
    values: Object.fromEntries(paths.map((p) => [p, row[p]])),
    u: paths.map((p) => Number(row[`u:${p}`])),
    mean: Number(row.objective_mean),
    se: row.objective_se === "" ? undefined : Number(row.objective_se),
    underCap: "0",
  };
}
