import { createHash } from "node:crypto";
import type { FileDigest } from "./atomic.js";
import { parseOverride } from "../scenario/overrides.js";

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

/** How a command was invoked: recorded in a plain run's manifest and in sweep.json (a sweep run's manifest has `sweep_run` instead). */
export interface Invocation {
  /** The command line as given: process.argv after the node binary (the script, the command, its arguments). */
  command_line: string[];
  /** The working directory relative paths in `command_line` are relative to. */
  cwd: string;
}

/** One `--set` of a plain run, in the order given: the field path and the value as parsed (YAML). */
export interface RecordedOverride {
  path: string;
  value: unknown;
}

/** `--set` texts (`path=value`) as a manifest records them, in order; texts that do not parse are left out (the loader has refused them already). */
export function recordedOverrides(texts: readonly string[]): RecordedOverride[] {
  return texts.flatMap((text) => {
    const parsed = parseOverride(text);
    return parsed.ok ? [{ path: parsed.override.path.join("."), value: parsed.override.value }] : [];
  });
}

/** What a plain `coordsim run` records about where its scenario came from. */
export interface RunInvocation extends Invocation {
  /** The `--set` overrides applied to `scenario_file` (already part of `scenario`). */
  overrides: RecordedOverride[];
  /** Set when the run was started from a manifest (`coordsim run <manifest.json>`): that manifest's absolute path. */
  reproduced_from?: string;
}

export interface Manifest extends Partial<RunInvocation> {
  coordsim_version: string;
  /** The git commit coordsim was built from (`-dirty`: with local changes), or "unknown" (src/buildInfo.ts). */
  coordsim_commit?: string;
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
