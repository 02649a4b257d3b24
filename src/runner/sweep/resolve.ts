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
import { formatOverride, planDesignSweep, planPointsSweep, planSweep, pointsFactors, seededDesign, type GridAxis, type PointsSpec, type SweepPlan, type SweepRun } from "../../scenario/sweep.js";
import { designFactors } from "../../scenario/designs/design.js";
import type { Factor } from "../../scenario/designs/factors.js";
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
  /** Explicit points instead of the sweep block (`coordsim optimize`'s candidates); their factors are written at `optimize.factors`. */
  points?: PointsSpec;
  /** The block the points' factors are written in, for messages (default optimize). */
  pointsBlock?: "optimize" | "attack";
  /** Give each grid or design point its own seeds instead of common random numbers (sweep and compare --unpaired). */
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

/** The scenario of one run: its point's scenario with the replicate's seed. */
export function runScenario(sweep: ResolvedSweep, run: SweepRun): Scenario {
  return { ...sweep.points[run.point]!, seed: run.seed };
}

function stripSweep(scenario: Scenario): Scenario {
  const { sweep: _sweep, check: _check, optimize: _optimize, attack: _attack, ...rest } = scenario;
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
  const seedOption = request.seed !== undefined ? { seed: request.seed } : {};
  const base = loadScenario(file, { catalog: catalogWithPlugins(builtinCatalog, basePlugins), overrides: request.overrides, ...seedOption });
  const replicates = request.replicates ?? base.sweep?.replicates ?? 1;
  const planOptions = { baseSeed: base.seed, replicates, unpaired: request.unpaired === true };
  // compare's --vary replaces the sweep block's grid or design.
  const explicit = request.points;
  const design = explicit === undefined && request.axes === undefined && base.sweep?.design !== undefined ? seededDesign(base.sweep.design, base.seed) : undefined;
  const axes = design !== undefined || explicit !== undefined ? [] : (request.axes?.axes ?? Object.entries(base.sweep?.grid ?? {}).map(([path, values]) => ({ path, values })));
  const plan = explicit !== undefined ? planPointsSweep(explicit, planOptions) : design !== undefined ? planDesignSweep(design, planOptions) : planSweep(axes, planOptions);
  const factors = explicit !== undefined ? pointsFactors(explicit) : design !== undefined ? designFactors(design) : undefined;
  const block = explicit !== undefined ? (request.pointsBlock === "attack" ? ATTACK_FACTORS : OPTIMIZE_FACTORS) : DESIGN_FACTORS;

  // Every value's override, and where it is written (for messages): a grid value, or a design factor's bound or category.
  const origin = factors !== undefined ? factorOrigins(factors, block) : gridOrigins(axes);
  const allOverrides = [...request.overrides, ...[...origin.keys()].map((label) => label.slice("--set ".length))];
  const plugins = await loadScenarioPlugins(file, allOverrides);
  const catalog = catalogWithPlugins(builtinCatalog, plugins);
  const load = (overrides: string[]) => stripSweep(loadScenario(file, { catalog, overrides, ...seedOption }));
  const issues: PlacedIssue[] = [];
  const flag = request.axes?.label;
  const where = flag ?? (factors !== undefined ? block.label : "sweep.grid");
  const tryLoad = (overrides: string[], labels: ReadonlyMap<string, Origin>): Scenario | undefined => {
    try {
      return load(overrides);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      issues.push(...error.issues.map((issue) => relabel(issue, labels, where, flag)));
      return undefined;
    }
  };
  // A design's bounds and categories are checked one by one first, so a bad one is reported at its own line.
  if (factors !== undefined) for (const label of origin.keys()) tryLoad([...request.overrides, label.slice("--set ".length)], origin);
  if (issues.length > 0) throw new ScenarioError(placeIssues(file, issues));

  const points: Scenario[] = [];
  const pointOverrides: string[][] = [];
  for (let p = 0; p < plan.points; p++) {
    const first = plan.runs[p * replicates]!;
    const own = plan.parameters.map((parameter, a) => formatOverride(parameter.path, first.values[a]));
    const overrides = [...request.overrides, ...own];
    pointOverrides.push(overrides);
    const scenario = tryLoad(overrides, factors !== undefined ? pointOrigins(factors, own, p, block) : origin);
    if (scenario !== undefined) points.push(scenario);
    // A design's points are many: the first that fails says enough.
    else if (factors !== undefined) break;
  }
  if (issues.length > 0) throw new ScenarioError(placeIssues(file, issues));

  // Plugin code is part of each run's identity: each module file is read once, before any run imports it again.
  const memo = new Map<string, string>();
  const pointPlugins = points.map((point) => pluginDigests(point, memo));
  const runHashes = plan.runs.map((run) => scenarioSha256({ ...points[run.point]!, seed: run.seed }, pointPlugins[run.point]));
  const definitionHash = sha256(canonicalJson({ axes, ...(design !== undefined ? { design } : {}), ...(explicit !== undefined ? { points: plan.explicitPoints } : {}), replicates, ids: plan.runs.map((r) => r.id), runHashes }));
  const pluginSha256 = Object.fromEntries([...memo.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { file: resolvePath(file), name: base.name, baseSeed: base.seed, plan, points, pointOverrides, runHashes, definitionHash, pluginSha256 };
}

/** Where an override's value is written in the sweep block: a YAML path, and how the message names it. */
interface Origin {
  at: (string | number)[];
  note: string;
}

/** An issue from a sweep value, with where the value is written (resolved to a file position later). */
interface PlacedIssue extends ScenarioIssue {
  origin?: Origin;
}

function gridOrigins(axes: readonly GridAxis[]): Map<string, Origin> {
  const origin = new Map<string, Origin>();
  for (const axis of axes) axis.values.forEach((value, v) => origin.set(`--set ${formatOverride(axis.path, value)}`, { at: ["sweep", "grid", axis.path, v], note: `sweep.grid value ${axis.path}[${v}]` }));
  return origin;
}

/** Where a factors block is written: a sweep design's, or the optimize block's. */
interface FactorsBlock {
  at: string[];
  label: string;
}
const DESIGN_FACTORS: FactorsBlock = { at: ["sweep", "design", "factors"], label: "sweep.design" };
const OPTIMIZE_FACTORS: FactorsBlock = { at: ["optimize", "factors"], label: "optimize" };
const ATTACK_FACTORS: FactorsBlock = { at: ["attack", "factors"], label: "attack" };

/** The factors' probe values: each numeric factor's two bounds and every category, at its place in the factors block. */
function factorOrigins(factors: readonly Factor[], block: FactorsBlock): Map<string, Origin> {
  const origin = new Map<string, Origin>();
  for (const factor of factors) {
    const [kind, values] = factor.kind === "categorical" ? ["categorical", factor.values] : [factor.kind, [factor.lo, factor.hi]];
    values.forEach((value, i) => origin.set(`--set ${formatOverride(factor.path, value)}`, { at: [...block.at, factor.path, kind, i], note: `${block.label} factor ${factor.path} ${kind}[${i}]` }));
  }
  return origin;
}

/** A design point's overrides, each at its factor's line; a continuous factor on an integer field gets a hint. */
function pointOrigins(factors: readonly Factor[], own: readonly string[], point: number, block: FactorsBlock): Map<string, Origin> {
  return new Map(
    own.map((override, i) => {
      const factor = factors[i]!;
      const hint = factor.kind === "uniform" || factor.kind === "loguniform" ? `; a ${factor.kind} factor takes fractional values, use integer: [lo, hi] for an integer field` : "";
      return [`--set ${override}`, { at: [...block.at, factor.path], note: `${block.label} ${block === OPTIMIZE_FACTORS || block === ATTACK_FACTORS ? "candidate" : "point"} ${point}${hint}` }];
    }),
  );
}

function relabel(raw: ScenarioIssue, origin: ReadonlyMap<string, Origin>, where: string, flag: string | undefined): PlacedIssue {
  // "(with --set x=v)" in a message names a sweep value, not a flag the user typed.
  let message = raw.message;
  for (const label of origin.keys()) message = message.split(label).join(`${where} ${label.slice("--set ".length)}`);
  const issue = { ...raw, message };
  const from = issue.set === undefined ? undefined : origin.get(issue.set);
  if (from === undefined) return issue;
  if (flag !== undefined) return { ...issue, set: `${flag} ${issue.set!.slice("--set ".length)}` };
  const { set: _set, ...rest } = issue;
  return { ...rest, origin: from };
}

/** Point sweep-value issues at the value's line:col inside the sweep block. */
function placeIssues(file: string, issues: PlacedIssue[]): ScenarioIssue[] {
  if (!issues.some((i) => i.origin !== undefined)) return issues;
  const { doc, lineCounter } = parseSource(readScenarioText(file));
  return issues.map(({ origin, ...issue }) => {
    if (origin === undefined) return issue;
    const pos = lineCounter.linePos(locate(doc, origin.at, "value").offset);
    return { ...issue, line: pos.line, col: pos.col, message: `${issue.message} (${origin.note})` };
  });
}
