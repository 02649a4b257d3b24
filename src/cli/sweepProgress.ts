// Progress of a sweep on stderr: a redrawn bar on a TTY, a plain line every
// `every` seconds otherwise (CI logs, cluster job logs), nothing when quiet.
import type { OutputStream } from "./io.js";
import { formatSeconds } from "./progress.js";
import type { SweepProgress } from "../runner/sweep/execute.js";

export interface SweepProgressSink {
  update(p: SweepProgress): void;
  done(): void;
}

export interface SweepProgressOptions {
  quiet: boolean;
  /** Seconds between plain lines when stderr is not a TTY. */
  every?: number;
  clock?: () => number;
  /** Command that runs the sweep, leading each plain line ("sweep" unless given; compare says "compare"). */
  label?: string;
}

function describe(p: SweepProgress, elapsed: number, freshAtStart: number): string {
  const ran = p.done - freshAtStart;
  const rate = elapsed > 0 ? ran / elapsed : 0;
  const eta = rate > 0 ? (p.total - p.done) / rate : Infinity;
  const failed = p.failed > 0 ? `, ${p.failed} failed` : "";
  const resumed = p.resumed > 0 ? `, ${p.resumed} resumed` : "";
  return `${p.done}/${p.total} runs${failed}${resumed}, ETA ${p.done === p.total ? "0s" : formatSeconds(eta)}`;
}

export function sweepProgress(stream: OutputStream, opts: SweepProgressOptions): SweepProgressSink {
  if (opts.quiet) return { update() {}, done() {} };
  const clock = opts.clock ?? Date.now;
  const start = clock();
  let resumedAtStart = -1;
  if (stream.isTTY) {
    let last = -Infinity;
    let latest: SweepProgress | undefined;
    const draw = (p: SweepProgress) => {
      const width = 24;
      const filled = p.total > 0 ? Math.round((width * p.done) / p.total) : width;
      const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
      stream.write(`\r  ${bar} ${describe(p, (clock() - start) / 1000, resumedAtStart)}`.padEnd(79));
    };
    return {
      update(p) {
        if (resumedAtStart < 0) resumedAtStart = p.resumed;
        latest = p;
        const now = clock();
        if (now - last < 200 && p.done < p.total) return;
        last = now;
        draw(p);
      },
      done() {
        if (latest !== undefined) {
          draw(latest);
          stream.write("\n");
        }
      },
    };
  }
  const every = (opts.every ?? 10) * 1000;
  let lastLine = start;
  return {
    update(p) {
      if (resumedAtStart < 0) resumedAtStart = p.resumed;
      const now = clock();
      if (p.done < p.total && now - lastLine < every) return;
      lastLine = now;
      stream.write(`${opts.label ?? "sweep"}: ${describe(p, (now - start) / 1000, resumedAtStart)}\n`);
    },
    done() {},
  };
}
