// index.html of a built notebook site: what the results folder is and links to
// the notebooks built from it. A notebook itself (static Markdown cells), so it
// shares the notebooks' theme.
import { basename, resolve } from "node:path";
import type { ResultsFolder } from "./resultsFolder.js";
import { POLICY_COMPARISON, type Stage } from "./stage.js";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Markdown-safe inline text: HTML-escaped, with Markdown punctuation neutralised. */
function inline(text: string): string {
  return escapeHtml(text).replace(/[\\`*_[\]#|~$]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function indexNotebook(folder: ResultsFolder, stage: Stage): string {
  const source = resolve(folder.dir);
  const what =
    folder.kind === "run"
      ? "one run"
      : `a sweep of ${folder.manifest.runs_total} runs (${folder.manifest.axes.map((a) => `${a.path} × ${a.values.length}`).join(", ")}; ${folder.manifest.replicates} replicates); the run overview shows run ${folder.runId}`;
  const lines = [
    `# coordsim results: ${inline(folder.kind === "sweep" ? folder.manifest.name : basename(source))}`,
    "",
    `Built from \`${inline(source)}\`, which holds ${inline(what)}.`,
    "",
    ...stage.pages.map((p) => `- [${p.title}](./${p.file}): ${p.blurb}${p === POLICY_COMPARISON && stage.comparisonSource === "derived from runs.csv" ? " (Paired differences computed from runs.csv: the sweep's one axis, common random numbers.)" : ""}`),
    "",
    ...(stage.skipped.length > 0 ? ["Not built:", "", ...stage.skipped.map((s) => `- ${inline(s)}`), ""] : []),
    "Everything here works offline: the data and the chart code are bundled into this folder.",
  ];
  const body = lines.join("\n").replace(/<\/script/gi, "<\\/script");
  return `<!doctype html>\n<notebook theme="air">\n  <title>coordsim results</title>\n  <script id="1" type="text/markdown">\n${body}\n  </script>\n</notebook>\n`;
}
