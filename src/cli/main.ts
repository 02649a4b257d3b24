// The CLI: one place registers commands, one place turns outcomes and error
// kinds into exit codes (the table in exitCodes.ts; docs/design.md, Errors and exit codes).
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { describeThrown } from "../describeThrown.js";
import { coordsimCause, ERROR_KINDS } from "../errors.js";
import { exitCodeOf, type ExitCode, type Outcome } from "./exitCodes.js";
import { processIo, type Io } from "./io.js";
import { coordsimVersion } from "./version.js";
import { attributeCommand } from "./commands/attribute.js";
import { checkCommand } from "./commands/check.js";
import { compareCommand } from "./commands/compare.js";
import { mergeCommand } from "./commands/merge.js";
import { optimizeCommand } from "./commands/optimize.js";
import { attackCommand } from "./commands/attack.js";
import { metricsCommand } from "./commands/metrics.js";
import { notebookCommand } from "./commands/notebook.js";
import { policiesCommand } from "./commands/policies.js";
import { runCommand } from "./commands/run.js";
import { schemaCommand } from "./commands/schema.js";
import { DEFAULT_BOOTSTRAP_RESAMPLES, sensitivityCommand } from "./commands/sensitivity.js";
import { sweepCommand } from "./commands/sweep.js";
import { validateCommand } from "./commands/validate.js";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function nonNegativeInt(flag: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) > max) throw new InvalidArgumentError(`${flag} expects an integer in [0, ${max}], got "${value}"`);
    return Number(value);
  };
}

function positiveSeconds(flag: string) {
  return (value: string): number => {
    const n = Number(value.trim());
    if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} expects a number of seconds > 0, got "${value}"`);
    return n;
  };
}

function finiteNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value.trim());
    if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} expects a number, got "${value}"`);
    return n;
  };
}

function positiveInt(flag: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) throw new InvalidArgumentError(`${flag} expects an integer in [1, ${max}], got "${value}"`);
    return Number(value);
  };
}

function buildProgram(io: Io, setOutcome: (outcome: Outcome) => void): Command {
  const program = new Command("coordsim")
    .description("Deterministic discrete-event simulator of decentralized AI economies.")
    .version(coordsimVersion(), "-V, --version", "print the coordsim version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command("run")
    .description(
      "Run one scenario and write its output folder (manifest.json, summary.csv, timeseries.csv, entities.csv). Given a run's manifest.json instead, reproduce that run: same scenario, seed and plugin code (checked by SHA-256), and check the data files come out byte-identical (exit 1 if not).",
    )
    .argument("[scenario]", "scenario file (.yaml, .yml or .json), or a run's manifest.json to reproduce")
    .option("--from-manifest <file>", "reproduce the run this manifest.json records (any file name); --set, --seed and --max-events cannot be combined with it")
    .option("--seed <n>", "run seed (overrides the scenario's seed)", nonNegativeInt("--seed", 2 ** 32 - 1))
    .option("--out <dir>", "output folder (default: results/<name>-seed<seed>, suffixed -2, -3, ... if taken)")
    .option("--set <path=value>", "override a scenario field, e.g. --set agents.count=200 (repeatable)", collect, [])
    .option("--max-events <n>", "stop after this many events (recorded in the manifest's scenario as maxEvents); the run is marked truncated", positiveInt("--max-events", 1e12))
    .option("--max-wall <seconds>", "stop cleanly after this much wall-clock time; the run is marked truncated (stop_reason maxWall)", positiveSeconds("--max-wall"))
    .option("--force", "write into a non-empty --out folder, replacing its run files", false)
    .option("-q, --quiet", "print nothing on success", false)
    .option("--json", "print the run's summary as one JSON object on stdout (reproducing: also reproduced_from, identical, differing)", false)
    .action(async (file: string | undefined, opts) => setOutcome(await runCommand(file, opts, io)));

  program
    .command("sweep")
    .description("Run the scenario's sweep block (grid or design x replicates) on a worker pool: one folder per run under <out>/runs/, plus <out>/runs.csv and <out>/design.csv.")
    .argument("<scenario>", "scenario file with a sweep: { replicates, grid } or { replicates, design } block (without one: a single point)")
    .option("--workers <n>", "worker threads (default: the number of cores)", positiveInt("--workers", 1024))
    .option("--replicates <n>", "replicates per grid or design point (overrides sweep.replicates)", positiveInt("--replicates", 100_000))
    .option("--shard <i/N>", "run only shard i of N (runs whose index is i mod N), for clusters; join shards with `coordsim merge`")
    .option("--resume", "continue a sweep in --out: skip runs whose folder is complete, rerun the rest", false)
    .option("--unpaired", "give each grid or design point its own replicate seeds instead of common random numbers (recorded in sweep.json; give it again with --resume and to every shard)", false)
    .option("--out <dir>", "output folder (default: results/<name>-sweep, suffixed -2, -3, ... if taken)")
    .option("--seed <n>", "base seed the replicate seeds derive from (overrides the scenario's seed)", nonNegativeInt("--seed", 2 ** 32 - 1))
    .option("--set <path=value>", "override a scenario field in every run (repeatable)", collect, [])
    .option("--max-events <n>", "stop each run after this many events; such runs are marked truncated", nonNegativeInt("--max-events"))
    .option("--max-wall <seconds>", "stop each run cleanly after this much wall-clock time (marked truncated); a run whose worker has not returned by then plus a grace period (a stuck plugin call) is stopped and recorded as failed", positiveSeconds("--max-wall"))
    .option("-q, --quiet", "print nothing but errors", false)
    .option("--json", "print one JSON object (out, runs, failed, wall time) on stdout", false)
    .action(async (file: string, opts) => setOutcome(await sweepCommand(file, opts, io)));

  program
    .command("compare")
    .description("Run variants of one field on common random numbers and test the paired differences of each metric (mean, 95% CI, Holm-adjusted p, variance reduction); writes <out>/compare.csv and prints a table.")
    .argument("<scenario>", "scenario file (its sweep block is ignored)")
    .option("--vary <path=a,b,...>", "the field to vary and its values, e.g. policies.attribution=volume,coverage-shapley", collect, [])
    .option("--replicates <n>", `replicates (seeds) per variant (default: ${10})`, positiveInt("--replicates", 100_000))
    .option("--metrics <list>", "comma-separated summary.csv columns to compare, or \"all\" (default: the headline metrics)")
    .option("--unpaired", "give each variant its own seeds (Welch t) instead of common random numbers", false)
    .option("--workers <n>", "worker threads (default: the number of cores)", positiveInt("--workers", 1024))
    .option("--out <dir>", "output folder (default: results/<name>-compare, suffixed -2, -3, ... if taken)")
    .option("--resume", "reuse the complete runs already in --out", false)
    .option("--seed <n>", "base seed the replicate seeds derive from", nonNegativeInt("--seed", 2 ** 32 - 1))
    .option("--set <path=value>", "override a scenario field in every run (repeatable)", collect, [])
    .option("-q, --quiet", "print nothing but errors (compare.csv is still written)", false)
    .option("--json", "print the comparison rows as one JSON object on stdout", false)
    .action(async (file: string, opts) => setOutcome(await compareCommand(file, opts, io)));

  program
    .command("optimize")
    .description(
      "Search the scenario's optimize block (factors, maximize or minimize, constraints, budget) with CMA-ES: each generation's candidates run as a sweep on common replicate seeds into <out>/generations/gNNN/; <out>/generations.csv scores every candidate and <out>/optimize.json holds the search state and the best so far. With front: <out>/pareto.csv holds the Pareto front; with worst_case: attack each candidate is scored against the strongest attack the scenario's attack block finds against it (<out>/attacks/).",
    )
    .argument("<scenario>", "scenario file with an optimize: { factors, maximize | minimize, constraints, budget, replicates } block")
    .option("--workers <n>", "worker threads (default: the number of cores); the search path does not depend on it", positiveInt("--workers", 1024))
    .option("--out <dir>", "output folder (default: results/<name>-optimize, suffixed -2, -3, ... if taken)")
    .option("--resume", "continue the search in --out from its last completed generation (the files end up byte-identical to an uninterrupted search)", false)
    .option("--generation <g>", "cluster loop: run only generation g (the next one), tell it and stop; with --shard, only that shard of its runs (see docs/cluster.md)", nonNegativeInt("--generation", 1e6))
    .option("--shard <i/N>", "with --generation: run only shard i of N of that generation's runs into <out>/shards/gNNN/shard-i (not told; the next --generation g without --shard merges the shards); not with worst_case")
    .option("--seed <n>", "base seed the replicate seeds (and, without optimize.seed, the search seed) derive from", nonNegativeInt("--seed", 2 ** 32 - 1))
    .option("--set <path=value>", "override a scenario field in every run (repeatable)", collect, [])
    .option("--max-events <n>", "stop each run after this many events; such runs are marked truncated", nonNegativeInt("--max-events"))
    .option("--max-wall <seconds>", "stop each run cleanly after this much wall-clock time (marked truncated); a run whose worker has not returned by then plus a grace period is recorded as failed", positiveSeconds("--max-wall"))
    .option("-q, --quiet", "print nothing but errors", false)
    .option("--json", "print one JSON object (out, generations, evaluations, stop reason, best, pareto_csv) on stdout", false)
    .action(async (file: string, opts) => setOutcome(await optimizeCommand(file, opts, io)));

  program
    .command("attack")
    .description(
      "Search the scenario's attack block (attacker factors, gain, cap, threshold, budget) with CMA-ES for the attack that gains most against the mechanism --against fixes: generations run as in optimize into <out>/generations/gNNN/, with <out>/generations.csv and <out>/optimize.json; <out>/strongest-attack.yaml is the best attack as a runnable scenario, and with a threshold <out>/attack-junit.xml holds \"no attack under the cap gains more than <threshold>\" (exit 1 when an attack does).",
    )
    .argument("<scenario>", "scenario file with an attack: { factors, gain, cap, threshold, budget, replicates } block")
    .option("--against <path=value,...>", "the mechanism's settings, e.g. --against policies.attribution=volume,datanets.dedup=none (repeatable; a comma splits only before another path=)", collect, [])
    .option("--threshold <x>", "the most gain an attack under the cap may reach (replaces attack.threshold; writes attack-junit.xml)", finiteNumber("--threshold"))
    .option("--threshold-on <bound>", "what the threshold bounds: mean (the strongest attack's mean gain) or upper95 (mean + 1.96 SE); replaces attack.threshold_on")
    .option("--workers <n>", "worker threads (default: the number of cores); the search path does not depend on it", positiveInt("--workers", 1024))
    .option("--out <dir>", "output folder (default: results/<name>-attack, suffixed -2, -3, ... if taken)")
    .option("--resume", "continue the search in --out from its last completed generation (the files end up byte-identical to an uninterrupted search)", false)
    .option("--seed <n>", "base seed the replicate seeds (and, without attack.seed, the search seed) derive from", nonNegativeInt("--seed", 2 ** 32 - 1))
    .option("--set <path=value>", "override a scenario field in every run (repeatable)", collect, [])
    .option("--max-events <n>", "stop each run after this many events; such runs are marked truncated", nonNegativeInt("--max-events"))
    .option("--max-wall <seconds>", "stop each run cleanly after this much wall-clock time (marked truncated); a run whose worker has not returned by then plus a grace period is recorded as failed", positiveSeconds("--max-wall"))
    .option("-q, --quiet", "print nothing but errors", false)
    .option("--json", "print one JSON object (out, strongest attack, junit, best, replicate seeds, exceeded) on stdout", false)
    .action(async (file: string, opts) => setOutcome(await attackCommand(file, opts, io)));

  program
    .command("merge")
    .description("Join the folders of sweep shards 0/N ... N-1/N into one folder, identical to an unsharded sweep (wall-clock fields aside).")
    .argument("<dirs...>", "shard output folders (each written by `coordsim sweep --shard i/N`)")
    .requiredOption("--out <dir>", "new or empty folder for the merged sweep")
    .option("-q, --quiet", "print nothing but errors", false)
    .action(async (dirs: string[], opts) => setOutcome(await mergeCommand(dirs, opts, io)));

  program
    .command("sensitivity")
    .description(
      "Global sensitivity analysis of a finished sweep folder: Sobol' first-order and total indices (sobol design) or Morris mu*, mu, sigma (morris design) with 95% bootstrap intervals, and for any design the share of each metric's variance that is seed noise; writes <folder>/sensitivity.csv and prints the factors ranked per metric.",
    )
    .argument("<sweep-folder>", "a folder written by `coordsim sweep` (or `coordsim merge`): sweep.json, runs.csv and, for non-grid designs, design.csv")
    .option("--metrics <list>", "comma-separated summary.csv columns, or \"all\" (default: the headline metrics compare uses)")
    .option("--bootstrap <n>", `bootstrap resamples for the intervals; 0: no intervals (default: ${DEFAULT_BOOTSTRAP_RESAMPLES})`, nonNegativeInt("--bootstrap", 100_000))
    .option("--out <file>", "where to write the CSV (default: <sweep-folder>/sensitivity.csv)")
    .option("-q, --quiet", "print nothing but errors (sensitivity.csv is still written)", false)
    .option("--json", "print the rows and what was left out as one JSON object on stdout", false)
    .action((dir: string, opts) => setOutcome(sensitivityCommand(dir, opts, io)));

  program
    .command("notebook")
    .description("Build the notebooks (run overview; for sweeps also the sweep explorer; for compare folders and one-axis sweeps the policy comparison; for optimize and attack folders search convergence, the strongest attack and the Pareto front) against a results folder into a static site that works offline; prints the path of its index.html.")
    .argument("<results>", "a folder written by `coordsim run`, `sweep`, `compare`, `optimize` or `attack`")
    .option("--out <dir>", "site folder (default: <results>/notebooks); replaces an earlier site there, refuses any other non-empty folder")
    .option("--run <id>", "sweep run shown in the run overview (default: the first run that finished)")
    .option("--serve", "serve the site on 127.0.0.1 and print its URL; Ctrl-C stops", false)
    .option("--port <n>", "port for --serve (0: any free port)", nonNegativeInt("--port", 65535), 4173)
    .option("-q, --quiet", "print nothing but errors (the URL still prints with --serve)", false)
    .option("--json", "print one JSON object (out, index, pages, url) on stdout", false)
    .action(async (results: string, opts) => setOutcome(await notebookCommand(results, opts, io)));

  program
    .command("check")
    .description("Property-based invariant checks: run each scenario over generated seeds and perturbed numeric fields with every invariant enforced; on a violation, shrink to a minimal case and write a reproducer scenario. Exit 1 on a violation, 2 on bad input.")
    .argument("<scenarios...>", "scenario files (a `check:` block may set runs, duration and perturb ranges)")
    .option("--runs <n>", "generated cases per scenario (default: the scenario's check.runs, else 20)", positiveInt("--runs", 100_000))
    .option("--seed <n>", "fast-check seed: the same seed generates the same cases", nonNegativeInt("--seed", 2 ** 31 - 1), 1)
    .addOption(new Option("--reporter <kind>", "report format").choices(["text", "json", "junit"]).default("text"))
    .option("--out <file>", "write the report to this file instead of stdout")
    .option("--repro-dir <dir>", "folder for reproducer scenarios of failed checks", "check-failures")
    .option("-q, --quiet", "no progress lines; with the text reporter, no report either (the exit code tells)", false)
    .action(async (files: string[], opts) => setOutcome(await checkCommand(files, opts, io)));

  program
    .command("validate")
    .description("Check scenario files against the schema without running them.")
    .argument("<files...>", "scenario files")
    .option("--set <path=value>", "apply an override before validating (repeatable)", collect, [])
    .option("-q, --quiet", "print only errors", false)
    .action(async (files: string[], opts) => setOutcome(await validateCommand(files, opts, io)));

  program
    .command("policies")
    .description("List every policy family and policy with its description and params (defaults, ranges).")
    .option("--json", "print a JSON array instead of text", false)
    .action(async (opts) => setOutcome(await policiesCommand(opts, io)));

  program
    .command("metrics")
    .description("Print the metric catalogue: every column of summary.csv, timeseries.csv and entities.csv with its unit, kind (flow, cumulative, gauge), range and definition.")
    .option("--json", "print JSON ({ metrics, entities }) instead of text", false)
    .action(async (opts) => setOutcome(await metricsCommand(opts, io)));

  program
    .command("attribute")
    .description('Print the attribution values of a standalone cooperative game as {"values": [...]} (one per player).')
    .argument("<game>", 'game file (.json): n and characteristic_function, and/or definition {type: "coverage", item_weights, player_items}')
    .requiredOption("--policy <name>", "attribution policy, e.g. shapley-exact, coverage-shapley, shapley-mc")
    .option("--samples <n>", "samples for the Monte Carlo policies (shapley-mc, banzhaf-mc)", nonNegativeInt("--samples"))
    .option("--seed <n>", "seed of the policy's random streams", nonNegativeInt("--seed", 2 ** 32 - 1), 0)
    .option(
      "--param <name=value>",
      "set a param of the policy, e.g. --param penalty=2 --param similarity=jaccard (repeatable; values parsed like --set: numbers, booleans, strings; dotted names for nested params; checked by the policy's schema, see `coordsim policies`)",
      collect,
      [],
    )
    .action(async (file: string, opts) => setOutcome(await attributeCommand(file, opts, io)));

  program
    .command("schema")
    .description("Print the scenario JSON Schema (for editors: `# yaml-language-server: $schema=<file>`).")
    .addOption(new Option("--markdown", "print the scenario reference as Markdown instead").default(false))
    .action(async (opts) => setOutcome(await schemaCommand(opts, io)));

  return program;
}

/** Run the CLI with `argv` (as process.argv) and return the exit code. Never exits the process: bin/ does. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<ExitCode> {
  let outcome: Outcome = "ok";
  const program = buildProgram({ ...io, commandLine: argv.slice(1) }, (o) => (outcome = o));
  try {
    await program.parseAsync([...argv]);
    return exitCodeOf(outcome);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version succeed; everything else commander rejects (including a bare `coordsim`) is a usage error.
      return exitCodeOf(error.code === "commander.helpDisplayed" || error.code === "commander.version" ? "ok" : "bad-input");
    }
    const known = coordsimCause(error);
    // Only the three kinds coordsim defines choose an exit code (a plugin could construct coordsim's own class with another).
    if (known !== undefined && ERROR_KINDS.includes(known.kind)) {
      // The outer message keeps the context (event, simulated time, entity) the inner one lacks.
      io.stderr.write(`${error instanceof Error ? error.message : known.message}\n`);
      return exitCodeOf(known.kind);
    }
    const stack = error instanceof Error ? error.stack : undefined;
    const detail = typeof stack === "string" ? stack : describeThrown(error);
    io.stderr.write(`coordsim: internal error (this is a bug; please report it with the command you ran)\n${detail}\n`);
    return exitCodeOf("internal");
  }
}
