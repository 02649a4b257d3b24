// One simulation run, start to finish, with no I/O: scenario in, metrics out.
// Safe to call inside a worker thread.
import { COUNTER_NAMES } from "../sim/economy/counters.js";
import { Economy } from "../sim/economy/world.js";
import { Engine } from "../sim/engine/index.js";
import { TREASURY } from "../sim/ledger/index.js";
import { RngStreams } from "../sim/rng/index.js";
import { WindowedCollector, type MetricRow } from "../metrics/collector.js";
import { flowMetrics } from "../metrics/economy.js";
import type { Scenario } from "../scenario/schema.js";
import { createPolicy } from "./policies.js";
import { entityTable, type EntityTable } from "./entities.js";
import { finalSummary } from "./summary.js";

export interface SimulateOptions {
  /** Overrides the scenario's `maxEvents`. */
  maxEvents?: number;
  /** Called every ~65k events with simulated time and events so far (for progress bars). */
  onProgress?: (now: number, events: number) => void;
}

export type StopReason = "duration" | "maxEvents" | "idle";

export interface RunResult {
  summary: MetricRow;
  timeseries: MetricRow[];
  entities: EntityTable;
  events: number;
  simulatedHours: number;
  stopReason: StopReason;
  truncated: boolean;
}

export function simulate(scenario: Scenario, options: SimulateOptions = {}): RunResult {
  const streams = new RngStreams(scenario.seed);
  const economy = new Economy(
    scenario,
    {
      rewards: createPolicy("rewards", scenario.policies.rewards, streams),
      coordination: createPolicy("coordination", scenario.policies.coordination, streams),
      routing: createPolicy("routing", scenario.policies.routing, streams),
    },
    streams,
  );
  const engine = new Engine({ initialCapacity: 2 * (scenario.agents.count + scenario.models.count) + 1024 });
  economy.install(engine);

  const gauges = (): MetricRow => ({
    open_tasks: economy.tasks.openCount,
    treasury_micro: economy.ledger.balance(TREASURY),
    ledger_imbalance_micro: economy.ledger.imbalance(),
  });
  const collector = new WindowedCollector({ counterNames: COUNTER_NAMES, derive: (window) => flowMetrics(window) });
  const maxEvents = options.maxEvents ?? scenario.maxEvents;
  const outcome = engine.run({
    until: scenario.duration,
    ...(maxEvents !== undefined ? { maxEvents } : {}),
    snapshotEvery: scenario.window,
    onSnapshot: (t) => collector.snapshot(t, economy.counters, gauges()),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const truncated = outcome.reason === "maxEvents" || outcome.reason === "stopped";
  return {
    summary: finalSummary(economy, engine.eventsProcessed, gauges()),
    timeseries: collector.rows,
    entities: entityTable(economy),
    events: engine.eventsProcessed,
    simulatedHours: engine.now,
    stopReason: truncated ? "maxEvents" : outcome.reason === "empty" ? "idle" : "duration",
    truncated,
  };
}
