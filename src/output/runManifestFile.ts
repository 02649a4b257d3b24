// A run's manifest.json read back as the input of `coordsim run <manifest>`:
// every field reproduction relies on is checked, and a problem names the file
// and the field (`field: expected ..., got ...`), as bad input.
import { BadInputError } from "../errors.js";
import { readTextFile } from "../inputFile.js";
import type { Manifest } from "./manifest.js";

/** A manifest holds the resolved scenario (at most 16 MiB as a file) and small fields. */
export const MAX_MANIFEST_BYTES = 64 * 2 ** 20;

const SHA256 = /^[0-9a-f]{64}$/;

/** Does this parsed JSON look like coordsim wrote it as a manifest (of a run or of a sweep)? */
export function looksLikeManifest(value: unknown): boolean {
  return isObject(value) && (Object.hasOwn(value, "scenario_sha256") || Object.hasOwn(value, "definition_sha256"));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  return value === undefined ? "nothing" : (JSON.stringify(value)?.slice(0, 60) ?? String(value));
}

/** Parse JSON text already read from `path`; BadInputError when it is not JSON. */
export function parseManifestJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadInputError(`${path}: not a run manifest: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Read and check the run manifest at `path` (a `manifest.json` of `coordsim run` or of one sweep run). */
export function readRunManifest(path: string): Manifest {
  return checkRunManifest(parseManifestJson(readTextFile(path, "the run manifest", MAX_MANIFEST_BYTES), path), path);
}

/** Check parsed manifest JSON: the fields reproduction reads, with the types coordsim writes. */
export function checkRunManifest(value: unknown, path: string): Manifest {
  if (!isObject(value)) throw new BadInputError(`${path}: not a run manifest: expected a JSON object, got ${shown(value)}`);
  if (Object.hasOwn(value, "definition_sha256") || Object.hasOwn(value, "axes")) {
    throw new BadInputError(`${path}: is a sweep manifest (sweep.json), not a run's: \`coordsim run\` reproduces one run; give one of the sweep's runs/<run id>/manifest.json (or rerun the sweep with \`coordsim sweep\`)`);
  }
  const problem = wrongField(value);
  if (problem !== undefined) throw new BadInputError(`${path}: malformed run manifest: ${problem}`);
  return value as unknown as Manifest;
}

/** The first field reproduction relies on that is missing or of the wrong type, as "field: expected ..., got ...". */
function wrongField(m: Record<string, unknown>): string | undefined {
  const bad = (field: string, expected: string, value: unknown) => `${field}: expected ${expected}, got ${shown(value)}`;
  const isCount = (x: unknown, max = Number.MAX_SAFE_INTEGER) => typeof x === "number" && Number.isSafeInteger(x) && x >= 0 && x <= max;
  if (typeof m.coordsim_version !== "string") return bad("coordsim_version", "a string", m.coordsim_version);
  if (m.coordsim_commit !== undefined && typeof m.coordsim_commit !== "string") return bad("coordsim_commit", "a string", m.coordsim_commit);
  if (typeof m.scenario_file !== "string" || m.scenario_file === "") return bad("scenario_file", "a file path", m.scenario_file);
  if (typeof m.scenario_sha256 !== "string" || !SHA256.test(m.scenario_sha256)) return bad("scenario_sha256", "a SHA-256 (64 hex digits)", m.scenario_sha256);
  if (!isCount(m.seed, 2 ** 32 - 1)) return bad("seed", "an integer in [0, 4294967295]", m.seed);
  if (!isCount(m.events_processed)) return bad("events_processed", "an integer >= 0", m.events_processed);
  if (typeof m.stop_reason !== "string") return bad("stop_reason", "a string", m.stop_reason);
  if (!isObject(m.scenario)) return bad("scenario", "the resolved scenario (an object)", m.scenario);
  if (m.scenario.seed !== m.seed) return bad("scenario.seed", `the manifest's seed (${shown(m.seed)})`, m.scenario.seed);
  const policies = m.scenario.policies;
  if (isObject(policies)) {
    for (const [family, spec] of Object.entries(policies)) {
      const module = isObject(spec) ? spec.module : undefined;
      if (module !== undefined && typeof module !== "string") return bad(`scenario.policies.${family}.module`, "an absolute plugin path", module);
    }
  }
  if (m.plugin_sha256 !== undefined) {
    if (!isObject(m.plugin_sha256)) return bad("plugin_sha256", "an object of plugin path: SHA-256", m.plugin_sha256);
    for (const [plugin, digest] of Object.entries(m.plugin_sha256)) {
      if (typeof digest !== "string" || !SHA256.test(digest)) return bad(`plugin_sha256[${JSON.stringify(plugin)}]`, "a SHA-256 (64 hex digits)", digest);
    }
  }
  if (m.file_digests !== undefined) {
    if (!isObject(m.file_digests)) return bad("file_digests", "an object of file name: { bytes, sha256 }", m.file_digests);
    for (const [name, digest] of Object.entries(m.file_digests)) {
      if (!isObject(digest) || !isCount(digest.bytes) || typeof digest.sha256 !== "string" || !SHA256.test(digest.sha256)) return bad(`file_digests[${JSON.stringify(name)}]`, "{ bytes, sha256 }", digest);
    }
  }
  if (m.overrides !== undefined) {
    if (!Array.isArray(m.overrides)) return bad("overrides", "a list of { path, value }", m.overrides);
    for (const [i, o] of m.overrides.entries()) if (!isObject(o) || typeof o.path !== "string" || !Object.hasOwn(o, "value")) return bad(`overrides[${i}]`, "{ path, value }", o);
  }
  const run = m.sweep_run;
  if (run !== undefined && (!isObject(run) || !Array.isArray(run.overrides) || !run.overrides.every((o) => typeof o === "string"))) return bad("sweep_run.overrides", "a list of path=value strings", isObject(run) ? run.overrides : run);
  return undefined;
}
