// The openledger-baseline scenario end to end (issue: under a minute on one
// core), and its per-event cost, in its own process (so its peak RSS is its
// own). `--quick` runs the first 200 hours.
import type { BenchContext } from "./index.js";
import { runEconomy } from "./scaling.js";

export function economyBaselineSection(ctx: BenchContext): Record<string, number> {
  const r = runEconomy(ctx.quick ? ["duration=200"] : []);
  ctx.log(`economy_baseline  ${r.entities} entities, ${r.simulated_hours} h`);
  ctx.log(`  events ${r.events.toLocaleString("en-US")}, wall ${r.wall_s.toFixed(2)} s, ${r.events_per_sec.toLocaleString("en-US")} events/s, peak RSS ${r.peak_rss_mb} MB`);
  return { entities: r.entities, simulated_hours: r.simulated_hours, events: r.events, wall_s: r.wall_s, events_per_sec: r.events_per_sec, peak_rss_mb: r.peak_rss_mb };
}
