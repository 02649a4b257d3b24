import { describe, expect, it } from "vitest";
import { formatCount, formatSeconds, runProgress } from "../src/cli/progress.js";

function fakeTty(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } };
}

describe("run progress", () => {
  it("stays silent for the first two seconds, then shows simulated time, events/s and ETA", () => {
    let ms = 0;
    const { writes, stream } = fakeTty(true);
    const progress = runProgress(100, stream, true, () => ms);
    ms = 1000;
    progress.update(10, 1000);
    expect(writes).toEqual([]);
    ms = 4000;
    progress.update(40, 2_000_000);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/40\.0%\s+t=40\.0\/100 h\s+2\.00M events\s+500\.0k ev\/s\s+ETA 6s/);
    ms = 4100; // redraws are rate-limited
    progress.update(41, 2_100_000);
    expect(writes).toHaveLength(1);
    progress.done();
    expect(writes.at(-1)).toMatch(/^\r\s+\r$/);
  });

  it("prints nothing when not a TTY or when disabled (--quiet, --json)", () => {
    for (const [tty, enabled] of [[false, true], [true, false]] as const) {
      let ms = 0;
      const { writes, stream } = fakeTty(tty);
      const progress = runProgress(100, stream, enabled, () => ms);
      ms = 10_000;
      progress.update(50, 10);
      progress.done();
      expect(writes).toEqual([]);
    }
  });

  it("formats counts and durations compactly", () => {
    expect([formatCount(950), formatCount(12_345), formatCount(3_400_000), formatCount(2e9)]).toEqual(["950", "12.3k", "3.40M", "2.00G"]);
    expect([formatSeconds(5), formatSeconds(125), formatSeconds(7260), formatSeconds(Infinity)]).toEqual(["5s", "2m05s", "2h01m", "?"]);
  });
});
