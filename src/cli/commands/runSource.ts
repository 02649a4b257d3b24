// What `coordsim run` was given: a scenario file, or a run's manifest.json to
// reproduce (`--from-manifest <file>`, a file named manifest.json, or a .json
// file whose content is a coordsim manifest).
import { basename, extname } from "node:path";
import { readBoundedFile } from "../../inputFile.js";
import { looksLikeManifest } from "../../output/runManifestFile.js";
import { MAX_INPUT_BYTES } from "../../scenario/inputFile.js";
import { UsageError } from "../errors.js";

export type RunSource = { kind: "scenario"; file: string } | { kind: "manifest"; file: string };

/** The flags that change the scenario: a reproduction runs the recorded one. */
interface ScenarioFlags {
  set: readonly string[];
  seed?: number;
  maxEvents?: number;
  fromManifest?: string;
}

function isManifestFile(file: string): boolean {
  if (basename(file) === "manifest.json") return true;
  if (extname(file).toLowerCase() !== ".json") return false;
  // Unreadable or not JSON: the scenario loader reports it, with line:col.
  const read = readBoundedFile(file, MAX_INPUT_BYTES);
  if (!read.ok) return false;
  try {
    return looksLikeManifest(JSON.parse(read.bytes.toString("utf8")));
  } catch {
    return false;
  }
}

/** Decide what to run; usage errors for no input, two inputs, or a reproduction with flags that would change it. */
export function runSource(file: string | undefined, options: ScenarioFlags): RunSource {
  if (file !== undefined && options.fromManifest !== undefined) throw new UsageError(`run: give a scenario file or --from-manifest, not both (got ${file} and --from-manifest ${options.fromManifest})`);
  const manifest = options.fromManifest ?? (file !== undefined && isManifestFile(file) ? file : undefined);
  if (manifest === undefined) {
    if (file === undefined) throw new UsageError("run: missing the scenario file (or --from-manifest <manifest.json>)");
    return { kind: "scenario", file };
  }
  const flags = [options.set.length > 0 ? "--set" : "", options.seed !== undefined ? "--seed" : "", options.maxEvents !== undefined ? "--max-events" : ""].filter((f) => f !== "");
  if (flags.length > 0) {
    throw new UsageError(`run ${manifest}: ${flags.join(", ")} cannot be combined with a manifest: it reproduces the recorded run as it was (to change it, save the manifest's "scenario" as a scenario file and run that)`);
  }
  return { kind: "manifest", file: manifest };
}
