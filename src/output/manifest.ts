import { createHash } from "node:crypto";

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

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A resolved scenario's identity: the manifest's `scenario_sha256`, which `--resume` and `merge` compare. */
export function scenarioSha256(scenario: unknown): string {
  return sha256(canonicalJson(scenario));
}

export interface Manifest {
  coordsim_version: string;
  node_version: string;
  scenario_file: string;
  scenario_sha256: string;
  seed: number;
  events_processed: number;
  simulated_hours: number;
  stop_reason: string;
  truncated: boolean;
  files: string[];
  /** Wall-clock fields: the only non-deterministic part of a run's output. */
  started_at: string;
  wall_time_s: number;
  scenario: unknown;
  /** Set for a run of a sweep: where it sits in the run list and the overrides that reproduce it with `coordsim run`. */
  sweep_run?: { id: string; point: number; replicate: number; overrides: string[] };
}
