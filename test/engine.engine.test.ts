import { InvariantViolation } from "../src/sim/invariant.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Engine, HandlerError } from "../src/sim/engine/index.js";

/** An engine whose kinds "a", "b", "c" log `[now, kind, target, arg]`. */
function tracing() {
  const engine = new Engine({ initialCapacity: 2 });
  const log: (string | number)[][] = [];
  const kind = (name: string) => engine.defineKind(name, (target, arg) => log.push([engine.now, name, target, arg]));
  return { engine, log, a: kind("a"), b: kind("b"), c: kind("c") };
}

describe("Engine traces", () => {
  it("processes events in (time, priority, insertion) order", () => {
    const { engine, log, a, b, c } = tracing();
    engine.scheduleAt(2, a, 1);
    engine.scheduleAt(1, b, 2, 0.5);
    engine.scheduleAt(2, c, 3, 0, 1);
    engine.scheduleAt(2, b, 4);
    engine.schedule(0, a, 5);
    expect(engine.run({ until: 10 })).toEqual({ reason: "empty", events: 5, now: 10 });
    expect(log).toEqual([
      [0, "a", 5, 0],
      [1, "b", 2, 0.5],
      [2, "a", 1, 0],
      [2, "b", 4, 0],
      [2, "c", 3, 0],
    ]);
  });

  it("lets handlers reschedule (ping-pong), zero delays queue behind same-time events", () => {
    const engine = new Engine();
    const log: [number, string, number][] = [];
    const pong = engine.defineKind("pong", (t, n) => {
      log.push([engine.now, "pong", t]);
      if (n > 0) engine.schedule(1.5, ping, t, n - 1);
    });
    const ping = engine.defineKind("ping", (t, n) => {
      log.push([engine.now, "ping", t]);
      engine.schedule(0, pong, t, n);
    });
    engine.scheduleAt(0, ping, 1, 2);
    engine.scheduleAt(0, ping, 2, 0);
    engine.run({ until: 100 });
    expect(log).toEqual([
      [0, "ping", 1],
      [0, "ping", 2],
      [0, "pong", 1],
      [0, "pong", 2],
      [1.5, "ping", 1],
      [1.5, "pong", 1],
      [3, "ping", 1],
      [3, "pong", 1],
    ]);
    expect(engine.eventsProcessed).toBe(8);
  });

  it("leaves events after `until` queued and resumes with the same trace", () => {
    const once = tracing();
    const twice = tracing();
    for (const { engine, a } of [once, twice]) for (const t of [1, 4, 5, 6, 9]) engine.scheduleAt(t, a, t);
    expect(once.engine.run({ until: 20 })).toEqual({ reason: "empty", events: 5, now: 20 });
    expect(twice.engine.run({ until: 5 })).toEqual({ reason: "until", events: 3, now: 5 });
    expect(twice.engine.pending).toBe(2);
    expect(twice.engine.run({ until: 20 })).toEqual({ reason: "empty", events: 2, now: 20 });
    expect(twice.log).toEqual(once.log);
    expect(twice.engine.eventsProcessed).toBe(5);
  });

  it("runs far beyond the initial queue capacity", () => {
    const engine = new Engine({ initialCapacity: 1 });
    const seen: number[] = [];
    const k = engine.defineKind("k", (target) => seen.push(target));
    for (let i = 0; i < 10_000; i++) engine.scheduleAt((i * 7) % 10_000, k, i);
    engine.run({ until: Infinity });
    expect(seen.length).toBe(10_000);
    expect(seen.map((i) => (i * 7) % 10_000)).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
  });
});

describe("Engine snapshots", () => {
  /** Log events as numbers and snapshots as "S<t>/<now>". */
  function snapTrace(times: number[], until: number, every?: number) {
    const engine = new Engine();
    const log: (number | string)[] = [];
    const k = engine.defineKind("k", () => log.push(engine.now));
    for (const t of times) engine.scheduleAt(t, k, 0);
    const outcome = engine.run({ until, snapshotEvery: every, onSnapshot: (t) => log.push(`S${t}/${engine.now}`) });
    return { log, outcome };
  }

  it("fires at k*every, including events exactly at the boundary, plus a closing snapshot", () => {
    const { log, outcome } = snapTrace([1, 3, 3.5, 7, 11], 10, 3);
    expect(log).toEqual([1, 3, "S3/3", 3.5, "S6/6", 7, "S9/9", "S10/10"]);
    expect(outcome).toEqual({ reason: "until", events: 4, now: 10 });
  });

  it("adds no closing snapshot when until is a boundary, and fires boundaries on an empty queue", () => {
    expect(snapTrace([2], 9, 3).log).toEqual([2, "S3/3", "S6/6", "S9/9"]);
    expect(snapTrace([], 7, 2)).toEqual({ log: ["S2/2", "S4/4", "S6/6", "S7/7"], outcome: { reason: "empty", events: 0, now: 7 } });
  });

  it("fires only the closing snapshot when snapshotEvery is omitted", () => {
    expect(snapTrace([1, 2], 5).log).toEqual([1, 2, "S5/5"]);
  });

  it("stops snapshotting once idle when until is Infinity", () => {
    const { log, outcome } = snapTrace([1, 4.5], Infinity, 2);
    expect(log).toEqual([1, "S2/2", "S4/4", 4.5]);
    expect(outcome).toEqual({ reason: "empty", events: 2, now: 4.5 });
  });

  it("continues boundaries across resumed runs without repeats", () => {
    const engine = new Engine();
    const snaps: number[] = [];
    const opts = { snapshotEvery: 3, onSnapshot: (t: number) => snaps.push(t) };
    engine.run({ until: 4, ...opts });
    engine.run({ until: 10, ...opts });
    engine.run({ until: 10, ...opts });
    expect(snaps).toEqual([3, 4, 6, 9, 10]);
  });

  it("matches the definition for random event times: snapshot T sees exactly the events <= T", () => {
    const times = fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 20, noNaN: true })), { maxLength: 40 });
    fc.assert(
      fc.property(times, fc.integer({ min: 1, max: 8 }), fc.double({ min: 0, max: 25, noNaN: true }), (ts, every, until) => {
        const engine = new Engine();
        let processed = 0;
        const k = engine.defineKind("k", () => processed++);
        for (const t of ts) engine.scheduleAt(t, k, 0);
        const seen: [number, number][] = [];
        engine.run({ until, snapshotEvery: every, onSnapshot: (t) => seen.push([t, processed]) });
        const expected: [number, number][] = [];
        for (let b = every; b <= until; b += every) expected.push([b, ts.filter((t) => t <= b).length]);
        if (expected.length === 0 || expected[expected.length - 1][0] !== until) {
          if (until > 0) expected.push([until, ts.filter((t) => t <= until).length]);
        }
        expect(seen).toEqual(expected);
        expect(engine.now).toBe(until);
      }),
      { numRuns: 300 },
    );
  });
});

describe("Engine early stops and progress", () => {
  it("stops at maxEvents without further snapshots, then resumes", () => {
    const { engine, log, a } = tracing();
    for (const t of [1, 2, 4, 5]) engine.scheduleAt(t, a, t);
    const snaps: number[] = [];
    const opts = { until: 10, snapshotEvery: 3, onSnapshot: (t: number) => snaps.push(t) };
    expect(engine.run({ ...opts, maxEvents: 2 })).toEqual({ reason: "maxEvents", events: 2, now: 2 });
    expect(snaps).toEqual([]);
    expect(engine.run({ ...opts, maxEvents: 0 })).toEqual({ reason: "maxEvents", events: 0, now: 2 });
    expect(engine.run(opts)).toEqual({ reason: "empty", events: 2, now: 10 });
    expect(snaps).toEqual([3, 6, 9, 10]);
    expect(log.map((e) => e[0])).toEqual([1, 2, 4, 5]);
  });

  it("reports a completed run as until/empty even when maxEvents is reached exactly", () => {
    const { engine, a } = tracing();
    engine.scheduleAt(1, a, 0);
    engine.scheduleAt(8, a, 0);
    expect(engine.run({ until: 5, maxEvents: 1 })).toEqual({ reason: "until", events: 1, now: 5 });
  });

  it("stops after the handler that calls stop(), and from onSnapshot", () => {
    const engine = new Engine();
    const log: number[] = [];
    const k = engine.defineKind("k", (target) => {
      log.push(target);
      if (target === 2) engine.stop();
    });
    for (let i = 1; i <= 4; i++) engine.scheduleAt(i, k, i);
    const snaps: number[] = [];
    const onSnapshot = (t: number) => {
      snaps.push(t);
      if (t === 3) engine.stop();
    };
    expect(engine.run({ until: 10, snapshotEvery: 1.5, onSnapshot })).toEqual({ reason: "stopped", events: 2, now: 2 });
    expect(snaps).toEqual([1.5]);
    expect(engine.run({ until: 10, snapshotEvery: 1.5, onSnapshot })).toEqual({ reason: "stopped", events: 1, now: 3 });
    expect(snaps).toEqual([1.5, 3]);
    expect(log).toEqual([1, 2, 3]);
  });

  it("reports progress every progressEvery events", () => {
    const engine = new Engine();
    const k = engine.defineKind("k", () => {});
    for (let i = 0; i < 10; i++) engine.scheduleAt(i, k, 0);
    const calls: [number, number][] = [];
    engine.run({ until: 100, progressEvery: 4, onProgress: (now, n) => calls.push([now, n]) });
    expect(calls).toEqual([
      [3, 4],
      [7, 8],
    ]);
  });
});

describe("Engine errors", () => {
  it("rejects scheduling into the past, NaN or Infinity, naming the kind and times", () => {
    const engine = new Engine();
    const late = engine.defineKind("late", () => engine.scheduleAt(1, late, 0));
    engine.scheduleAt(2, late, 0);
    expect(() => engine.schedule(-1, late, 0)).toThrow('invariant causality violated: Engine.scheduleAt: event "late" scheduled at t=-1, before now (t=0)');
    expect(() => engine.schedule(NaN, late, 0)).toThrow(/"late" at time NaN/);
    expect(() => engine.scheduleAt(Infinity, late, 0)).toThrow(/"late" at time Infinity/);
    const err = (() => {
      try {
        engine.run({ until: 5 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(HandlerError);
    expect((err as Error).message).toBe(
      'Engine.run: handler for "late" failed at t=2 (target 0, arg 0): ' +
        'invariant causality violated: Engine.scheduleAt: event "late" scheduled at t=1, before now (t=2)',
    );
    expect(((err as Error).cause as InvariantViolation).invariant).toBe("causality");
  });

  it("rejects unknown kinds, bad priorities and targets, duplicate names", () => {
    const engine = new Engine();
    const k = engine.defineKind("k", () => {});
    expect(() => engine.schedule(1, 5, 0)).toThrow("Engine.scheduleAt: unknown kind 5");
    expect(() => engine.schedule(1, 0.5, 0)).toThrow("unknown kind 0.5");
    expect(() => engine.schedule(1, k, 0, 0, 256)).toThrow('event "k": priority must be an integer in 0..255, got 256');
    expect(() => engine.schedule(1, k, 1.5)).toThrow('event "k": target must be an int32, got 1.5');
    expect(() => engine.defineKind("k", () => {})).toThrow(/unique, got "k"/);
    expect(engine.pending).toBe(0);
  });

  it("refuses to run re-entrantly and recovers after a handler error", () => {
    const engine = new Engine();
    const nested = engine.defineKind("nested", () => engine.run({ until: 10 }));
    engine.scheduleAt(1, nested, 0);
    engine.scheduleAt(2, nested, 0);
    expect(() => engine.run({ until: 10 })).toThrow(/handler for "nested" failed at t=1 .*already running/);
    expect(() => engine.run({ until: 10 })).toThrow(/failed at t=2/);
    expect(engine.run({ until: 10 })).toEqual({ reason: "empty", events: 0, now: 10 });
  });

  it("validates run options", () => {
    const engine = new Engine();
    engine.run({ until: 5 });
    expect(() => engine.run({ until: 3 })).toThrow("Engine.run: until (3) must be a number >= the current time (5)");
    expect(() => engine.run({ until: NaN })).toThrow(/until \(NaN\)/);
    expect(() => engine.run({ until: 9, maxEvents: -1 })).toThrow(/maxEvents/);
    expect(() => engine.run({ until: 9, snapshotEvery: 0, onSnapshot: () => {} })).toThrow(/snapshotEvery must be > 0/);
    expect(() => engine.run({ until: 9, snapshotEvery: 1 })).toThrow(/without onSnapshot/);
    expect(() => engine.run({ until: 9, progressEvery: 0 })).toThrow(/progressEvery/);
  });
});
