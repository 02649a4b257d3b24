// Write one run's folder. The manifest is written last, so a folder with a
// manifest is a complete run (what `--resume` will rely on).
import { join } from "node:path";
import type { RunResult } from "./runResult.js";
import { writeChunksAtomic, writeFileAtomic } from "./atomic.js";
import { csvChunks, recordsToCsv } from "./csv.js";
import { ensureDir } from "./outDir.js";
import { scenarioSha256, type Manifest } from "./manifest.js";
import type { Scenario } from "../scenario/schema.js";

export const RUN_FILES = ["summary.csv", "timeseries.csv", "entities.csv", "manifest.json"] as const;

export function writeRunFolder(dir: string, result: RunResult, manifest: Omit<Manifest, "files">): void {
  ensureDir(dir);
  writeFileAtomic(join(dir, "summary.csv"), recordsToCsv([result.summary]));
  writeFileAtomic(join(dir, "timeseries.csv"), recordsToCsv(result.timeseries));
  writeChunksAtomic(join(dir, "entities.csv"), csvChunks(result.entities.columns, result.entities.rows()));
  const full: Manifest = { ...manifest, files: [...RUN_FILES] };
  writeFileAtomic(join(dir, "manifest.json"), `${JSON.stringify(full, null, 2)}\n`);
}

export interface RunProvenance {
  coordsimVersion: string;
  /** Absolute path of the scenario file. */
  scenarioFile: string;
  startedAt: Date;
  wallSeconds: number;
  sweepRun?: Manifest["sweep_run"];
}

/** A run's manifest: the resolved scenario and its hash, what the run did, and (only here) wall-clock time. */
export function runManifest(scenario: Scenario, result: Pick<RunResult, "events" | "simulatedHours" | "stopReason" | "truncated">, p: RunProvenance): Omit<Manifest, "files"> {
  return {
    coordsim_version: p.coordsimVersion,
    node_version: process.version,
    scenario_file: p.scenarioFile,
    scenario_sha256: scenarioSha256(scenario),
    seed: scenario.seed,
    events_processed: result.events,
    simulated_hours: result.simulatedHours,
    stop_reason: result.stopReason,
    truncated: result.truncated,
    started_at: p.startedAt.toISOString(),
    wall_time_s: Number(p.wallSeconds.toFixed(3)),
    scenario,
    ...(p.sweepRun !== undefined ? { sweep_run: p.sweepRun } : {}),
  };
}
