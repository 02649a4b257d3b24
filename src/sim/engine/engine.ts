/**
 * The discrete-event kernel: a clock, an event queue and a handler table.
 *
 * Like SimPy's Environment it knows nothing about the economy. Callers register
 * event kinds (`defineKind`) and schedule `(kind, target, arg)` triples; the
 * engine pops them in (time, priority, seq) order and calls the kind's handler.
 * Events are plain numbers in typed arrays, so the hot loop allocates nothing.
 */
import { describeThrown } from "../../describeThrown.js";
import { EventQueue, MAX_PRIORITY } from "./eventQueue.js";
import { InvariantViolation } from "../invariant.js";

/** Handle one event: `target` is usually an entity index, `arg` a free payload. */
export type EventHandler = (target: number, arg: number) => void;

export interface RunOptions {
  /**
   * Process events with time <= until, then set `now = until`. With Infinity the run
   * ends when the queue empties and `now` stays at the last event's time.
   */
  until: number;
  /** Stop after this many events in this call (default Infinity). */
  maxEvents?: number;
  /**
   * Fire `onSnapshot` at every t = k * snapshotEvery (k = 1, 2, ...) up to `until`, and at
   * `until` itself when the run ends normally. Without it, only the closing snapshot fires.
   */
  snapshotEvery?: number;
  /** Observe the state at time t (`now === t`): every event with time <= t has run, none later. */
  onSnapshot?: (t: number) => void;
  /** Call `onProgress` every this many events of this call (default 65536). */
  progressEvery?: number;
  onProgress?: (now: number, events: number) => void;
}

export interface RunOutcome {
  /**
   * "until"/"empty": finished normally (queue non-empty / empty), all snapshots fired.
   * "maxEvents"/"stopped": cut short, `now` is the last event's time, later snapshots not fired;
   * a later `run` resumes where this one stopped.
   */
  reason: "until" | "empty" | "maxEvents" | "stopped";
  /** Events processed by this call. */
  events: number;
  now: number;
}

export interface EngineConstraints {
  /** Queue slots allocated up front; it doubles when full (default 1024). */
  initialCapacity?: number;
}

const DEFAULT_PROGRESS_EVERY = 65536;

export class Engine {
  /** Current simulation time; never decreases. */
  now = 0;
  /** Events processed over the engine's lifetime (all `run` calls). */
  eventsProcessed = 0;

  private readonly queue: EventQueue;
  private readonly handlers: EventHandler[] = [];
  private readonly names: string[] = [];
  private stopRequested = false;
  private running = false;
  /** Time of the last snapshot fired, so a resumed run neither repeats nor skips boundaries. */
  private lastSnapshot = 0;

  constructor(constraints: EngineConstraints = {}) {
    this.queue = new EventQueue(constraints.initialCapacity ?? 1024);
  }

  /** Register a handler and return its kind id (dense, in registration order). */
  defineKind(name: string, handler: EventHandler): number {
    if (name === "" || this.names.includes(name)) {
      throw new Error(`Engine.defineKind: kind name must be non-empty and unique, got "${name}"`);
    }
    if (typeof handler !== "function") {
      throw new Error(`Engine.defineKind: handler for "${name}" must be a function`);
    }
    this.handlers.push(handler);
    this.names.push(name);
    return this.handlers.length - 1;
  }

  /** Return the name a kind id was registered under. */
  kindName(kind: number): string {
    return this.names[kind] ?? `<unknown kind ${kind}>`;
  }

  /** Number of events waiting in the queue. */
  get pending(): number {
    return this.queue.size;
  }

  /** Return the time of the next event, or Infinity if none. */
  peek(): number {
    return this.queue.peekTime();
  }

  /** Schedule `kind` for `target` at `now + delay`. */
  schedule(delay: number, kind: number, target: number, arg = 0, priority = 0): void {
    this.scheduleAt(this.now + delay, kind, target, arg, priority);
  }

  /** Schedule `kind` for `target` (int32) at absolute `time` (>= now, finite); priority 0..255, lower first. */
  scheduleAt(time: number, kind: number, target: number, arg = 0, priority = 0): void {
    // `!(time >= now)` also rejects NaN; causality forbids scheduling into the past.
    // One combined test keeps the hot path short; the cold path explains.
    if (
      !(time >= this.now) ||
      time === Infinity ||
      this.handlers[kind] === undefined ||
      (priority & 0xff) !== priority ||
      (target | 0) !== target
    ) {
      throw this.invalidSchedule(time, kind, target, priority);
    }
    this.queue.insert(time, priority, kind, target, arg);
  }

  /** Ask the running loop to return after the current handler (reason "stopped"). */
  stop(): void {
    this.stopRequested = true;
  }

  /** Process events up to `until`; resumable with a later `until`. */
  run(options: RunOptions): RunOutcome {
    const { until, onSnapshot, onProgress } = options;
    const maxEvents = options.maxEvents ?? Infinity;
    const snapshotEvery = options.snapshotEvery ?? Infinity;
    const progressEvery = options.progressEvery ?? DEFAULT_PROGRESS_EVERY;
    validateRun(this.now, until, maxEvents, snapshotEvery, progressEvery, onSnapshot !== undefined);
    if (this.running) throw new Error("Engine.run: already running (run() called from a handler or observer?)");
    this.running = true;
    try {
      return this.loop(until, maxEvents, snapshotEvery, progressEvery, onSnapshot, onProgress);
    } finally {
      this.running = false;
      this.stopRequested = false;
    }
  }

  private loop(
    until: number,
    maxEvents: number,
    snapshotEvery: number,
    progressEvery: number,
    onSnapshot: RunOptions["onSnapshot"],
    onProgress: RunOptions["onProgress"],
  ): RunOutcome {

    const q = this.queue;
    const handlers = this.handlers;
    // Boundaries are k * every (never accumulated, so they do not drift). A
    // resumed run starts at the first boundary not yet fired and not in the past.
    const periodic = onSnapshot !== undefined && snapshotEvery !== Infinity;
    let k = periodic ? Math.floor(Math.max(this.lastSnapshot, this.now) / snapshotEvery) : 0;
    while (periodic && (k * snapshotEvery <= this.lastSnapshot || k * snapshotEvery < this.now)) k++;
    let nextSnap = periodic ? k * snapshotEvery : Infinity;
    let nextProgress = onProgress !== undefined ? progressEvery : Infinity;
    let events = 0;
    this.stopRequested = false;

    for (;;) {
      // Fast path: a handful of comparisons per event; everything rare
      // (snapshots, progress, budget, stop) is folded into two limits.
      const horizon = nextSnap < until ? nextSnap : until;
      const cap = nextProgress < maxEvents ? nextProgress : maxEvents;
      try {
        while (events < cap && q.popUntil(horizon)) {
          this.now = q.topTime;
          handlers[q.topKind](q.topTarget, q.topArg);
          events++;
          this.eventsProcessed++;
          if (this.stopRequested) break;
        }
      } catch (err) {
        throw this.handlerError(err);
      }

      // Slow path: find out which limit was hit.
      if (this.stopRequested) return this.finish("stopped", events);
      if (events >= nextProgress) {
        nextProgress += progressEvery;
        onProgress?.(this.now, events);
        if (this.stopRequested) return this.finish("stopped", events);
        continue;
      }
      // The inner loop only exits with work left at or before `until` when
      // the budget is spent or a snapshot boundary comes first.
      const pendingWork = q.size > 0 && q.peekTime() <= until;
      if (events >= maxEvents && pendingWork) return this.finish("maxEvents", events);
      let snapAt = NaN;
      // With until = Infinity the boundaries never run out, so stop once idle.
      if (periodic && nextSnap <= until && (until !== Infinity || q.size > 0)) {
        snapAt = nextSnap; // Every event <= nextSnap is done, the next one is later.
        k++;
        nextSnap = k * snapshotEvery;
      } else if (onSnapshot !== undefined && until !== Infinity && this.lastSnapshot < until) {
        snapAt = until; // Closing snapshot when until is not a boundary.
      }
      if (snapAt === snapAt) {
        this.now = snapAt;
        this.lastSnapshot = snapAt;
        onSnapshot?.(snapAt);
        if (this.stopRequested) return this.finish("stopped", events);
        continue; // The observer may have scheduled work at or before until.
      }
      if (until !== Infinity) this.now = until;
      return this.finish(q.size === 0 ? "empty" : "until", events);
    }
  }

  private finish(reason: RunOutcome["reason"], events: number): RunOutcome {
    return { reason, events, now: this.now };
  }

  private handlerError(err: unknown): HandlerError {
    const q = this.queue;
    const why = describeThrown(err);
    return new HandlerError(
      `Engine.run: handler for "${this.kindName(q.topKind)}" failed at t=${this.now} ` +
        `(target ${q.topTarget}, arg ${q.topArg}): ${why}`,
      err,
    );
  }

  private invalidSchedule(time: number, kind: number, target: number, priority: number): Error {
    if (this.handlers[kind] === undefined || !Number.isInteger(kind)) {
      return new Error(`Engine.scheduleAt: unknown kind ${kind} (define it with defineKind first)`);
    }
    const what = `Engine.scheduleAt: event "${this.kindName(kind)}"`;
    if (!(time >= this.now) || time === Infinity) {
      return time < this.now
        ? new InvariantViolation("causality", `${what} scheduled at t=${time}, before now (t=${this.now})`)
        : new Error(`${what} at time ${time} is invalid: must be finite and >= now (${this.now})`);
    }
    if ((priority & 0xff) !== priority) {
      return new Error(`${what}: priority must be an integer in 0..${MAX_PRIORITY}, got ${priority}`);
    }
    return new Error(`${what}: target must be an int32, got ${target}`);
  }
}

/** A handler threw; the message names the kind, time and target, `cause` holds the original. */
export class HandlerError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = "HandlerError";
  }
}

function validateRun(
  now: number,
  until: number,
  maxEvents: number,
  snapshotEvery: number,
  progressEvery: number,
  hasSnapshotCallback: boolean,
): void {
  if (typeof until !== "number" || !(until >= now)) {
    throw new Error(`Engine.run: until (${until}) must be a number >= the current time (${now})`);
  }
  if (!(maxEvents >= 0) || (maxEvents !== Infinity && !Number.isInteger(maxEvents))) {
    throw new Error(`Engine.run: maxEvents must be a non-negative integer or Infinity, got ${maxEvents}`);
  }
  if (!(snapshotEvery > 0)) {
    throw new Error(`Engine.run: snapshotEvery must be > 0, got ${snapshotEvery}`);
  }
  if (snapshotEvery !== Infinity && !hasSnapshotCallback) {
    throw new Error(`Engine.run: snapshotEvery (${snapshotEvery}) given without onSnapshot`);
  }
  if (!Number.isInteger(progressEvery) || progressEvery < 1) {
    throw new Error(`Engine.run: progressEvery must be a positive integer, got ${progressEvery}`);
  }
}
