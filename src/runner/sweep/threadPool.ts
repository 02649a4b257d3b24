// A small pool of worker threads that survives its workers dying. workerpool
// (10.x) never settles the tasks queued behind a thread that ran out of heap or
// exited: its cleanup waits for an 'exit' event that already fired. Here every
// job settles exactly once (done, threw, died, or timed out), a dead or stopped
// thread is replaced, and a thread that ran user plugins is retired after its
// job, so a timer a plugin left behind can never end someone else's run.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import { describeThrown } from "../../describeThrown.js";

/** The compiled worker script (tests running from TypeScript sources use the build in dist/). */
export function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) return join(here, "../../../../dist/src/runner/sweep/worker.js");
  return join(here, "../worker.js");
}

export type JobEnd<T> =
  | { kind: "done"; value: T }
  /** The job threw; `coordsimKind` is the kind of its coordsim cause, if any. */
  | { kind: "threw"; message: string; coordsimKind?: string }
  | { kind: "died"; reason: string }
  | { kind: "timeout" };

export interface Job {
  method: string;
  payload: unknown;
  /** Stop the thread (and settle "timeout") when the job has run this long. */
  timeoutMs?: number;
  /** Do not reuse the thread afterwards (it ran user code). */
  retire: boolean;
  /** Progress the job posts while it runs (`{ progress: { now, events } }` messages from the worker). */
  onProgress?: (now: number, events: number) => void;
}

/** The default cap on each worker thread's heap, MB. */
export const WORKER_HEAP_CAP_MB = 4096;

/**
 * Each thread's old-generation heap cap: 4,096 MB, or the main process's own
 * V8 heap limit if lower, so a heap blow-up ends only its thread.
 * COORDSIM_WORKER_HEAP_MB (a whole number >= 64) sets it.
 */
export function workerHeapCapMb(): number {
  const set = Number(process.env.COORDSIM_WORKER_HEAP_MB);
  if (Number.isSafeInteger(set) && set >= 64) return set;
  return Math.min(WORKER_HEAP_CAP_MB, Math.ceil(getHeapStatistics().heap_size_limit / 2 ** 20));
}

interface Slot {
  worker: Worker;
  /** Settles the job the thread runs now; undefined while idle. */
  settle?: (end: JobEnd<unknown>) => void;
  progress?: (now: number, events: number) => void;
  lastError?: string;
}

export class ThreadPool {
  private readonly idle: Slot[] = [];
  private live = 0;
  private readonly queue: { job: Job; resolve: (end: JobEnd<unknown>) => void }[] = [];
  private closed = false;

  constructor(
    private readonly script: string,
    private readonly size: number,
  ) {}

  /** Run a job on a free thread (queued until one is); always settles, never rejects. */
  run<T>(job: Job): Promise<JobEnd<T>> {
    return new Promise((resolve) => {
      this.queue.push({ job, resolve: resolve as (end: JobEnd<unknown>) => void });
      this.pump();
    });
  }

  /** Stop every thread. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.idle.splice(0);
    this.live -= slots.length;
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    while (!this.closed && this.queue.length > 0 && (this.idle.length > 0 || this.live < this.size)) {
      const slot = this.idle.pop() ?? this.spawn();
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: workerHeapCapMb() }, stdout: false, stderr: false });
    const slot: Slot = { worker };
    this.live++;
    worker.on("message", (m: { ok: boolean; value?: unknown; message?: string; coordsimKind?: string; progress?: { now: number; events: number } }) => {
      if (m.progress !== undefined) slot.progress?.(m.progress.now, m.progress.events);
      else slot.settle?.(m.ok ? { kind: "done", value: m.value } : { kind: "threw", message: m.message ?? "", ...(m.coordsimKind !== undefined ? { coordsimKind: m.coordsimKind } : {}) });
    });
    worker.on("error", (error) => (slot.lastError = describeThrown(error)));
    worker.on("exit", (code) => {
      if (slot.settle !== undefined) {
        slot.settle({ kind: "died", reason: slot.lastError ?? `the worker thread exited with code ${code}` });
        return;
      }
      // Died while idle: forget it (a replacement is spawned on demand).
      const at = this.idle.indexOf(slot);
      if (at >= 0) {
        this.idle.splice(at, 1);
        this.live--;
      }
    });
    return slot;
  }

  private start(slot: Slot, { job, resolve }: { job: Job; resolve: (end: JobEnd<unknown>) => void }): void {
    const timer = job.timeoutMs === undefined ? undefined : setTimeout(() => slot.settle?.({ kind: "timeout" }), job.timeoutMs);
    slot.progress = job.onProgress;
    slot.settle = (end) => {
      slot.settle = slot.progress = undefined;
      if (timer !== undefined) clearTimeout(timer);
      if (end.kind === "done" || end.kind === "threw") {
        if (job.retire) this.retire(slot);
        else this.idle.push(slot);
      } else if (end.kind === "timeout") this.retire(slot);
      else this.live--; // died: the thread is gone already
      resolve(end);
      this.pump();
    };
    slot.worker.postMessage({ method: job.method, payload: job.payload });
  }

  private retire(slot: Slot): void {
    this.live--;
    void slot.worker.terminate();
  }
}
