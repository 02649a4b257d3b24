// Progress on stderr for long runs: only on a TTY, only once a run has taken a
// couple of seconds, redrawn at most a few times per second.
import type { OutputStream } from "./io.js";

export interface ProgressSink {
  update(simNow: number, events: number): void;
  done(): void;
}

const SILENT: ProgressSink = { update() {}, done() {} };

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(0)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** A progress line for one run; `clock` (ms) is injectable for tests. */
export function runProgress(until: number, stream: OutputStream, enabled: boolean, clock: () => number = Date.now): ProgressSink {
  if (!enabled || !stream.isTTY) return SILENT;
  const start = clock();
  let lastDraw = 0;
  let drawn = false;
  return {
    update(simNow, events) {
      const now = clock();
      const elapsed = (now - start) / 1000;
      if (elapsed < 2 || now - lastDraw < 250) return;
      lastDraw = now;
      drawn = true;
      const fraction = Math.min(1, simNow / until);
      const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : Infinity;
      const line = `  ${(fraction * 100).toFixed(1)}%  t=${simNow.toFixed(1)}/${until} h  ${formatCount(events)} events  ${formatCount(events / elapsed)} ev/s  ETA ${formatSeconds(eta)}`;
      stream.write(`\r${line.padEnd(78)}`);
    },
    done() {
      if (drawn) stream.write(`\r${" ".repeat(78)}\r`);
    },
  };
}
