// What a results folder holds, as far as the notebooks care: one run (run
// folder), or a sweep (sweep.json + runs.csv + runs/<id>/), possibly written by
// `coordsim compare` (compare.csv beside them), perhaps analysed by
// `coordsim sensitivity` (sensitivity.csv), or a search (optimize.json +
// generations.csv from `coordsim optimize`, with strongest-attack.yaml from
// `coordsim attack`, perhaps pareto.csv).
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { OutputDirError } from "../output/outDir.js";
import type { SweepManifest } from "../output/sweepManifest.js";
import { checkCompareCsv, checkRunFiles, checkRunsCsv, checkSensitivityCsv } from "./checkFiles.js";
import { readSweepManifest } from "../output/sweepManifest.js";
import { checkGenerationsCsv, checkParetoCsv, readAttackHeader, readAttackThreshold, readOptimizeJson, type AttackHeader, type SearchState } from "./checkSearch.js";

/** The files of one run that the run overview reads. */
export const RUN_FILES = ["manifest.json", "timeseries.csv", "entities.csv", "summary.csv"] as const;

export interface RunFolder {
  kind: "run";
  dir: string;
}

export interface SweepFolder {
  kind: "sweep";
  dir: string;
  manifest: SweepManifest;
  /** The run shown in the run overview, and its runs.csv row (grid values, replicate, seed). */
  runId: string;
  runRow: Record<string, string>;
  runDir: string;
  /** compare.csv when `coordsim compare` wrote the folder. */
  compareCsv: string | null;
  /** sensitivity.csv when `coordsim sensitivity` wrote it into the folder. */
  sensitivityCsv: string | null;
}

export interface SearchFolder {
  kind: "search";
  dir: string;
  state: SearchState;
  /** strongest-attack.yaml's header when `coordsim attack` wrote the folder. */
  attack: AttackHeader | null;
  paretoCsv: string | null;
  /** The run the overview shows: the best candidate's first finished run (generations/gNNN/runs/<id>/), with its runs.csv row. */
  runId: string;
  runRow: Record<string, string>;
  runDir: string;
  generationDir: string;
}

export type ResultsFolder = RunFolder | SweepFolder | SearchFolder;

function requireRunFiles(dir: string, what: string): void {
  const missing = RUN_FILES.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) throw new OutputDirError(`${what}: missing ${missing.join(", ")} (was the run interrupted?)`);
  checkRunFiles(dir);
}

/** The run the overview shows (its runs.csv row): `--run` if given, else the first run that finished. */
function chooseRun(dir: string, rows: readonly Record<string, string>[], requested: string | undefined): Record<string, string> {
  if (requested !== undefined) {
    const row = rows.find((r) => r.run_id === requested);
    if (row === undefined) throw new OutputDirError(`--run ${requested}: no such run in ${join(dir, "runs.csv")} (ids look like ${rows[0]?.run_id ?? "p0-r0"})`);
    if (row.status !== "ok") throw new OutputDirError(`--run ${requested}: that run failed (${row.error}); choose another`);
    return row;
  }
  const ok = rows.find((r) => r.status === "ok");
  if (ok === undefined) throw new OutputDirError(`${dir}: every run of the sweep failed; there is nothing to chart`);
  return ok;
}

/** generations/gNNN of generation `g` (NNN is zero-padded to at least three digits). */
function generationFolder(dir: string, g: number): string {
  const root = join(dir, "generations");
  const name = existsSync(root) ? readdirSync(root).find((n) => /^g\d+$/.test(n) && Number(n.slice(1)) === g) : undefined;
  if (name === undefined) throw new OutputDirError(`${root}: no folder for generation ${g} (optimize.json's best is in it; was the folder moved?)`);
  return join(root, name);
}

/** A search folder; the run overview shows the best candidate's first run that finished. */
function readSearchFolder(dir: string, runId: string | undefined): SearchFolder {
  const state = readOptimizeJson(dir);
  const generationsCsv = join(dir, "generations.csv");
  if (!existsSync(generationsCsv)) throw new OutputDirError(`${dir}: optimize.json but no generations.csv (the search has not finished a generation; resume it with --resume)`);
  const generations = checkGenerationsCsv(dir, state);
  const pareto = join(dir, "pareto.csv");
  if (existsSync(pareto)) checkParetoCsv(pareto, state, generations);
  const attackYaml = join(dir, "strongest-attack.yaml");
  const attack = existsSync(attackYaml) ? readAttackHeader(attackYaml) : null;
  const junit = join(dir, "attack-junit.xml");
  if (attack !== null && existsSync(junit)) Object.assign(attack, readAttackThreshold(junit));
  const best = state.best ?? { generation: Number(generations[0]!.generation), candidate: Number(generations[0]!.candidate) };
  const generationDir = generationFolder(dir, best.generation);
  const manifest = readSweepManifest(generationDir);
  const rows = checkRunsCsv(generationDir, manifest);
  const ofBest = runId === undefined ? rows.filter((r) => r.point === String(best.candidate)) : rows;
  const runRow = chooseRun(generationDir, ofBest.length > 0 ? ofBest : rows, runId);
  const runDir = join(generationDir, "runs", runRow.run_id!);
  requireRunFiles(runDir, `run ${runRow.run_id} (${runDir})`);
  return { kind: "search", dir, state, attack, paretoCsv: existsSync(pareto) ? pareto : null, runId: runRow.run_id!, runRow, runDir, generationDir };
}

/** Recognise a results folder, or explain (exit 2) why it is not one. */
export function readResultsFolder(dir: string, runId?: string): ResultsFolder {
  if (!existsSync(dir)) throw new OutputDirError(`${dir}: no such folder`);
  if (!statSync(dir).isDirectory()) throw new OutputDirError(`${dir}: not a folder (give the folder a run, sweep or compare wrote)`);
  if (existsSync(join(dir, "optimize.json"))) return readSearchFolder(dir, runId);
  if (existsSync(join(dir, "sweep.json"))) {
    // Field by field, the same rule as resume and merge.
    const manifest = readSweepManifest(dir);
    if (!existsSync(join(dir, "runs.csv"))) {
      throw new OutputDirError(`${dir}: the sweep has no runs.csv yet (status ${manifest.status}); finish it with \`coordsim sweep --resume\` first`);
    }
    const runRow = chooseRun(dir, checkRunsCsv(dir, manifest), runId);
    const chosen = runRow.run_id!;
    const runDir = join(dir, "runs", chosen);
    requireRunFiles(runDir, `run ${chosen} (${runDir})`);
    const compare = join(dir, "compare.csv");
    if (existsSync(compare)) checkCompareCsv(compare);
    const sensitivity = join(dir, "sensitivity.csv");
    if (existsSync(sensitivity)) checkSensitivityCsv(sensitivity, manifest);
    return { kind: "sweep", dir, manifest, runId: chosen, runRow, runDir, compareCsv: existsSync(compare) ? compare : null, sensitivityCsv: existsSync(sensitivity) ? sensitivity : null };
  }
  if (existsSync(join(dir, "manifest.json"))) {
    if (runId !== undefined) throw new OutputDirError(`--run ${runId}: ${dir} holds a single run, not a sweep`);
    requireRunFiles(dir, dir);
    return { kind: "run", dir };
  }
  throw new OutputDirError(`${dir}: not a coordsim results folder (expected manifest.json from \`coordsim run\`, sweep.json from \`coordsim sweep\`/\`compare\` or optimize.json from \`coordsim optimize\`/\`attack\`)`);
}
