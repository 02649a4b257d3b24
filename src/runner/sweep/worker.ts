// The worker-thread entry of ThreadPool (threadPool.ts): one job at a time,
// executeRunTask (sweeps), executeIsolatedRun (`coordsim run` with plugins),
// loadScenarioHere / resolveSweepHere / loadManifestScenarioHere (loading a
// scenario that names plugins).
// A job's error crosses the thread boundary as text plus its coordsim kind; a
// coordsim error's message is sent whole (a scenario's list of problems can be
// long), anything else as describeThrown's one clipped line.
import { parentPort } from "node:worker_threads";
import { describeThrown } from "../../describeThrown.js";
import { coordsimCause } from "../../errors.js";
import { loadManifestScenarioHere } from "../fromManifest.js";
import { loadScenarioHere } from "./isolatedLoad.js";
import { executeIsolatedRun } from "./isolatedRun.js";
import { resolveSweepHere } from "./resolve.js";
import { executeRunTask } from "./runTask.js";

const methods: Record<string, (payload: never) => Promise<unknown>> = { executeRunTask, executeIsolatedRun, loadScenarioHere, resolveSweepHere, loadManifestScenarioHere };

parentPort!.on("message", async ({ method, payload }: { method: string; payload: never }) => {
  try {
    const run = methods[method];
    if (run === undefined) throw new Error(`unknown worker method ${method}`);
    parentPort!.postMessage({ ok: true, value: await run(payload) });
  } catch (error) {
    const kind = coordsimCause(error)?.kind;
    const message = kind !== undefined && error instanceof Error && typeof error.message === "string" ? error.message : describeThrown(error);
    parentPort!.postMessage({ ok: false, message, ...(kind !== undefined ? { coordsimKind: kind } : {}) });
  }
});
