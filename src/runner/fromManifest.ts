// `coordsim run <manifest.json>`: the scenario a run's manifest records, loaded
// again through the scenario loader (so a hand-edited or hostile manifest is
// checked like any scenario) and accepted only if it hashes to the recorded
// scenario_sha256 with the plugin code the run used. Plugin code is hashed
// before anything imports it; a plugin whose file changed is refused, named.
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { BadInputError } from "../errors.js";
import { recordedOverrides, scenarioSha256, type Manifest, type RecordedOverride } from "../output/manifest.js";
import { readRunManifest } from "../output/runManifestFile.js";
import { pluginDigests } from "../plugins/digests.js";
import { catalogWithPlugins, importPlugin, type LoadedPlugin } from "../plugins/load.js";
import { builtinCatalog } from "../policies/catalog.js";
import { POLICY_FAMILIES, type PolicyFamily } from "../policies/types.js";
import { readInputFile } from "../scenario/inputFile.js";
import { loadScenarioText } from "../scenario/load.js";
import { ScenarioError } from "../scenario/errors.js";
import type { Scenario } from "../scenario/schema.js";
import { inLoaderThread } from "./sweep/isolatedLoad.js";
import type { ThreadPool } from "./sweep/threadPool.js";

export interface ManifestRun {
  /** Absolute path of the manifest. */
  file: string;
  manifest: Manifest;
  /** The recorded scenario, resolved again: equal to the one the run used. */
  scenario: Scenario;
  /** The `--set` overrides the original run recorded (a sweep run's, from `sweep_run`). */
  overrides: RecordedOverride[];
  /** The original run stopped on --max-wall: reproduce it by stopping after the same number of events. */
  maxEvents?: number;
  /** For stderr: a different coordsim build, a wall-clock stop. */
  warnings: string[];
}

interface PluginUse {
  family: PolicyFamily;
  module: string;
  use: string;
}

/** The plugins the recorded scenario names: each family's `module` (the absolute path the run imported). */
function recordedPlugins(scenario: Record<string, unknown>): PluginUse[] {
  const policies = scenario.policies as Record<string, { module?: string; use?: unknown } | undefined> | undefined;
  if (typeof policies !== "object" || policies === null) return [];
  return POLICY_FAMILIES.flatMap((family) => {
    const spec = Object.hasOwn(policies, family) ? policies[family] : undefined;
    if (typeof spec !== "object" || spec === null || typeof spec.module !== "string") return [];
    return [{ family, module: spec.module, use: typeof spec.use === "string" ? spec.use : spec.module }];
  });
}

/** Every plugin file still holds the code the run used (its SHA-256 in plugin_sha256); otherwise bad input naming it. */
function checkPluginCode(file: string, manifest: Manifest, plugins: readonly PluginUse[]): void {
  for (const { family, module, use } of plugins) {
    const label = `policy plugin ${use} (${family}, ${module})`;
    const recorded = manifest.plugin_sha256?.[module];
    if (recorded === undefined) throw new BadInputError(`${file}: plugin_sha256: records no SHA-256 for ${label}, so its code cannot be checked`);
    const read = readInputFile(module);
    if (!read.ok) throw new BadInputError(`${file}: cannot reproduce the run: ${label}: ${read.message}`);
    const now = createHash("sha256").update(read.bytes).digest("hex");
    if (now !== recorded) {
      throw new BadInputError(`${file}: cannot reproduce the run: ${label} has changed since the run (SHA-256 now ${now.slice(0, 12)}..., the manifest records ${recorded.slice(0, 12)}...); restore the plugin's code the run used`);
    }
  }
}

export interface ManifestScenarioRequest {
  /** The manifest, for messages. */
  file: string;
  scenario: Record<string, unknown>;
}

/**
 * Load the recorded scenario in this thread (importing its plugins): as
 * scenario input, each plugin named by its absolute module path (so the run's
 * scenario file need not be where it was), then given back its `use` as
 * written. Problems name the manifest and the field under `scenario.`.
 */
export async function loadManifestScenarioHere(request: ManifestScenarioRequest): Promise<Scenario> {
  const plugins = recordedPlugins(request.scenario);
  const table = new Map<string, LoadedPlugin>();
  for (const p of plugins) if (!table.has(p.module)) table.set(p.module, await importPlugin(p.family, p.module, p.use));
  const input = structuredClone(request.scenario) as { policies: Record<string, Record<string, unknown>> };
  for (const { family, module } of plugins) {
    const { module: _module, ...spec } = input.policies[family]!;
    input.policies[family] = { ...spec, use: module };
  }
  let scenario: Scenario;
  try {
    scenario = loadScenarioText(JSON.stringify(input), request.file, { catalog: catalogWithPlugins(builtinCatalog, table) });
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    // Positions in the re-serialised text mean nothing to the user; the field path does.
    throw new ScenarioError(error.issues.map((issue) => ({ file: request.file, line: 0, col: 0, path: issue.path === "" ? "scenario" : `scenario.${issue.path}`, message: issue.message })));
  }
  for (const { family, use } of plugins) scenario.policies[family] = { ...scenario.policies[family], use };
  return scenario;
}

/** The overrides the run applied to its scenario file: a plain run's `overrides`, a sweep run's `sweep_run.overrides`. */
function runOverrides(manifest: Manifest): RecordedOverride[] {
  return manifest.overrides ?? recordedOverrides(manifest.sweep_run?.overrides ?? []);
}

/** Read a run's manifest and the scenario it records, checked against scenario_sha256 and the plugin code. Throws bad input. */
export async function scenarioFromManifest(path: string, build: { version: string; commit: string }, reuse?: ThreadPool): Promise<ManifestRun> {
  const file = resolve(path);
  const manifest = readRunManifest(path);
  const data = manifest.scenario as Record<string, unknown>;
  const plugins = recordedPlugins(data);
  checkPluginCode(path, manifest, plugins);
  const request: ManifestScenarioRequest = { file: path, scenario: data };
  const scenario =
    plugins.length === 0
      ? await loadManifestScenarioHere(request)
      : await inLoaderThread<Scenario>("loadManifestScenarioHere", request, plugins.map((p) => p.use), reuse);

  const recordedBuild = `coordsim ${manifest.coordsim_version} (commit ${manifest.coordsim_commit ?? "unknown"})`;
  const thisBuild = `coordsim ${build.version} (commit ${build.commit})`;
  const otherBuild = manifest.coordsim_version !== build.version || (manifest.coordsim_commit !== undefined && manifest.coordsim_commit !== "unknown" && build.commit !== "unknown" && manifest.coordsim_commit !== build.commit);
  if (scenarioSha256(scenario, pluginDigests(scenario)) !== manifest.scenario_sha256) {
    const why = otherBuild ? `edited, or ${thisBuild} resolves the scenario ${recordedBuild} wrote differently` : "edited";
    throw new BadInputError(`${path}: scenario: does not hash to the manifest's scenario_sha256 (${why}); to run a changed scenario, save it as a scenario file`);
  }
  const warnings: string[] = [];
  if (otherBuild) warnings.push(`${path} was written by ${recordedBuild}; this is ${thisBuild}: the outputs may differ`);
  let maxEvents: number | undefined;
  if (manifest.stop_reason === "maxWall") {
    maxEvents = manifest.events_processed;
    warnings.push(`the run in ${path} was stopped by --max-wall after ${manifest.events_processed} events; this one stops after as many events`);
  }
  return { file, manifest, scenario, overrides: runOverrides(manifest), ...(maxEvents !== undefined ? { maxEvents } : {}), warnings };
}
