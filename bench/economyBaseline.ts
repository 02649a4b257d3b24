// The openledger-baseline scenario end to end (issue: under a minute on one
// core), and its per-event cost. `--quick` runs the first 200 hours.
import { resolve } from "node:path";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenario } from "../src/scenario/index.js";
import type { BenchContext } from "./index.js";

export function economyBaselineSection(ctx: BenchContext): Record<string, number> {
  const file = resolve(import.meta.dirname, "../../scenarios/openledger-baseline.yaml");
  const scenario = loadScenario(file, { catalog: builtinCatalog, overrides: ctx.quick ? ["duration=200"] : [] });
  const start = ctx.clock();
  const result = simulate(scenario);
  const wall = (ctx.clock() - start) / 1000;
  const entities = scenario.providers.count + scenario.models.count + scenario.agents.count + scenario.validators.count;
  ctx.log(`economy_baseline  ${entities} entities, ${scenario.duration} h`);
  ctx.log(`  events ${result.events.toLocaleString("en-US")}, wall ${wall.toFixed(2)} s, ${Math.round(result.events / wall).toLocaleString("en-US")} events/s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  return {
    entities,
    simulated_hours: scenario.duration,
    events: result.events,
    wall_s: Number(wall.toFixed(3)),
    events_per_sec: Math.round(result.events / wall),
  };
}
