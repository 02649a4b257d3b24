import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventQueue } from "../src/sim/engine/index.js";

interface Ev {
  time: number;
  priority: number;
  seq: number;
  kind: number;
  target: number;
  arg: number;
}

type Op = { type: "push"; time: number; priority: number } | { type: "pop" } | { type: "peek" };

/** Reference model: an unsorted array searched linearly for the (time, priority, seq) minimum. */
function modelMinIndex(events: Ev[]): number {
  let best = 0;
  for (let i = 1; i < events.length; i++) {
    const a = events[i];
    const b = events[best];
    if (a.time < b.time || (a.time === b.time && (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq)))) {
      best = i;
    }
  }
  return best;
}

/** Pop everything and return [time, kind, target, arg] per event. */
function drain(q: EventQueue): number[][] {
  const out: number[][] = [];
  while (q.pop()) out.push([q.topTime, q.topKind, q.topTarget, q.topArg]);
  return out;
}

// Small integer times force many ties; doubles cover the general case (incl. ±Infinity, -0).
const timeArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant("push" as const), time: timeArb, priority: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.constant({ type: "pop" as const }) },
  { weight: 1, arbitrary: fc.constant({ type: "peek" as const }) },
);

describe("EventQueue", () => {
  it("starts empty", () => {
    const q = new EventQueue();
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBe(false);
  });

  it("pops in time order and carries the payload", () => {
    const q = new EventQueue(4);
    q.push(3, 0, 7, 30, 0.3);
    q.push(1, 0, 8, 10, 0.1);
    q.push(2, 0, 9, 20, 0.2);
    expect(q.size).toBe(3);
    expect(q.peekTime()).toBe(1);
    expect(drain(q)).toEqual([
      [1, 8, 10, 0.1],
      [2, 9, 20, 0.2],
      [3, 7, 30, 0.3],
    ]);
  });

  it("breaks time ties by priority, then insertion order", () => {
    const q = new EventQueue(2);
    q.push(5, 2, 0, 0, 0);
    q.push(5, 0, 0, 1, 0);
    q.push(5, 2, 0, 2, 0);
    q.push(5, 1, 0, 3, 0);
    q.push(5, 0, 0, 4, 0);
    const popped: number[][] = [];
    while (q.pop()) popped.push([q.topTarget, q.topPriority, q.topSeq]);
    expect(popped).toEqual([
      [1, 0, 1],
      [4, 0, 4],
      [3, 1, 3],
      [0, 2, 0],
      [2, 2, 2],
    ]);
  });

  it("accepts the full priority range and rejects anything else", () => {
    const q = new EventQueue();
    q.push(0, 255, 0, 0, 0);
    q.push(0, 0, 0, 1, 0);
    expect(q.pop() && q.topTarget).toBe(1);
    expect(q.pop() && q.topPriority).toBe(255);
    for (const bad of [-1, 256, 1.5, NaN, Infinity]) {
      expect(() => q.push(0, bad, 0, 0, 0)).toThrow(/EventQueue\.push: .*priority/);
    }
  });

  it("rejects NaN times and non-int32 kinds or targets", () => {
    const q = new EventQueue();
    expect(() => q.push(NaN, 0, 0, 0, 0)).toThrow(/EventQueue\.push: .*got time NaN/);
    expect(() => q.push(0, 0, 1.5, 0, 0)).toThrow(/kind 1\.5/);
    expect(() => q.push(0, 0, 0, 2 ** 31, 0)).toThrow(/target 2147483648/);
    expect(() => new EventQueue(0)).toThrow(/initialCapacity/);
    expect(q.size).toBe(0);
  });

  it("grows beyond its initial capacity, including while a popped root is pending", () => {
    const q = new EventQueue(1);
    const n = 5000;
    for (let i = 0; i < n; i++) q.push((i * 7919) % n, 0, i % 3, i, i / 2);
    expect(q.capacity).toBeGreaterThanOrEqual(n);
    // Pop half, interleaving pushes so growth also happens after lazy root removal.
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      expect(q.pop()).toBe(true);
      times.push(q.topTime);
      q.push(n + i, 0, 0, -i, 0);
      q.push(n + i + 0.5, 0, 0, -i, 0);
    }
    expect(q.size).toBe(2 * n);
    for (const [t] of drain(q)) times.push(t);
    expect(times.length).toBe(3 * n);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("matches a sorted reference model for any interleaving of push/pop/peek", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(opArb, { maxLength: 300 }), (cap, ops) => {
        const q = new EventQueue(cap);
        const model: Ev[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op.type === "push") {
            const ev = { time: op.time, priority: op.priority, seq: seq++, kind: seq % 5, target: seq * 3 - 100, arg: seq / 8 };
            q.push(ev.time, ev.priority, ev.kind, ev.target, ev.arg);
            model.push(ev);
          } else if (op.type === "pop") {
            if (model.length === 0) {
              expect(q.pop()).toBe(false);
              continue;
            }
            const [ev] = model.splice(modelMinIndex(model), 1);
            expect(q.pop()).toBe(true);
            expect([q.topTime, q.topPriority, q.topSeq, q.topKind, q.topTarget, q.topArg]).toEqual([
              ev.time, ev.priority, ev.seq, ev.kind, ev.target, ev.arg,
            ]);
          } else {
            expect(q.peekTime()).toBe(model.length === 0 ? Infinity : model[modelMinIndex(model)].time);
          }
          expect(q.size).toBe(model.length);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("pops equal (time, priority) events in insertion order under any interleaving", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 300 }), (pushes) => {
        const q = new EventQueue(2);
        let next = 0;
        const popped: number[] = [];
        for (const isPush of pushes) {
          if (isPush) q.push(1, 7, 0, next++, 0);
          else if (q.pop()) popped.push(q.topTarget);
        }
        for (const [, , target] of drain(q)) popped.push(target);
        expect(popped).toEqual(Array.from({ length: next }, (_, i) => i));
      }),
    );
  });

  it("keeps the sequence counter per instance", () => {
    const a = new EventQueue();
    const b = new EventQueue();
    a.push(0, 0, 0, 0, 0);
    a.push(0, 0, 0, 0, 0);
    b.push(0, 0, 0, 0, 0);
    expect(b.pop() && b.topSeq).toBe(0);
  });
});
