// One economy run in its own process, so its peak RSS is its own: the scaling
// and large-run sections spawn this script. Prints one JSON line on stdout.
//   node dist/bench/economyRun.js <scenario.yaml> [path=value ...]
import { performance } from "node:perf_hooks";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenario } from "../src/scenario/index.js";

export interface EconomyRunResult {
  entities: number;
  events: number;
  wall_s: number;
  events_per_sec: number;
  peak_rss_mb: number;
  simulated_hours: number;
}

const [file, ...overrides] = process.argv.slice(2);
if (file === undefined) throw new Error("usage: economyRun.js <scenario.yaml> [path=value ...]");
const scenario = loadScenario(file, { catalog: builtinCatalog, overrides });
const start = performance.now();
const result = simulate(scenario);
const wall = (performance.now() - start) / 1000;
const out: EconomyRunResult = {
  entities: scenario.providers.count + scenario.models.count + scenario.agents.count + scenario.validators.count,
  events: result.events,
  wall_s: Number(wall.toFixed(3)),
  events_per_sec: Math.round(result.events / wall),
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  simulated_hours: scenario.duration,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
