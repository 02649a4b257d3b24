// One simulation run, start to finish, with no I/O: scenario in, metrics out.
// Safe to call inside a worker thread.
import { performance } from "node:perf_hooks";
import { setSimulatedClock } from "../plugins/callTrack.js";
import { COUNTER_NAMES, counterValues } from "../sim/economy/counters.js";
import { settleAtEnd } from "../sim/economy/settlement.js";
import { perFamily } from "../sim/economy/families.js";
import type { EconomyPolicies } from "../sim/economy/seams.js";
import { Economy } from "../sim/economy/world.js";
import { Engine } from "../sim/engine/index.js";
import { RngStreams } from "../sim/rng/index.js";
import { WindowedCollector } from "../metrics/collector.js";
import type { RunResult } from "../output/runResult.js";
import type { Scenario } from "../scenario/schema.js";
import type { PluginTable } from "../plugins/load.js";
import { DetectionTracker } from "../metrics/observers/detection.js";
import { createPolicy } from "./policies.js";
import { entityTable } from "../metrics/observers/entityTable.js";
import { checkLedger } from "../metrics/observers/ledgerInvariants.js";
import { summaryRow, timeseriesColumnsOfRun, timeseriesRow } from "../metrics/catalogue/index.js";

export type { RunResult, StopReason } from "../output/runResult.js";

export interface SimulateOptions {
  /** Overrides the scenario's `maxEvents`. */
  maxEvents?: number;
  /** Called every ~65k events with simulated time and events so far (for progress bars). */
  onProgress?: (now: number, events: number) => void;
  /**
   * Stop cleanly once the run has used this much wall-clock time (seconds),
   * checked every ~65k events; the run is then truncated (stop reason "maxWall").
   */
  maxWallSeconds?: number;
  /** Wall clock in milliseconds for `maxWallSeconds` (default performance.now; injectable for tests). */
  clock?: () => number;
  /** Called at every snapshot with the live economy (for invariant checks in tests and `coordsim check`). */
  onSnapshot?: (t: number, economy: Economy) => void;
  /** User policy plugins the scenario names, loaded beforehand (see loadScenarioPlugins). */
  plugins?: PluginTable;
}

/** Build the economy of a scenario with its policies, ready to install on an engine. */
export function buildEconomy(scenario: Scenario, plugins?: PluginTable): Economy {
  const streams = new RngStreams(scenario.seed);
  const p = scenario.policies;
  const policies = perFamily((family) => createPolicy(family, p[family], streams, plugins, scenario.duration)) as EconomyPolicies;
  return new Economy(scenario, policies, streams);
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): RunResult {
  const economy = buildEconomy(scenario, options.plugins);
  const entityCount = scenario.agents.count + scenario.models.count + scenario.providers.count + scenario.validators.count;
  const engine = new Engine({ initialCapacity: 2 * entityCount + 1024 });
  economy.install(engine);
  setSimulatedClock(() => engine.now);

  const collector = new WindowedCollector({ counterNames: COUNTER_NAMES, derive: (t, window, cumulative) => timeseriesRow(t, economy, window, cumulative) });
  const detection = new DetectionTracker(economy);
  const maxEvents = options.maxEvents ?? scenario.maxEvents;
  // The wall-clock budget rides on the progress callback, so the event loop itself never reads the clock.
  const clock = options.clock ?? (() => performance.now());
  const wallLimit = options.maxWallSeconds;
  const startedMs = clock();
  let outOfWall = false;
  const onProgress =
    wallLimit === undefined
      ? options.onProgress
      : (now: number, events: number) => {
          options.onProgress?.(now, events);
          if ((clock() - startedMs) / 1000 >= wallLimit) {
            outOfWall = true;
            engine.stop();
          }
        };
  const outcome = engine.run({
    until: scenario.duration,
    ...(maxEvents !== undefined ? { maxEvents } : {}),
    snapshotEvery: scenario.window,
    onSnapshot: (t) => {
      checkLedger(economy, t);
      detection.observe(t);
      collector.snapshot(t, economy.counters);
      options.onSnapshot?.(t, economy);
    },
    ...(onProgress !== undefined ? { onProgress } : {}),
  });
  const truncated = outcome.reason === "maxEvents" || outcome.reason === "stopped";
  if (scenario.settlement === "final") settleAtEnd(economy);
  checkLedger(economy, engine.now);
  setSimulatedClock(() => Number.NaN); // let the engine go
  return {
    summary: summaryRow(economy, engine.now, counterValues(economy.counters), engine.eventsProcessed, detection),
    timeseries: collector.rows,
    timeseriesColumns: timeseriesColumnsOfRun(economy),
    entities: entityTable(economy),
    events: engine.eventsProcessed,
    simulatedHours: engine.now,
    stopReason: truncated ? (outOfWall ? "maxWall" : "maxEvents") : outcome.reason === "empty" ? "idle" : "duration",
    truncated,
  };
}
