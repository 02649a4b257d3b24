// Economy scaling: openledger-baseline with entity counts and task rate
// multiplied by 1, 4, 16, 64, each run in its own process (for its peak RSS).
// The fitted exponent of wall time vs events says how the cost per event grows
// (1 = constant; target <= 1.15). Also the large run: 10^6 entities, 10^8 events.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import type { EconomyRunResult } from "./economyRun.js";
import type { BenchContext } from "./index.js";

const BASELINE = resolve(import.meta.dirname, "../../scenarios/openledger-baseline.yaml");
const RUNNER = resolve(import.meta.dirname, "economyRun.js");

/** openledger-baseline's populations, task rate and domains (scenarios/openledger-baseline.yaml). */
const BASE = { providers: 1000, models: 50, agents: 5000, validators: 30, rate: 200, domains: 4 };

export function runEconomy(overrides: string[], heapMb?: number): EconomyRunResult {
  const args = [...(heapMb !== undefined ? [`--max-old-space-size=${heapMb}`] : []), RUNNER, BASELINE, ...overrides];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`economy run ${overrides.join(" ")} failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as EconomyRunResult;
}

/**
 * The baseline scaled by `factor`: populations, task rate and, by default, the
 * number of domains (datanets), so each datanet keeps its size. With the
 * domains fixed, every model version credits a datanet `factor` times larger,
 * so epoch settlement costs models x contributions = O(factor^2) by the
 * model's definition (bench option --fixed-domains measures that case).
 */
export function scaledOverrides(factor: number, hours: number, scaleDomains = true): string[] {
  return [
    `world.domains=${BASE.domains * (scaleDomains ? factor : 1)}`,
    `providers.count=${BASE.providers * factor}`,
    `models.count=${BASE.models * factor}`,
    `agents.count=${BASE.agents * factor}`,
    `validators.count=${BASE.validators * factor}`,
    `tasks.rate=${BASE.rate * factor}`,
    `duration=${hours}`,
  ];
}

/** Least-squares slope of log(wall) against log(events). */
export function fittedExponent(points: readonly { events: number; wall_s: number }[]): number {
  const xs = points.map((p) => Math.log(p.events));
  const ys = points.map((p) => Math.log(p.wall_s));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

export interface ScalingRow {
  factor: number;
  entities: number;
  events: number;
  wall_s: number;
  events_per_sec: number;
  peak_rss_mb: number;
}

export function scalingSection(ctx: BenchContext): { rows: ScalingRow[]; exponent: number; hours: number } {
  const hours = ctx.quick ? 24 : 250;
  const rows: ScalingRow[] = [];
  const fixedDomains = ctx.args.includes("--fixed-domains");
  ctx.log(`scaling  openledger-baseline x1, x4, x16, x64 (entities, task rate${fixedDomains ? "; domains fixed at 4" : " and domains"}), ${hours} simulated hours, one process each`);
  ctx.log(`  ${"factor".padEnd(8)}${"entities".padStart(10)}${"events".padStart(14)}${"wall s".padStart(9)}${"events/s".padStart(12)}${"peak RSS MB".padStart(13)}`);
  for (const factor of [1, 4, 16, 64]) {
    const r = runEconomy(scaledOverrides(factor, hours, !fixedDomains));
    rows.push({ factor, entities: r.entities, events: r.events, wall_s: r.wall_s, events_per_sec: r.events_per_sec, peak_rss_mb: r.peak_rss_mb });
    ctx.log(`  ${`x${factor}`.padEnd(8)}${r.entities.toLocaleString("en-US").padStart(10)}${r.events.toLocaleString("en-US").padStart(14)}${r.wall_s.toFixed(2).padStart(9)}${r.events_per_sec.toLocaleString("en-US").padStart(12)}${String(r.peak_rss_mb).padStart(13)}`);
  }
  const exponent = fittedExponent(rows);
  ctx.log(`  fitted exponent of wall time vs events: ${exponent.toFixed(3)}   (target <= 1.15)`);
  return { rows, exponent: Number(exponent.toFixed(4)), hours };
}

/** 10^6 entities, mostly agents, in 400 domains (5 models and 250 providers each). */
const LARGE = { providers: 100_000, models: 2_000, agents: 890_000, validators: 8_000, domains: 400, rate: 35_600 };
const RSS_BOUND_MB = 4096;

export function largeSection(ctx: BenchContext): Record<string, number> {
  const scale = ctx.quick ? 0.1 : 1;
  const hours = ctx.quick ? 24 : 168;
  const n = (x: number) => Math.round(x * scale);
  const overrides = [
    `providers.count=${n(LARGE.providers)}`,
    `models.count=${n(LARGE.models)}`,
    `agents.count=${n(LARGE.agents)}`,
    `validators.count=${n(LARGE.validators)}`,
    `world.domains=${n(LARGE.domains)}`,
    `tasks.rate=${n(LARGE.rate)}`,
    `duration=${hours}`,
  ];
  const r = runEconomy(overrides);
  ctx.log(`large  ${r.entities.toLocaleString("en-US")} entities, ${hours} simulated hours, one process`);
  ctx.log(`  events ${r.events.toLocaleString("en-US")}, wall ${r.wall_s.toFixed(1)} s, ${r.events_per_sec.toLocaleString("en-US")} events/s, peak RSS ${r.peak_rss_mb} MB (bound ${RSS_BOUND_MB} MB: ${r.peak_rss_mb <= RSS_BOUND_MB ? "within" : "EXCEEDED"})`);
  return { entities: r.entities, simulated_hours: hours, events: r.events, wall_s: r.wall_s, events_per_sec: r.events_per_sec, peak_rss_mb: r.peak_rss_mb, rss_bound_mb: RSS_BOUND_MB };
}
