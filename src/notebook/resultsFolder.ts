// What a results folder holds, as far as the notebooks care: one run (run
// folder), or a sweep (sweep.json + runs.csv + runs/<id>/), possibly written by
// `coordsim compare` (compare.csv beside them), perhaps analysed by
// `coordsim sensitivity` (sensitivity.csv).
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { OutputDirError } from "../output/outDir.js";
import type { SweepManifest } from "../output/sweepManifest.js";
import { checkCompareCsv, checkRunFiles, checkRunsCsv, checkSensitivityCsv } from "./checkFiles.js";
import { readSweepManifest } from "../output/sweepManifest.js";

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

export type ResultsFolder = RunFolder | SweepFolder;

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

/** Recognise a results folder, or explain (exit 2) why it is not one. */
export function readResultsFolder(dir: string, runId?: string): ResultsFolder {
  if (!existsSync(dir)) throw new OutputDirError(`${dir}: no such folder`);
  if (!statSync(dir).isDirectory()) throw new OutputDirError(`${dir}: not a folder (give the folder a run, sweep or compare wrote)`);
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
  throw new OutputDirError(`${dir}: not a coordsim results folder (expected manifest.json from \`coordsim run\` or sweep.json from \`coordsim sweep\`/\`compare\`)`);
}
