// Resolve a sweep before anything runs: load every grid point (so a bad value
// fails with exit 2 and names its line in the sweep block), and fix each run's
// scenario, seed and hash.
import { resolve as resolvePath } from "node:path";
import { builtinCatalog } from "../../policies/catalog.js";
import { canonicalJson, scenarioSha256, sha256 } from "../../output/manifest.js";
import { ScenarioError, type ScenarioIssue } from "../../scenario/errors.js";
import { loadScenario, readScenarioText } from "../../scenario/load.js";
import type { Scenario } from "../../scenario/schema.js";
import { parseSource, locate } from "../../scenario/source.js";
import { formatOverride, planSweep, type GridAxis, type SweepPlan, type SweepRun } from "../../scenario/sweep.js";
import { catalogWithPlugins, loadScenarioPlugins } from "../../plugins/load.js";
import { pluginDigests, type PluginDigests } from "../../plugins/digests.js";
import { loadIsolated } from "./isolatedLoad.js";

export interface SweepRequest {
  file: string;
  /** `--set` overrides applied to every run. */
  overrides: readonly string[];
  seed?: number;
  /** Replaces the scenario's `sweep.replicates`. */
  replicates?: number;
  /** Replaces the scenario's `sweep.grid` (compare's `--vary`); labels name the flag in messages. */
  axes?: { axes: GridAxis[]; label: string };
  /** Give each grid point its own seeds instead of common random numbers (compare --unpaired). */
  unpaired?: boolean;
}

export interface ResolvedSweep {
  file: string;
  name: string;
  baseSeed: number;
  plan: SweepPlan;
  /** Per grid point: the scenario with the base seed and no sweep block. */
  points: Scenario[];
  /** Per grid point: the `--set` overrides that select it (user overrides first). */
  pointOverrides: string[][];
  /** Per run (by index): its scenario's hash, as its manifest records it. */
  runHashes: string[];
  /** Identifies the run list and every run's scenario; shards and resumed folders must match it. */
  definitionHash: string;
  /** SHA-256 of every plugin module file any run uses (in the run hashes; empty without plugins). */
  pluginSha256: PluginDigests;
}

/** compare --unpaired: each grid point draws its replicate seeds from its own lane. */
export const unpairedLane = (point: number): string => `point-${point}`;

/** The scenario of one run: its point's scenario with the replicate's seed. */
export function runScenario(sweep: ResolvedSweep, run: SweepRun): Scenario {
  return { ...sweep.points[run.point]!, seed: run.seed };
}

function stripSweep(scenario: Scenario): Scenario {
  const { sweep: _sweep, check: _check, ...rest } = scenario;
  return rest;
}

/** Resolve a sweep; one that may name plugins is resolved in a loader thread (isolatedLoad.ts), so plugin code never runs in the main thread. */
export function resolveSweep(request: SweepRequest): Promise<ResolvedSweep> {
  return loadIsolated("resolveSweepHere", request, () => resolveSweepHere(request), request.axes?.axes.map((a) => a.values) ?? []);
}

export async function resolveSweepHere(request: SweepRequest): Promise<ResolvedSweep> {
  const { file } = request;
  // The base scenario first: errors outside the sweep block are reported as for `coordsim run`.
  const basePlugins = await loadScenarioPlugins(file, request.overrides);
  const base = loadScenario(file, { catalog: catalogWithPlugins(builtinCatalog, basePlugins), overrides: request.overrides, ...(request.seed !== undefined ? { seed: request.seed } : {}) });
  const axes = request.axes?.axes ?? Object.entries(base.sweep?.grid ?? {}).map(([path, values]) => ({ path, values }));
  const replicates = request.replicates ?? base.sweep?.replicates ?? 1;
  const plan = planSweep(axes, { baseSeed: base.seed, replicates, ...(request.unpaired ? { laneOf: unpairedLane } : {}) });

  // Every value's override, and where it came from (for messages).
  const origin = new Map<string, { axis: number; value: number }>();
  axes.forEach((axis, a) => axis.values.forEach((value, v) => origin.set(`--set ${formatOverride(axis.path, value)}`, { axis: a, value: v })));
  const allOverrides = [...request.overrides, ...[...origin.keys()].map((label) => label.slice("--set ".length))];
  const plugins = await loadScenarioPlugins(file, allOverrides);
  const catalog = catalogWithPlugins(builtinCatalog, plugins);

  const points: Scenario[] = [];
  const pointOverrides: string[][] = [];
  const issues: ScenarioIssue[] = [];
  for (let p = 0; p < plan.points; p++) {
    const first = plan.runs[p * replicates]!;
    const own = axes.map((axis, a) => formatOverride(axis.path, first.values[a]));
    const overrides = [...request.overrides, ...own];
    pointOverrides.push(overrides);
    try {
      points.push(stripSweep(loadScenario(file, { catalog, overrides, ...(request.seed !== undefined ? { seed: request.seed } : {}) })));
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      issues.push(...error.issues.map((issue) => relabel(issue, origin, axes, request.axes?.label)));
    }
  }
  if (issues.length > 0) throw new ScenarioError(placeGridIssues(file, issues));

  // Plugin code is part of each run's identity: each module file is read once, before any run imports it again.
  const memo = new Map<string, string>();
  const pointPlugins = points.map((point) => pluginDigests(point, memo));
  const runHashes = plan.runs.map((run) => scenarioSha256({ ...points[run.point]!, seed: run.seed }, pointPlugins[run.point]));
  const definitionHash = sha256(canonicalJson({ axes, replicates, ids: plan.runs.map((r) => r.id), runHashes }));
  const pluginSha256 = Object.fromEntries([...memo.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { file: resolvePath(file), name: base.name, baseSeed: base.seed, plan, points, pointOverrides, runHashes, definitionHash, pluginSha256 };
}

/** Marks an issue from a grid value with where the value is written (resolved to a file position later). */
interface GridIssue extends ScenarioIssue {
  grid?: { path: string; value: number };
}

function relabel(raw: ScenarioIssue, origin: Map<string, { axis: number; value: number }>, axes: readonly GridAxis[], flag: string | undefined): GridIssue {
  // "(with --set x=v)" in a message names a grid value, not a flag the user typed.
  let message = raw.message;
  for (const label of origin.keys()) message = message.split(label).join(`${flag ?? "sweep.grid"} ${label.slice("--set ".length)}`);
  const issue = { ...raw, message };
  const from = issue.set === undefined ? undefined : origin.get(issue.set);
  if (from === undefined) return issue;
  const axis = axes[from.axis]!;
  if (flag !== undefined) return { ...issue, set: `${flag} ${formatOverride(axis.path, axis.values[from.value])}` };
  const { set: _set, ...rest } = issue;
  return { ...rest, grid: { path: axis.path, value: from.value } };
}

/** Point grid-value issues at the value's line:col inside `sweep.grid`. */
function placeGridIssues(file: string, issues: GridIssue[]): ScenarioIssue[] {
  if (!issues.some((i) => i.grid !== undefined)) return issues;
  const { doc, lineCounter } = parseSource(readScenarioText(file));
  return issues.map(({ grid, ...issue }) => {
    if (grid === undefined) return issue;
    const pos = lineCounter.linePos(locate(doc, ["sweep", "grid", grid.path, grid.value], "value").offset);
    return { ...issue, line: pos.line, col: pos.col, message: `${issue.message} (sweep.grid value ${grid.path}[${grid.value}])` };
  });
}
