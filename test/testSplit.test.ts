// `npm run test:unit` must give feedback straight from sources, with no build:
// a test file that spawns the built CLI, reads dist/, runs sweeps or compares
// (their worker pool loads dist/src/runner/sweep/worker.js) or drives chromium
// belongs in SLOW_TESTS (vitest.config.ts), which only `npm test` runs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SLOW_TESTS } from "../vitest.config.js";
import { ROOT } from "./helpers/cli.js";

const NEEDS_BUILD: readonly RegExp[] = [
  /\bspawnCli\(/,
  /dist\//,
  /helpers\/browser/,
  /runCli\(\s*"(sweep|compare)"/,
];

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === "fixtures" ? [] : testFiles(`${dir}/${e.name}`)) : e.name.endsWith(".test.ts") ? [`${dir}/${e.name}`] : [],
  );
}

describe("unit / slow test split", () => {
  it("every listed slow test file exists", () => {
    expect(SLOW_TESTS.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });

  it("no unit test file needs the build (spawns the CLI, reads dist/, uses the worker pool or chromium)", () => {
    const slow = new Set(SLOW_TESTS);
    const offenders = testFiles("test")
      .filter((f) => !slow.has(f) && f !== "test/testSplit.test.ts")
      .filter((f) => NEEDS_BUILD.some((re) => re.test(readFileSync(join(ROOT, f), "utf8"))));
    expect(offenders, "move these into SLOW_TESTS in vitest.config.ts").toEqual([]);
  });
});
