// The worker-thread entry of ThreadPool (threadPool.ts): one job at a time,
// executeRunTask (sweeps) or executeIsolatedRun (`coordsim run` with plugins).
// A job's error crosses the thread boundary as text plus its coordsim kind.
import { parentPort } from "node:worker_threads";
import { describeThrown } from "../../describeThrown.js";
import { coordsimCause } from "../../errors.js";
import { executeIsolatedRun } from "./isolatedRun.js";
import { executeRunTask } from "./runTask.js";

const methods: Record<string, (payload: never) => Promise<unknown>> = { executeRunTask, executeIsolatedRun };

parentPort!.on("message", async ({ method, payload }: { method: string; payload: never }) => {
  try {
    const run = methods[method];
    if (run === undefined) throw new Error(`unknown worker method ${method}`);
    parentPort!.postMessage({ ok: true, value: await run(payload) });
  } catch (error) {
    const kind = coordsimCause(error)?.kind;
    parentPort!.postMessage({ ok: false, message: describeThrown(error), ...(kind !== undefined ? { coordsimKind: kind } : {}) });
  }
});
