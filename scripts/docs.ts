// `npm run docs`: regenerate the docs that derive from code, so they never drift:
// docs/scenario.schema.json (editor autocompletion), the README's scenario
// reference and its metric reference (from the metric catalogue).
// `npm run docs -- --check` exits 1 instead of writing when anything is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { metricReferenceMarkdown } from "../src/metrics/catalogue/describe.js";
import { builtinCatalog } from "../src/policies/catalog.js";
import { replaceBetweenMarkers, scenarioJsonSchema, scenarioReferenceMarkdown } from "../src/scenario/index.js";

export const SCHEMA_FILE = "docs/scenario.schema.json";

/** The generated files' expected contents, keyed by path relative to the repository root. */
export function generatedDocs(root: string): Record<string, string> {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  return {
    [SCHEMA_FILE]: `${JSON.stringify(scenarioJsonSchema(builtinCatalog), null, 2)}\n`,
    "README.md": replaceBetweenMarkers(replaceBetweenMarkers(readme, scenarioReferenceMarkdown(builtinCatalog)), metricReferenceMarkdown(), "metric-reference"),
  };
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]).endsWith(join("scripts", "docs.js"));
if (isMain) {
  const root = resolve(import.meta.dirname, "../..");
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const [file, text] of Object.entries(generatedDocs(root))) {
    const path = join(root, file);
    let current = "";
    try {
      current = readFileSync(path, "utf8");
    } catch {
      current = "";
    }
    if (current === text) continue;
    stale++;
    if (check) console.error(`stale: ${file} (run npm run docs)`);
    else {
      writeFileSync(path, text);
      console.error(`wrote ${file}`);
    }
  }
  process.exitCode = check && stale > 0 ? 1 : 0;
}
