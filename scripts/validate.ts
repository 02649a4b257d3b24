// `npm run validate [-- --quick] [-- --only <id>] [-- --write-docs]`: run every
// case of the validation pack, print measured vs published side by side, and exit
// 1 if any row misses its tolerance. --write-docs rewrites the results table in
// docs/validation.md (between its markers) from this run.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../src/packageRoot.js";
import { replaceBetweenMarkers } from "../src/scenario/reference.js";
import { VALIDATION_CASES } from "./validation/index.js";
import { rowPasses, type ValidationCase, type ValidationRow } from "./validation/types.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
const cases = VALIDATION_CASES.filter((c) => only === undefined || c.id === only);
if (cases.length === 0) {
  process.stderr.write(`validate: no case ${JSON.stringify(only)}; cases: ${VALIDATION_CASES.map((c) => c.id).join(", ")}\n`);
  process.exit(2);
}

const fmt = (x: number) => (Number.isInteger(x) && Math.abs(x) >= 1 ? String(x) : x.toPrecision(4));
const relation = (row: ValidationRow) => (row.check === "at-most" ? "<=" : row.check === "at-least" ? ">=" : "≈");
let misses = 0;
const results: { c: ValidationCase; rows: ValidationRow[]; seconds: number }[] = [];
for (const c of cases) {
  const started = performance.now();
  const rows = c.run({ quick });
  results.push({ c, rows, seconds: (performance.now() - started) / 1000 });
  process.stdout.write(`\n${c.id} — ${c.mechanism}\n  source: ${c.source}\n  claim:  ${c.claim}\n`);
  for (const row of rows) {
    const pass = rowPasses(row);
    if (!pass) misses++;
    process.stdout.write(`  ${pass ? "ok  " : "MISS"} ${row.label}: measured ${fmt(row.measured)} ${relation(row)} published ${fmt(row.published)} ± ${fmt(row.tolerance)} (${row.toleranceFrom})\n`);
  }
  process.stdout.write(`  (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
if (args.includes("--write-docs")) {
  const file = join(packageRoot()?.dir ?? process.cwd(), "docs", "validation.md");
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const table = [
    "| case | row | measured | published | tolerance | derived from | result |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...results.flatMap(({ c, rows }) => rows.map((r) => `| \`${c.id}\` | ${cell(r.label)} | ${fmt(r.measured)} | ${relation(r)} ${fmt(r.published)} | ± ${fmt(r.tolerance)} | ${cell(r.toleranceFrom)} | ${rowPasses(r) ? "reproduced" : "**missed**"} |`)),
    "",
    `Measured by \`npm run validate${quick ? " -- --quick" : ""}\` (${quick ? "quick" : "full"} settings).`,
  ].join("\n");
  writeFileSync(file, replaceBetweenMarkers(readFileSync(file, "utf8"), table, "validation-results"));
  process.stdout.write(`wrote ${file}\n`);
}
process.stdout.write(`\n${misses === 0 ? "every row reproduced" : `${misses} row(s) missed`} (${cases.length} case(s), ${quick ? "quick" : "full"})\n`);
process.exit(misses === 0 ? 0 : 1);
