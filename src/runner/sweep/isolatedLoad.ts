// Loading a scenario that names user plugins needs their code (params are
// checked by the plugin's schema, imported with its module). That happens in a
// short-lived worker thread, never in coordsim's main thread: a timer a
// plugin's module sets (process.exit, process.kill, a throw, an endless
// interval) then lives and dies with that thread, and cannot end, signal or
// hold the CLI process. Scenarios without plugins load in the calling thread.
import { isMainThread } from "node:worker_threads";
import { builtinCatalog } from "../../policies/catalog.js";
import { catalogWithPlugins, loadScenarioPlugins, pluginPathsNamed } from "../../plugins/load.js";
import { PluginError } from "../../plugins/pluginError.js";
import { loadScenario } from "../../scenario/load.js";
import type { Scenario } from "../../scenario/schema.js";
import { rethrownJobError } from "./jobFailure.js";
import { ThreadPool, workerScript } from "./threadPool.js";

export interface ScenarioRequest {
  file: string;
  overrides: readonly string[];
  seed?: number;
}

/** Import the plugins a scenario names and load it (in whichever thread calls it). */
export async function loadScenarioHere(request: ScenarioRequest): Promise<Scenario> {
  const plugins = await loadScenarioPlugins(request.file, request.overrides);
  return loadScenario(request.file, { catalog: catalogWithPlugins(builtinCatalog, plugins), overrides: request.overrides, ...(request.seed !== undefined ? { seed: request.seed } : {}) });
}

/**
 * Run `method` of worker.ts on a fresh thread, stopped afterwards (or on
 * `reuse`'s thread, kept for the run that follows: `coordsim run` loads and
 * runs in one thread, saving a thread start); its errors come back as coordsim
 * errors of their kind.
 */
export async function inLoaderThread<T>(method: string, payload: unknown, plugins: readonly string[], reuse?: ThreadPool): Promise<T> {
  const pool = reuse ?? new ThreadPool(workerScript(), 1);
  try {
    const end = await pool.run<T>({ method, payload, retire: reuse === undefined });
    if (end.kind === "done") return end.value;
    if (end.kind === "threw") throw rethrownJobError(end);
    const named = plugins.map((p) => `policy plugin ${p}`).join(", ");
    throw new PluginError(`${named} ended the thread that imported ${plugins.length > 1 ? "them" : "it"} to check the scenario: ${end.kind === "died" ? end.reason : "it did not finish"}`);
  } finally {
    if (reuse === undefined) await pool.close();
  }
}

/**
 * Load a scenario; from the main thread, in a loader thread when it may name
 * plugins (`extra`: values from flags, such as compare's --vary, that may name
 * them too).
 */
export async function loadIsolated<T>(
  method: "loadScenarioHere" | "resolveSweepHere",
  request: { file: string; overrides: readonly string[] },
  here: () => Promise<T>,
  extra: readonly unknown[] = [],
  reuse?: ThreadPool,
): Promise<T> {
  const plugins = isMainThread ? pluginPathsNamed(request.file, request.overrides, extra) : [];
  return plugins.length === 0 ? here() : inLoaderThread<T>(method, request, plugins, reuse);
}

/** `loadScenarioHere`, kept out of the main thread when the scenario may name plugins (on `reuse`'s thread, if given). */
export function loadScenarioIsolated(request: ScenarioRequest, reuse?: ThreadPool): Promise<Scenario> {
  return loadIsolated("loadScenarioHere", request, () => loadScenarioHere(request), [], reuse);
}
