// Write one run's folder. The manifest is written last, so a folder with a
// manifest is a complete run (what `--resume` will rely on).
import { join } from "node:path";
import type { RunResult } from "../runner/simulate.js";
import { writeChunksAtomic, writeFileAtomic } from "./atomic.js";
import { csvChunks, recordsToCsv } from "./csv.js";
import { ensureDir } from "./outDir.js";
import type { Manifest } from "./manifest.js";

export const RUN_FILES = ["summary.csv", "timeseries.csv", "entities.csv", "manifest.json"] as const;

export function writeRunFolder(dir: string, result: RunResult, manifest: Omit<Manifest, "files">): void {
  ensureDir(dir);
  writeFileAtomic(join(dir, "summary.csv"), recordsToCsv([result.summary]));
  writeFileAtomic(join(dir, "timeseries.csv"), recordsToCsv(result.timeseries));
  writeChunksAtomic(join(dir, "entities.csv"), csvChunks(result.entities.columns, result.entities.rows()));
  const full: Manifest = { ...manifest, files: [...RUN_FILES] };
  writeFileAtomic(join(dir, "manifest.json"), `${JSON.stringify(full, null, 2)}\n`);
}
