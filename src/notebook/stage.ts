// The build root the notebooks are compiled in: the shipped notebooks and
// their chart modules, plus a data/ folder copied from the results folder
// under the fixed names the notebooks' FileAttachment calls use.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_COMPARE_METRICS, allMetrics, compareCsv, compareRows, variantLabels } from "../output/compareCsv.js";
import { recordsFromRunsCsv } from "../output/runsCsv.js";
import { manifestParameters } from "../output/sweepManifest.js";
import { replanSweep } from "../scenario/sweep.js";
import { RUN_FILES, type ResultsFolder, type SweepFolder } from "./resultsFolder.js";
import { stageSearch } from "./stageSearch.js";

export interface NotebookPage {
  file: string;
  title: string;
  /** One sentence for the index page. */
  blurb: string;
}

export const RUN_OVERVIEW: NotebookPage = {
  file: "run-overview.html",
  title: "Run overview",
  blurb: "Duplication, trust and fairness over time for one run; the reward distribution (Lorenz curves with Gini); reputation of honest vs adversarial entities.",
};
export const SWEEP_EXPLORER: NotebookPage = {
  file: "sweep-explorer.html",
  title: "Sweep explorer",
  blurb: "Any metric against any swept parameter, one line per policy, with the replicate range as a band; for an lhs, sobol or morris design, a scatter of the metric against each factor.",
};
export const POLICY_COMPARISON: NotebookPage = {
  file: "policy-comparison.html",
  title: "Policy comparison",
  blurb: "Mean A, mean B, their difference with a 95% confidence interval, the relative change and the effect size for each metric, one table per metric family, with the bars on one shared scale.",
};

export const SENSITIVITY: NotebookPage = {
  file: "sensitivity.html",
  title: "Sensitivity",
  blurb: "Which factors drive each metric: Sobol' S1 and ST (or Morris μ* and σ) with 95% intervals, factors ranked, and how much of each metric's variance is seed noise.",
};

export interface Stage {
  root: string;
  pages: NotebookPage[];
  /** Why a notebook was left out, for the index page and the CLI. */
  skipped: string[];
  /** Where the policy comparison's numbers came from, if it is built. */
  comparisonSource: "compare.csv" | "derived from runs.csv" | null;
}

/**
 * A sweep over one axis is a comparison of that axis's values on common random
 * numbers, so its paired differences can be computed as `coordsim compare` would.
 */
export function comparisonFromSweep(folder: SweepFolder): string | null {
  const { manifest } = folder;
  if (manifest.design !== undefined || manifest.axes.length !== 1 || manifest.replicates < 2 || manifest.shard !== null) return null;
  const plan = replanSweep(manifest);
  const records = recordsFromRunsCsv(join(folder.dir, "runs.csv"), manifestParameters(manifest), new Map(plan.runs.map((r) => [r.id, r])));
  const available = allMetrics(records);
  const metrics = DEFAULT_COMPARE_METRICS.filter((m) => available.includes(m));
  if (metrics.length === 0) return null;
  return compareCsv(compareRows(records, variantLabels(manifest.axes[0]!), metrics, manifest.replicates, manifest.unpaired !== true));
}

function sweepShape(folder: SweepFolder): string {
  const m = folder.manifest;
  if (m.design !== undefined) return `a ${m.design.kind} design and ${m.replicates} replicate${m.replicates === 1 ? "" : "s"}${m.shard === null ? "" : `, shard ${m.shard}`}`;
  return `${m.axes.length} ax${m.axes.length === 1 ? "is" : "es"} and ${m.replicates} replicate${m.replicates === 1 ? "" : "s"}${m.shard === null ? "" : `, shard ${m.shard}`}`;
}

/**
 * data/run/run.json: which run the run overview shows. The run's own files do
 * not say (its manifest has the scenario, not the sweep point), so the
 * overview would not know which run of a sweep it is looking at.
 */
export function runIdentity(folder: ResultsFolder): Record<string, unknown> {
  if (folder.kind === "run") return { run_id: null };
  const row = folder.runRow;
  if (folder.kind === "search") {
    const best = folder.state.best;
    return {
      run_id: folder.runId,
      replicate: Number(row.replicate),
      replicates: folder.state.replicates,
      seed: row.seed,
      ...(best !== null ? { search: `best candidate: generation ${best.generation}, candidate ${best.candidate}` } : {}),
      grid: Object.keys(folder.state.factors).map((path) => ({ path, value: row[path] ?? "" })),
    };
  }
  return {
    run_id: folder.runId,
    replicate: Number(row.replicate),
    replicates: folder.manifest.replicates,
    seed: row.seed,
    grid: manifestParameters(folder.manifest).map((a) => ({ path: a.path, value: row[a.path] ?? "" })),
  };
}

/** Copy the notebooks (from `notebooksDir`) and the folder's data into `root`. */
export function stageNotebooks(folder: ResultsFolder, notebooksDir: string, root: string): Stage {
  mkdirSync(join(root, "data", "run"), { recursive: true });
  for (const f of readdirSync(notebooksDir)) if (f.endsWith(".js")) copyFileSync(join(notebooksDir, f), join(root, f));
  const runDir = folder.kind === "run" ? folder.dir : folder.runDir;
  for (const f of RUN_FILES) copyFileSync(join(runDir, f), join(root, "data", "run", f));
  writeFileSync(join(root, "data", "run", "run.json"), `${JSON.stringify(runIdentity(folder))}\n`);
  const pages = [RUN_OVERVIEW];
  const skipped: string[] = [];
  let comparisonSource: Stage["comparisonSource"] = null;
  if (folder.kind === "search") {
    const search = stageSearch(folder, root);
    pages.push(...search.pages);
    skipped.push(...search.skipped);
  } else if (folder.kind === "sweep") {
    copyFileSync(join(folder.dir, "runs.csv"), join(root, "data", "runs.csv"));
    copyFileSync(join(folder.dir, "sweep.json"), join(root, "data", "sweep.json"));
    pages.push(SWEEP_EXPLORER);
    if (folder.compareCsv !== null) {
      copyFileSync(folder.compareCsv, join(root, "data", "compare.csv"));
      comparisonSource = "compare.csv";
    } else {
      const derived = comparisonFromSweep(folder);
      if (derived !== null) {
        writeFileSync(join(root, "data", "compare.csv"), derived);
        comparisonSource = "derived from runs.csv";
      } else skipped.push(`Policy comparison: needs compare.csv or a whole sweep over one axis with 2+ replicates (this sweep has ${sweepShape(folder)}); run \`coordsim compare <scenario> --vary <path>=a,b\` for paired differences.`);
    }
    if (comparisonSource !== null) pages.push(POLICY_COMPARISON);
    if (folder.sensitivityCsv !== null) {
      copyFileSync(folder.sensitivityCsv, join(root, "data", "sensitivity.csv"));
      pages.push(SENSITIVITY);
    } else skipped.push(`Sensitivity: needs sensitivity.csv in the sweep folder; run \`coordsim sensitivity ${folder.dir}\` (indices for a sobol or morris design; the seed-noise share for any sweep), then rebuild.`);
  } else {
    skipped.push("Sweep explorer, policy comparison and sensitivity: need a sweep or compare folder; this is a single run.");
  }
  if (folder.kind !== "search") {
    skipped.push("Search convergence, strongest attack and Pareto front: need a folder `coordsim optimize` or `coordsim attack` wrote.");
  }
  for (const page of pages) copyFileSync(join(notebooksDir, page.file), join(root, page.file));
  return { root, pages, skipped, comparisonSource };
}
