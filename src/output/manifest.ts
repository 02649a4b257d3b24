import { createHash } from "node:crypto";
import type { FileDigest } from "./atomic.js";

/** Canonical JSON (sorted keys, no whitespace): equal configs hash equally regardless of key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/** SHA-256 of each plugin module file a scenario uses, by absolute path (src/plugins/digests.ts computes them). */
export type PluginDigests = Record<string, string>;

/**
 * A resolved scenario's identity: the manifest's `scenario_sha256`, which
 * `--resume` and `merge` compare. With plugins it covers their code too, so an
 * edited plugin is a different scenario; without, it is the hash it always was.
 */
export function scenarioSha256(scenario: unknown, plugins: PluginDigests = {}): string {
  return Object.keys(plugins).length === 0 ? sha256(canonicalJson(scenario)) : sha256(canonicalJson({ scenario, plugin_sha256: plugins }));
}

export interface Manifest {
  coordsim_version: string;
  node_version: string;
  scenario_file: string;
  scenario_sha256: string;
  /** Only with plugins: each plugin module file's SHA-256, by absolute path (part of scenario_sha256). */
  plugin_sha256?: PluginDigests;
  seed: number;
  events_processed: number;
  simulated_hours: number;
  stop_reason: string;
  truncated: boolean;
  files: string[];
  /** Size and SHA-256 of every file in `files` but the manifest itself: what `--resume` and `merge` verify. */
  file_digests: Record<string, FileDigest>;
  /** Wall-clock fields: the only non-deterministic part of a run's output. */
  started_at: string;
  wall_time_s: number;
  scenario: unknown;
  /** Set for a run of a sweep: where it sits in the run list and the overrides that reproduce it with `coordsim run`. */
  sweep_run?: { id: string; point: number; replicate: number; overrides: string[] };
}
