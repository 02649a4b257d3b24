// index.html of a built notebook site: what the results folder is and links to
// the notebooks built from it. A notebook itself, so it shares the notebooks'
// theme, with one static HTML cell: every piece of text is escaped exactly once,
// where it is inserted (a Markdown cell would parse the escaped text again and
// show entities such as &#60; literally, and never decodes them in code spans).
import { basename, resolve } from "node:path";
import type { ResultsFolder } from "./resultsFolder.js";
import { POLICY_COMPARISON, type Stage } from "./stage.js";

/**
 * Text as HTML character data. Beyond HTML's five, the backtick, `$` and
 * backslash are escaped too: Notebook Kit reads an HTML cell as a JavaScript
 * template literal, where they would end the cell or start an expression.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`$\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escaped text whose `backtick spans` become <code> (the messages use them for commands). */
export function textWithCode(text: string): string {
  return text
    .split("`")
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join("");
}

function what(folder: ResultsFolder): string {
  if (folder.kind === "run") return "one run";
  if (folder.kind === "search") {
    const st = folder.state;
    const tool = folder.attack !== null ? `an attack search against ${folder.attack.against}` : "a search";
    return `${tool} (${st.sense} ${st.objective} over ${Object.keys(st.factors).join(", ")}; ${st.generations_completed} generation${st.generations_completed === 1 ? "" : "s"}, ${st.evaluations ?? "?"} candidates); the run overview shows run ${folder.runId} of the best candidate`;
  }
  const m = folder.manifest;
  const axes = m.design !== undefined ? `a ${m.design.kind} design over ${Object.keys(m.design.factors).join(", ")}` : m.axes.map((a) => `${a.path} × ${a.values.length}`).join(", ");
  return `a sweep of ${m.runs_total} runs (${axes}; ${m.replicates} replicates); the run overview shows run ${folder.runId}`;
}

export function indexNotebook(folder: ResultsFolder, stage: Stage): string {
  const source = resolve(folder.dir);
  const title = folder.kind === "sweep" ? folder.manifest.name : folder.kind === "search" ? folder.state.name : basename(source);
  const derived = stage.comparisonSource === "derived from runs.csv" ? " (Paired differences computed from runs.csv: the sweep's one axis, common random numbers.)" : "";
  const links = stage.pages.map(
    (p) => `<li><a href="./${escapeHtml(p.file)}">${escapeHtml(p.title)}</a>: ${escapeHtml(p.blurb)}${p === POLICY_COMPARISON ? escapeHtml(derived) : ""}</li>`,
  );
  const html = [
    `<h1>coordsim results: ${escapeHtml(title)}</h1>`,
    `<p>Built from <code>${escapeHtml(source)}</code>, which holds ${escapeHtml(what(folder))}.</p>`,
    `<ul>\n${links.join("\n")}\n</ul>`,
    ...(stage.skipped.length > 0 ? ["<p>Not built:</p>", `<ul>\n${stage.skipped.map((s) => `<li>${textWithCode(s)}</li>`).join("\n")}\n</ul>`] : []),
    "<p>Everything here works offline: the data and the chart code are bundled into this folder.</p>",
  ];
  return `<!doctype html>\n<notebook theme="air">\n  <title>coordsim results</title>\n  <script id="1" type="text/html">\n${html.join("\n")}\n  </script>\n</notebook>\n`;
}
