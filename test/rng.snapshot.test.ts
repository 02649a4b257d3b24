import { describe, expect, it } from "vitest";
import { Stream, streamSeed } from "../src/sim/rng/index.js";

// Stream.snapshot / fromSnapshot: the CMA-ES state (src/search) carries its sampling stream this way.
describe("Stream snapshots", () => {
  it("a JSON round trip continues draw for draw, also with a pending polar-method normal", () => {
    const a = new Stream(streamSeed(9, "search.cmaes"));
    for (let k = 0; k < 7; k++) a.uniform();
    a.normal(); // leaves the pair's second deviate pending
    const snapshot = a.snapshot();
    expect(snapshot.spare).not.toBeNull();
    const b = Stream.fromSnapshot(JSON.parse(JSON.stringify(snapshot)));
    const draws = (s: Stream) => Array.from({ length: 50 }, (_, k) => (k % 3 === 0 ? s.uniform() : k % 3 === 1 ? s.normal() : s.uint32()));
    expect(draws(b)).toEqual(draws(a));
    expect(new Stream("x").snapshot().spare).toBeNull();
  });

  it("refuses snapshots that are not int32 words", () => {
    expect(() => Stream.fromSnapshot({ a: 1.5, b: 0, c: 0, d: 0, spare: null })).toThrow(/int32/);
    expect(() => Stream.fromSnapshot({ a: 1, b: 0, c: 0, d: 2 ** 31, spare: null })).toThrow(/int32/);
    expect(() => Stream.fromSnapshot({ a: 1, b: 0, c: 0, d: 0, spare: NaN })).toThrow(/spare/);
  });
});
