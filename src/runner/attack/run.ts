// `coordsim attack`: the optimize generation loop (src/runner/optimize/run.ts)
// maximising the attacker's gain over the attack block's factors, with the
// mechanism fixed by --against, then (issue 21):
//   <out>/strongest-attack.yaml  the scenario with the mechanism and the best
//                                attack written in, its attack block removed:
//                                `coordsim run` on each replicate seed listed
//                                in its header reproduces the reported gain;
// and the command (src/cli/commands/attack.ts) writes <out>/attack-junit.xml
// from the result (src/check/attackJunit.ts). Both are pure functions of the search's result, so --resume and any
// --workers give the same bytes.
import { join, resolve } from "node:path";
import { isNode } from "yaml";
import { writeFileAtomic } from "../../output/atomic.js";
import { readCsvRecords } from "../../output/runsCsv.js";
import { readScenarioText } from "../../scenario/load.js";
import { formatOverride } from "../../scenario/sweep.js";
import { rewriteScenario } from "../../scenario/rewrite.js";
import { runOptimize, type BestCandidate, type OptimizeOptions, type OptimizeResult } from "../optimize/run.js";
import type { ResolvedAttack } from "./problem.js";

export const STRONGEST_ATTACK_FILE = "strongest-attack.yaml";

export interface AttackResult extends OptimizeResult {
  /** The strongest attack's scenario, when an attack under the cap was found. */
  strongestAttack: string | undefined;
  /** Every override of the attack's runs but the attack's own: --set, then --against. */
  overrides: string[];
  /** The replicate seeds every attack ran on. */
  replicateSeeds: number[];
}

/** The best attack's `--set` overrides, in the factors' order. */
export function attackOverrides(best: BestCandidate): string[] {
  return Object.entries(best.values).map(([path, value]) => formatOverride(path, value));
}

/** The replicate seeds of the best attack's generation (every candidate shares them: common random numbers). */
function replicateSeeds(out: string, best: BestCandidate, generations: number): number[] {
  const dir = join(out, "generations", `g${String(best.generation).padStart(Math.max(3, String(generations - 1).length), "0")}`);
  return readCsvRecords(join(dir, "runs.csv"))
    .filter((row) => Number(row.point) === best.candidate)
    .sort((a, b) => Number(a.replicate) - Number(b.replicate))
    .map((row) => Number(row.seed));
}

export async function runAttack(setup: ResolvedAttack, opts: OptimizeOptions): Promise<AttackResult> {
  const overrides = [...opts.overrides, ...setup.against];
  const result = await runOptimize(setup, { ...opts, overrides });
  const none = { strongestAttack: undefined, replicateSeeds: [], overrides };
  if (result.interrupted) return { ...result, ...none };
  const { out } = opts;
  const best = result.file.best;
  const generations = Math.floor(setup.spec.budget / result.file.population);
  const seeds = best === null ? [] : replicateSeeds(out, best, generations);
  let strongestAttack: string | undefined;
  if (best !== null) {
    strongestAttack = join(out, STRONGEST_ATTACK_FILE);
    const attack = attackOverrides(best);
    const doc = rewriteScenario({ file: setup.file, text: readScenarioText(setup.file), target: resolve(strongestAttack), overrides: [...overrides, ...attack], drop: ["attack"] });
    // A comment beside a value the attack replaced described the old value.
    for (const path of Object.keys(best.values)) {
      const node = doc.getIn(path.split("."), true);
      if (isNode(node)) node.comment = " the strongest attack's value";
    }
    const header = [
      ` Strongest attack found by coordsim attack on ${setup.file}`,
      ` gain ${setup.problem.objectiveText} = ${best.objective_mean} ± ${best.objective_se} (mean ± SE over ${seeds.length} replicate(s); generation ${best.generation}, candidate ${best.candidate})`,
      ...(setup.problem.constraints.length > 0 ? [` under the cap ${setup.problem.constraints.map((c) => c.text).join(", ")}`] : []),
      ` against: ${setup.against.length > 0 ? setup.against.join(", ") : "(the scenario's own mechanism)"}${opts.overrides.length > 0 ? `; with --set ${opts.overrides.join(", ")}` : ""}`,
      ` attack: ${attack.join(", ")}`,
      ` replicate seeds: ${seeds.join(", ")}; reproduce each with: coordsim run ${STRONGEST_ATTACK_FILE} --seed <seed>`,
    ].join("\n");
    doc.commentBefore = doc.commentBefore ? `${header}\n\n${doc.commentBefore}` : header;
    writeFileAtomic(strongestAttack, doc.toString());
  }
  return { ...result, strongestAttack, replicateSeeds: seeds, overrides };
}
