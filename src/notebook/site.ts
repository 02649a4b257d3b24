// `coordsim notebook`'s job: results folder -> static site of notebooks.
// Built in temporary folders and moved into place at the end, so a failed or
// interrupted build leaves no half-written site, and a rebuild replaces only a
// site coordsim built before.
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { CoordsimError } from "../errors.js";
import { tempPathFor } from "../output/atomic.js";
import { OutputDirError, ensureDir } from "../output/outDir.js";
import { packageRoot } from "../packageRoot.js";
import { buildNotebooks } from "./build.js";
import { indexNotebook } from "./indexPage.js";
import { readResultsFolder } from "./resultsFolder.js";
import { stageNotebooks, type NotebookPage } from "./stage.js";

/** Marks a folder as a site coordsim built, so a rebuild may replace it. */
export const SITE_MARKER = ".coordsim-notebooks.json";

export interface NotebookSite {
  out: string;
  pages: NotebookPage[];
  skipped: string[];
}

export interface BuildSiteOptions {
  out?: string;
  /** Sweep run shown in the run overview (default: the first run that finished). */
  run?: string;
  /** Where the notebook sources live (default: the `notebooks/` folder shipped with coordsim). */
  notebooksDir?: string;
  /** Aborted (Ctrl-C): the build finishes, then nothing is moved into place and the temporary folders go. */
  signal?: AbortSignal;
}

function shippedNotebooks(): string {
  const root = packageRoot();
  const dir = root === null ? null : join(root.dir, "notebooks");
  if (dir === null || !existsSync(dir)) throw new Error("coordsim's notebooks/ folder is missing from this installation");
  return dir;
}

/** Refuse an --out that holds anything but an earlier build (coordsim never deletes other files). */
function checkSiteOut(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new OutputDirError(`--out ${out}: exists and is not a folder`);
  if (readdirSync(out).length > 0 && !existsSync(join(out, SITE_MARKER))) {
    throw new OutputDirError(`--out ${out}: folder is not empty and is not a notebook site coordsim built (choose another --out)`);
  }
}

/** Put `built` at `out`, replacing an earlier build (or an empty folder) there. */
function moveIntoPlace(built: string, out: string): void {
  if (!existsSync(out)) {
    renameSync(built, out);
    return;
  }
  const old = tempPathFor(out);
  renameSync(out, old);
  renameSync(built, out);
  rmSync(old, { recursive: true, force: true });
}

/** The folder that will hold `out`, or bad input naming the OS reason (ENOTDIR, EACCES, ...). */
function ensureParent(out: string): void {
  try {
    ensureDir(dirname(out));
  } catch (error) {
    throw new OutputDirError(`--out ${out}: cannot create its folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export async function buildNotebookSite(resultsDir: string, options: BuildSiteOptions = {}): Promise<NotebookSite> {
  // Everything that can refuse the input runs before the first temporary folder exists.
  const folder = readResultsFolder(resultsDir, options.run);
  const out = resolve(options.out ?? join(resultsDir, "notebooks"));
  checkSiteOut(out);
  const notebooks = options.notebooksDir ?? shippedNotebooks();
  ensureParent(out);
  const stageRoot = mkdtempSync(join(tmpdir(), "coordsim-notebooks-"));
  const building = tempPathFor(out);
  try {
    const stage = stageNotebooks(folder, notebooks, stageRoot);
    writeFileSync(join(stageRoot, "index.html"), indexNotebook(folder, stage));
    const pages = ["index.html", ...stage.pages.map((p) => p.file)];
    await buildNotebooks(stageRoot, pages, building);
    if (options.signal?.aborted) throw new CoordsimError("interrupted", `notebook: interrupted; ${out} was left as it was`);
    const marker = { source: resolve(resultsDir), pages, skipped: stage.skipped, comparison: stage.comparisonSource };
    writeFileSync(join(building, SITE_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    moveIntoPlace(building, out);
    return { out, pages: stage.pages, skipped: stage.skipped };
  } finally {
    rmSync(stageRoot, { recursive: true, force: true });
    rmSync(building, { recursive: true, force: true });
  }
}
