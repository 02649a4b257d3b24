// Is a run folder complete and unaltered? Its manifest (written last) lists
// every file with its size and SHA-256; `--resume` reruns a run that fails
// this check, `merge` refuses a shard whose run fails it.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { readBoundedFile } from "../inputFile.js";
import type { Manifest } from "./manifest.js";
import { MAX_MANIFEST_BYTES } from "./runManifestFile.js";

export type RunCheck = { ok: true; manifest: Manifest } | { ok: false; problem: string };

const CHUNK = 1 << 20;

/** SHA-256 of a file, read in chunks (entities.csv may be large). */
function fileSha256(path: string): string {
  const hash = createHash("sha256");
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

function readManifest(dir: string): Manifest | string {
  const path = join(dir, "manifest.json");
  // Bounded, regular files only: a manifest swapped for /dev/zero must not hang resume or merge.
  const read = readBoundedFile(path, MAX_MANIFEST_BYTES);
  if (!read.ok) {
    const { problem } = read;
    if (problem.code === "cannot-open" && problem.reason === "ENOENT") return `${path} is missing (the run did not finish)`;
    if (problem.code === "not-regular") return `${path} cannot be read: it is ${problem.kind}`;
    if (problem.code === "too-large") return `${path} cannot be read: larger than ${MAX_MANIFEST_BYTES} bytes`;
    return `${path} cannot be read: ${problem.message}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(read.bytes.toString("utf8"));
  } catch {
    return `${path} is not valid JSON`;
  }
  const m = parsed as Partial<Manifest> | null;
  if (typeof m !== "object" || m === null || typeof m.scenario_sha256 !== "string" || !Array.isArray(m.files) || !m.files.every((f) => typeof f === "string")) {
    return `${path} is not a run manifest (scenario_sha256 or files missing)`;
  }
  if (typeof m.file_digests !== "object" || m.file_digests === null) return `${path} records no file digests (written by an older coordsim: rerun it)`;
  return m as Manifest;
}

/** Check one listed file against its digest; a problem as text, or undefined. */
function checkFile(dir: string, name: string, digest: Manifest["file_digests"][string] | undefined): string | undefined {
  if (!/^[^/\\]+$/.test(name) || name === "." || name === "..") return `manifest.json lists ${JSON.stringify(name)}, which is not a file name of the run folder`;
  const path = join(dir, name);
  if (digest === undefined || typeof digest.bytes !== "number" || typeof digest.sha256 !== "string") return `manifest.json lists ${name} without its size and SHA-256`;
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return `${path} is not a file`;
    size = stat.size;
  } catch {
    return `${path} is missing`;
  }
  if (size !== digest.bytes) return `${path} has ${size} bytes, the manifest says ${digest.bytes} (altered or truncated)`;
  if (fileSha256(path) !== digest.sha256) return `${path} does not match its SHA-256 in the manifest (altered)`;
  return undefined;
}

/**
 * Verify the run folder `dir`: a manifest that parses (and, if `scenarioSha256`
 * is given, records that scenario), and every file it lists present with the
 * recorded size and SHA-256.
 */
export function verifyRunFolder(dir: string, scenarioSha256?: string): RunCheck {
  const manifest = readManifest(dir);
  if (typeof manifest === "string") return { ok: false, problem: manifest };
  if (scenarioSha256 !== undefined && manifest.scenario_sha256 !== scenarioSha256) {
    return { ok: false, problem: `${join(dir, "manifest.json")} records a different scenario or plugin code (scenario_sha256 ${manifest.scenario_sha256.slice(0, 12)}..., expected ${scenarioSha256.slice(0, 12)}...)` };
  }
  for (const name of manifest.files) {
    if (name === "manifest.json") continue;
    const problem = checkFile(dir, name, manifest.file_digests[name]);
    if (problem !== undefined) return { ok: false, problem };
  }
  return { ok: true, manifest };
}
