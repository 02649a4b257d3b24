// What parallelism the machine really offers a CPU-bound JavaScript thread:
// the same integer kernel, one unit on 1 worker thread (x2) vs one unit on
// each of 2 at once. On SMT siblings or a throttled VM this is well below 2, and no
// sweep can beat it; the sweep section reports its speedup against it.
import { Worker } from "node:worker_threads";

const KERNEL = `
const { parentPort, workerData } = require("node:worker_threads");
function kernel(units, iterations) {
  let a = 1, b = 2, c = 3, d = 4, e = 5, f = 6;
  for (let u = 0; u < units; u++) {
    for (let i = 0; i < iterations; i++) { a = (a + i) | 0; b = (b ^ i) | 0; c = (c + (i << 1)) | 0; d = (d - i) | 0; e = (e ^ (i >> 1)) | 0; f = (f + 3) | 0; }
  }
  return a + b + c + d + e + f;
}
parentPort.postMessage(kernel(workerData.units, workerData.iterations));
`;

/** Start a worker (a script URL, or code with `eval`) and resolve with its one message. */
function workerResult<T>(script: string | URL, workerData: unknown, evalCode = false): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { eval: evalCode, workerData });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

const runKernel = (units: number, iterations: number) => workerResult<number>(KERNEL, { units, iterations }, true);

/** Wall seconds for 2 kernel units on 1 thread (twice one unit's time) and on 2 threads at once (best of `rounds`). */
export async function parallelCeiling(clock: () => number, iterations: number, rounds: number): Promise<{ one: number; two: number; speedup: number }> {
  let one = Infinity;
  let two = Infinity;
  for (let r = 0; r < rounds; r++) {
    let start = clock();
    await runKernel(1, iterations);
    one = Math.min(one, (2 * (clock() - start)) / 1000);
    start = clock();
    await Promise.all([runKernel(1, iterations), runKernel(1, iterations)]);
    two = Math.min(two, (clock() - start) / 1000);
  }
  return { one, two, speedup: one / two };
}

const simulateOn = (scenarios: readonly unknown[]) => workerResult<number>(new URL("./simulateWorker.js", import.meta.url), scenarios);

/**
 * The sweep's own runs as bare simulate() calls: all on 1 thread vs split over
 * 2 threads (each a fresh thread, as a pool worker is). Memory-bound work
 * scales less than the integer kernel when the 2 CPUs share caches.
 */
export async function workloadCeiling(clock: () => number, scenarios: readonly unknown[], rounds: number): Promise<{ one: number; two: number; speedup: number }> {
  let one = Infinity;
  let two = Infinity;
  const even = scenarios.filter((_, i) => i % 2 === 0);
  const odd = scenarios.filter((_, i) => i % 2 === 1);
  for (let r = 0; r < rounds; r++) {
    let start = clock();
    await simulateOn(scenarios);
    one = Math.min(one, (clock() - start) / 1000);
    start = clock();
    await Promise.all([simulateOn(even), simulateOn(odd)]);
    two = Math.min(two, (clock() - start) / 1000);
  }
  return { one, two, speedup: one / two };
}
