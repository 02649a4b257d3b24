// The search pages of a folder `coordsim optimize` or `coordsim attack` wrote:
// which apply, and the data they read (data/search.json: optimize.json without
// the CMA-ES state, plus strongest-attack.yaml's header; generations.csv and
// pareto.csv as written).
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SearchFolder } from "./resultsFolder.js";
import type { NotebookPage } from "./stage.js";

export const SEARCH_CONVERGENCE: NotebookPage = {
  file: "search-convergence.html",
  title: "Search convergence",
  blurb: "The best objective so far by generation with its 95% interval, every candidate's objective, and each factor's path through its range.",
};
export const STRONGEST_ATTACK: NotebookPage = {
  file: "strongest-attack.html",
  title: "Strongest attack",
  blurb: "The strongest attack found against the --against mechanism: each attacker parameter within its range, the gain it reached with its 95% interval, the cap, and the gain of every attack tried.",
};
export const PARETO_FRONT: NotebookPage = {
  file: "pareto-front.html",
  title: "Pareto front",
  blurb: "Every feasible candidate on two front objectives with SE whiskers, the non-dominated ones joined, and a table of the front members.",
};

/** Stage a search folder's data; returns the pages built and why the others were not. */
export function stageSearch(folder: SearchFolder, root: string): { pages: NotebookPage[]; skipped: string[] } {
  const data = join(root, "data");
  copyFileSync(join(folder.dir, "generations.csv"), join(data, "generations.csv"));
  writeFileSync(join(data, "search.json"), `${JSON.stringify({ ...folder.state, attack: folder.attack, run_overview: folder.runId })}\n`);
  const pages = [SEARCH_CONVERGENCE];
  const skipped: string[] = [];
  if (folder.attack !== null) pages.push(STRONGEST_ATTACK);
  else skipped.push("Strongest attack: needs strongest-attack.yaml, which `coordsim attack` writes when it finds an attack under the cap; this folder has none.");
  if (folder.paretoCsv !== null) {
    copyFileSync(folder.paretoCsv, join(data, "pareto.csv"));
    pages.push(PARETO_FRONT);
  } else skipped.push("Pareto front: needs pareto.csv, which `coordsim optimize` writes for a block with a front of 2 or more objectives.");
  const generation = folder.generationDir.slice(folder.dir.length).replace(/^[/\\]+/, "");
  skipped.push(`Sweep explorer, policy comparison and sensitivity: need a sweep folder; each generation of this search is one: \`coordsim notebook ${join(folder.dir, generation)}\`.`);
  return { pages, skipped };
}
