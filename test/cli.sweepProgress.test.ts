import { describe, expect, it } from "vitest";
import { sweepProgress } from "../src/cli/sweepProgress.js";

function sink(isTTY: boolean) {
  const out = { text: "", isTTY, write: (s: string) => (out.text += s) };
  return out;
}

describe("sweep progress on stderr", () => {
  it("on a TTY redraws one bar with runs done/total, failures and ETA, and ends the line", () => {
    let now = 0;
    const stream = sink(true);
    const p = sweepProgress(stream, { quiet: false, clock: () => now });
    p.update({ total: 10, done: 0, failed: 0, resumed: 0 });
    now = 4000;
    p.update({ total: 10, done: 4, failed: 1, resumed: 0 });
    expect(stream.text).toContain("\r  [##########--------------] 4/10 runs, 1 failed, ETA 6s");
    now = 4050;
    p.update({ total: 10, done: 5, failed: 1, resumed: 0 }); // within 200 ms: not redrawn
    expect(stream.text).not.toContain("5/10");
    now = 9000;
    p.update({ total: 10, done: 10, failed: 1, resumed: 0 });
    p.done();
    expect(stream.text).toContain("[########################] 10/10 runs, 1 failed, ETA 0s");
    expect(stream.text.endsWith("\n")).toBe(true);
  });

  it("counts resumed runs apart, so the ETA reflects only the runs that actually ran", () => {
    let now = 0;
    const stream = sink(true);
    const p = sweepProgress(stream, { quiet: false, clock: () => now });
    p.update({ total: 100, done: 90, failed: 0, resumed: 90 });
    now = 5000;
    p.update({ total: 100, done: 95, failed: 0, resumed: 90 });
    expect(stream.text).toContain("95/100 runs, 90 resumed, ETA 5s");
  });

  it("without a TTY prints a plain line every `every` seconds and a last one; nothing when quiet", () => {
    let now = 0;
    const stream = sink(false);
    const p = sweepProgress(stream, { quiet: false, every: 10, clock: () => now });
    for (let done = 0; done <= 20; done++) {
      now = done * 1000;
      p.update({ total: 20, done, failed: 0, resumed: 0 });
    }
    p.done();
    expect(stream.text.split("\n").filter(Boolean)).toEqual(["sweep: 10/20 runs, ETA 10s", "sweep: 20/20 runs, ETA 0s"]);
    const quiet = sink(true);
    const q = sweepProgress(quiet, { quiet: true });
    q.update({ total: 1, done: 1, failed: 0, resumed: 0 });
    q.done();
    expect(quiet.text).toBe("");
  });

  it("names the command that runs the sweep (compare's lines say compare)", () => {
    const stream = sink(false);
    const p = sweepProgress(stream, { quiet: false, label: "compare", clock: () => 0 });
    p.update({ total: 2, done: 2, failed: 0, resumed: 0 });
    expect(stream.text).toBe("compare: 2/2 runs, ETA 0s\n");
  });
});
