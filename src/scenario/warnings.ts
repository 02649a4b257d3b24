// Warnings about a valid scenario, given before it runs: settings the loader
// accepts that will cost far more than the user likely meant. Each names the
// file position (or the --set override) and the field, as errors do.
import { formatScenarioIssue } from "./errors.js";
import { readScenarioText } from "./load.js";
import type { Scenario } from "./schema.js";
import { locate, parseSource } from "./source.js";

/** Timeseries rows above which a run is warned: a window of 0.001 h over 720 h wrote 720,000 rows and ran 190× slower. */
export const LARGE_TIMESERIES_ROWS = 100_000;

/** Rows timeseries.csv gets: one per window. */
export function timeseriesRows(scenario: Pick<Scenario, "duration" | "window">): number {
  return Math.ceil(scenario.duration / scenario.window);
}

/**
 * The warning for a scenario whose `duration / window` makes more than
 * LARGE_TIMESERIES_ROWS timeseries rows, or undefined. Points at `window` where
 * the file or a `--set` sets it, else at `duration` (the default window is 24 h).
 */
export function largeTimeseriesWarning(scenario: Pick<Scenario, "duration" | "window">, file: string, overrides: readonly string[]): string | undefined {
  const rows = timeseriesRows(scenario);
  if (!(rows > LARGE_TIMESERIES_ROWS)) return undefined;
  const message = `duration / window = ${rows.toLocaleString("en-US")} timeseries rows (more than ${LARGE_TIMESERIES_ROWS.toLocaleString("en-US")}): timeseries.csv will be large and the run much slower; raise window`;
  const set = [...overrides].reverse().find((o) => /^\s*(window|duration)\s*=/.test(o));
  if (set !== undefined) return `warning: ${formatScenarioIssue({ file, line: 0, col: 0, path: set.split("=")[0]!.trim(), message, set: `--set ${set}` })}`;
  let line = 0;
  let col = 0;
  let path = "window";
  try {
    const text = readScenarioText(file);
    const { doc, lineCounter } = parseSource(text);
    let at = locate(doc, ["window"], "value");
    if (!at.exact) {
      path = "duration";
      at = locate(doc, ["duration"], "value");
    }
    if (at.exact) ({ line, col } = lineCounter.linePos(at.offset));
  } catch {
    // The scenario loaded from this file a moment ago; without a position the warning still names the field.
  }
  return `warning: ${formatScenarioIssue({ file, line, col, path, message })}`;
}
