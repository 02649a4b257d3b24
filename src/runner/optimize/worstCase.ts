// Robust design (optimize.worst_case, issue 21), as the generation loop
// (run.ts) sees it: before a generation's runs, the strongest attack against
// each candidate, whose factors then join that candidate's runs. The search
// that finds it is `coordsim attack`'s (src/runner/attack/worstCase.ts builds
// this hook), so this module holds only the interface and the table cells.
import type { FactorSpec } from "../../scenario/designs/factors.js";

export interface StrongestAttack {
  /** The attack's unit coordinates over the hook's factors; undefined when the inner search found no attack under the cap. */
  u: number[] | undefined;
  /** generations.csv cells, in WorstCase.columns' order. */
  cells: string[];
  /** Runs of the inner search that failed. */
  failedRuns: number;
}

export interface WorstCaseRequest {
  generation: number;
  /** Each candidate's mechanism as `path=value` overrides, in the optimize factors' order. */
  mechanisms: string[][];
  /** The search folder: the inner searches go in its attacks/ folder, one per distinct mechanism. */
  out: string;
}

export interface WorstCase {
  /** The attack block's factors, appended to the optimize factors in the generation's runs. */
  factors: Record<string, FactorSpec>;
  /** generations.csv's columns for the strongest attack, after `reason`. */
  columns: string[];
  /** What the search path also depends on (the attack block), for the definition hash. */
  definition: unknown;
  /** The base seed of the candidates' runs: hold-out replicates, apart from those the inner search chose the attack on. */
  holdOutSeed: number;
  /** The strongest attack against each candidate; "interrupted" when a signal or --max-wall stopped an inner search. */
  strongest(request: WorstCaseRequest): Promise<StrongestAttack[] | "interrupted">;
}
