// `coordsim check` for one scenario: fast-check draws seeds and perturbed
// numeric fields, runs each case with every invariant enforced, and on a
// violation shrinks to a minimal case and writes a reproducer scenario.
import fc from "fast-check";
import { errorKind, findCause } from "../errors.js";
import { builtinCatalog } from "../policies/catalog.js";
import { catalogWithPlugins, loadScenarioPlugins, type PluginTable } from "../plugins/load.js";
import { simulate } from "../runner/simulate.js";
import type { PolicyCatalog } from "../scenario/catalog.js";
import { ScenarioError } from "../scenario/errors.js";
import { loadScenario, loadScenarioText, readScenarioText } from "../scenario/load.js";
import type { Scenario } from "../scenario/schema.js";
import { INVARIANT_NAMES, InvariantViolation, checkMetricBounds, checkRoundTrip, checkSameOutputs } from "./invariants.js";
import { DEFAULT_CHECK_RUNS, STEPS, axesOf, axisValue, durationOverrides, type PerturbAxis } from "./perturb.js";
import { writeReproducer } from "./reproducer.js";
import type { ScenarioCheckResult } from "./types.js";

export interface CheckOptions {
  /** Cases per scenario (default: the scenario's check.runs, else 20). */
  runs?: number;
  /** fast-check seed. */
  seed: number;
  /** Folder for reproducer scenarios. */
  reproDir: string;
  clock?: () => number;
}

interface Case {
  seed: number;
  values: number[];
}

/** An InvariantViolation for anything a run throws (plugins that throw break `run-completes`). */
function asViolation(error: unknown): InvariantViolation {
  if (error instanceof InvariantViolation) return error;
  const inner = findCause(error, (e): e is InvariantViolation => e instanceof InvariantViolation);
  // Keep the engine's context (event, time, target) from the outer message.
  if (inner !== undefined) return new InvariantViolation(inner.invariant, (error as Error).message.replace(/invariant \S+ violated: /, ""));
  return new InvariantViolation("run-completes", error instanceof Error ? error.message : String(error));
}

/** Check the `check.perturb` ranges load at both ends, so a typo is bad input (exit 2), not a skipped case. */
function checkAxes(text: string, file: string, catalog: PolicyCatalog, axes: readonly PerturbAxis[]): void {
  for (const a of axes) {
    for (const v of [a.min, a.max]) {
      try {
        loadScenarioText(text, file, { catalog, overrides: [`${a.path}=${v}`] });
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        throw new ScenarioError(error.issues.map((i) => (i.set === undefined ? i : { ...i, set: `check.perturb ${a.path}: [${a.min}, ${a.max}]` })));
      }
    }
  }
}

export async function checkScenario(file: string, opts: CheckOptions): Promise<ScenarioCheckResult> {
  const clock = opts.clock ?? (() => performance.now());
  const started = clock();
  const done = (partial: Omit<ScenarioCheckResult, "file" | "wallSeconds">): ScenarioCheckResult => ({ file, ...partial, wallSeconds: (clock() - started) / 1000 });

  let text: string;
  let base: Scenario;
  let plugins: PluginTable;
  let catalog: PolicyCatalog;
  let axes: PerturbAxis[];
  try {
    plugins = await loadScenarioPlugins(file);
    catalog = catalogWithPlugins(builtinCatalog, plugins);
    // The loader's own checks first (file type, readable, UTF-8), as for `coordsim run`; cases then reuse the text.
    base = loadScenario(file, { catalog });
    text = readScenarioText(file);
    axes = axesOf(base);
    checkAxes(text, file, catalog, axes);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (errorKind(error) === "bad-input") {
      return done({ name: "", runs: 0, invariants: [], error: message });
    }
    throw error;
  }
  const invariants = [...INVARIANT_NAMES];
  const fixed = durationOverrides(base);
  const overridesOf = (c: Case) => [...fixed, ...axes.map((a, i) => `${a.path}=${axisValue(a, c.values[i]!)}`)];

  // scenario-round-trip needs no run.
  try {
    checkRoundTrip(base, file, catalog);
  } catch (error) {
    const v = asViolation(error);
    return done({ name: base.name, runs: 0, invariants, failure: { invariant: v.invariant, message: v.message, seed: base.seed, overrides: [], shrinks: 0 } });
  }

  let determinismChecked = false;
  const runCase = (c: Case): void => {
    let scenario: Scenario;
    try {
      scenario = loadScenarioText(text, file, { catalog, overrides: overridesOf(c), seed: c.seed });
    } catch (error) {
      if (error instanceof ScenarioError) {
        fc.pre(false); // a combination the schema rejects (e.g. fewer models than domains): not a case
      }
      throw error;
    }
    try {
      const result = simulate(scenario, { plugins });
      checkMetricBounds(result);
      if (!determinismChecked) {
        determinismChecked = true;
        checkSameOutputs(result, simulate(scenario, { plugins }));
      }
    } catch (error) {
      throw asViolation(error);
    }
  };

  const arbitrary = fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    values: fc.tuple(...axes.map((a) => (a.integer ? fc.integer({ min: a.min, max: a.max }) : fc.integer({ min: 0, max: STEPS })))),
  });
  const runs = opts.runs ?? base.check?.runs ?? DEFAULT_CHECK_RUNS;
  const details = fc.check(fc.property(arbitrary, runCase), { numRuns: runs, seed: opts.seed });
  const ran = details.numRuns + (details.failed ? 1 : 0);
  if (!details.failed) return done({ name: base.name, runs: ran, invariants });

  const error = details.errorInstance;
  if (!(error instanceof InvariantViolation) || details.counterexample === null) {
    // fast-check gave up: nearly every generated case was rejected by the schema.
    const why = error instanceof Error ? error.message : String(error ?? "too many generated cases were invalid scenarios");
    return done({ name: base.name, runs: ran, invariants: [], error: `check.perturb: ${why.split("\n")[0]} (adjust the check: block's ranges)` });
  }
  const [shrunk] = details.counterexample;
  const overrides = overridesOf(shrunk);
  const reproducer = writeReproducer({ file, text, seed: shrunk.seed, overrides, invariant: error.invariant, message: error.message, dir: opts.reproDir, name: base.name });
  return done({
    name: base.name,
    runs: ran,
    invariants,
    failure: { invariant: error.invariant, message: error.message, seed: shrunk.seed, overrides, reproducer, shrinks: details.numShrinks },
  });
}
