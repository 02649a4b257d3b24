// Bare simulate() calls in a worker thread, no pool, no files: the sweep
// benchmark's workload ceiling. Receives scenarios, replies when all are done.
import { parentPort, workerData } from "node:worker_threads";
import { simulate } from "../src/runner/simulate.js";
import type { Scenario } from "../src/scenario/schema.js";

let events = 0;
for (const scenario of workerData as Scenario[]) events += simulate(scenario).events;
parentPort?.postMessage(events);
