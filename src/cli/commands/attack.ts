// `coordsim attack <scenario> --against <mechanism settings>`: CMA-ES over the
// attack block's attacker factors maximising the attacker's gain under its cap
// (src/runner/attack/run.ts), writing the strongest attack as a runnable
// scenario and, with a threshold, <out>/attack-junit.xml
// (src/check/attackJunit.ts; exit 1 when the threshold is exceeded).
import { join } from "node:path";
import { freshDir } from "../../output/outDir.js";
import { resolveAttack, splitAgainst } from "../../runner/attack/problem.js";
import { attackOverrides, runAttack } from "../../runner/attack/run.js";
import { attackExceeds, formatAttackJunit } from "../../check/attackJunit.js";
import { writeFileAtomic } from "../../output/atomic.js";
import { UsageError } from "../errors.js";
import type { Outcome } from "../exitCodes.js";
import { withGracefulInterrupt, type Io } from "../io.js";
import { bestText, budgetedGenerations, sharedRunOptions, type OptimizeCommandOptions } from "./optimize.js";
import { defaultWorkers, withMaxEvents } from "./sweep.js";

/** With a threshold: the CI invariant's JUnit report, in --out. */
export const ATTACK_JUNIT_FILE = "attack-junit.xml";

export interface AttackCommandOptions extends OptimizeCommandOptions {
  /** `--against a=b,c=d` (repeatable): the mechanism's settings. */
  against: string[];
  /** Replaces attack.threshold. */
  threshold?: number;
  /** Replaces attack.threshold_on. */
  thresholdOn?: string;
}

export async function attackCommand(file: string, options: AttackCommandOptions, io: Io): Promise<Outcome> {
  if (options.workers === 0) throw new UsageError("--workers expects an integer >= 1, got 0");
  const overrides = withMaxEvents(options.set, options.maxEvents);
  const against = splitAgainst(options.against);
  const resolved = await resolveAttack({ file, overrides, against, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
  if (options.thresholdOn !== undefined && options.thresholdOn !== "mean" && options.thresholdOn !== "upper95") throw new UsageError(`--threshold-on expects mean or upper95, got ${options.thresholdOn}`);
  const thresholdOn = (options.thresholdOn as "mean" | "upper95" | undefined) ?? resolved.attack.threshold_on;
  if (options.thresholdOn !== undefined && options.threshold === undefined && resolved.attack.threshold === undefined) throw new UsageError("--threshold-on says what the threshold bounds; give --threshold (or attack.threshold) too");
  // One replicate has no standard error: its "upper bound" would be the mean, and the invariant would claim more than it shows.
  if (thresholdOn === "upper95" && resolved.spec.replicates < 2) throw new UsageError(`--threshold-on upper95 needs at least 2 replicates for a standard error; attack.replicates is ${resolved.spec.replicates}`);
  const setup = { ...resolved, attack: { ...resolved.attack, threshold_on: thresholdOn, ...(options.threshold !== undefined ? { threshold: options.threshold } : {}) } };
  const { population, generations } = budgetedGenerations(file, setup, "attacks");
  const out = options.out ?? freshDir(`results/${setup.name}-attack`);
  const workers = options.workers ?? defaultWorkers();
  const chatty = !options.quiet && !options.json;
  if (chatty) {
    const cap = setup.problem.constraints.length > 0 ? ` under the cap ${setup.problem.constraints.map((c) => c.text).join(", ")}` : "";
    io.stderr.write(
      `attack ${setup.name}: maximize ${setup.problem.objectiveText}${cap} against ${against.length > 0 ? against.join(", ") : "the scenario's mechanism"}; ${setup.factors.length} attacker factor(s), ${generations} generation(s) x ${population} attacks x ${setup.spec.replicates} replicate(s), ${workers} worker(s) -> ${out}\n`,
    );
  }
  const result = await withGracefulInterrupt(io, "interrupted: finishing the runs in progress (Ctrl-C again to stop at once; --resume continues from the last completed generation)", (signal) =>
    runAttack(setup, {
      out,
      workers,
      resume: options.resume,
      ...sharedRunOptions(options, overrides, io, signal),
      onGeneration: (r) => {
        if (chatty) io.stderr.write(`attack ${setup.name}: generation ${r.generation + 1}/${r.generations}, ${r.evaluations} evaluations, ${r.feasible}/${r.population} under the cap; ${bestText(r.best, "maximize")}\n`);
      },
    }),
  );
  const state = join(out, "optimize.json");
  const threshold = setup.attack.threshold;
  let junit: string | undefined;
  let exceeded = false;
  if (!result.interrupted && threshold !== undefined) {
    const best = result.file.best;
    const verdict = {
      file: setup.file,
      name: setup.name,
      searchSeed: setup.searchSeed,
      runs: result.file.evaluations * setup.spec.replicates,
      threshold,
      thresholdOn,
      cap: setup.problem.constraints.map((c) => c.text),
      gainText: setup.problem.objectiveText,
      best,
      attack: best === null ? [] : attackOverrides(best),
      overrides: best === null ? result.overrides : [...result.overrides, ...attackOverrides(best)],
      replicateSeeds: result.replicateSeeds,
      ...(result.strongestAttack !== undefined ? { reproducer: result.strongestAttack } : {}),
    };
    exceeded = attackExceeds(verdict);
    junit = join(out, ATTACK_JUNIT_FILE);
    writeFileAtomic(junit, formatAttackJunit(verdict));
  }
  if (result.interrupted) {
    io.stderr.write(`interrupted after ${result.file.generations_completed} of ${generations} generation(s); ${state} holds the search so far; rerun the same command with --resume to continue\n`);
    return "interrupted";
  }
  const { file: done } = result;
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ out, optimize_json: state, generations_csv: join(out, "generations.csv"), strongest_attack: result.strongestAttack ?? null, junit: junit ?? null, generations: done.generations_completed, evaluations: done.evaluations, stop_reason: done.stop_reason, failed_runs: result.failedRuns, best: done.best, replicate_seeds: result.replicateSeeds, threshold: threshold ?? null, threshold_on: thresholdOn, exceeded })}\n`,
    );
  } else if (!options.quiet) {
    io.stderr.write(`${done.generations_completed} generation(s), ${done.evaluations} evaluations (stopped: ${done.stop_reason}); strongest attack: ${bestText(done.best, "maximize")}${result.strongestAttack !== undefined ? ` -> ${result.strongestAttack}` : ""}\n`);
    if (threshold !== undefined) io.stderr.write(`${exceeded ? "FAIL" : "PASS"}: no attack under the cap gains more than ${threshold}${thresholdOn === "upper95" ? " (upper 95% bound)" : ""} -> ${junit}\n`);
  }
  if (result.failedRuns > 0) {
    io.stderr.write(`${result.failedRuns} run(s) failed (their attacks count as outside the cap); see runs.csv in ${join(out, "generations")}/g*/\n`);
    return "failed";
  }
  return exceeded ? "failed" : "ok";
}
