import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

// The determinism rule (docs/design.md, Determinism) is only worth something if it fires: lint
// probe code as if it lived in each core folder, and once outside them.
const PROBE = [
  "export const a = Math.random();",
  "export const b = Date.now();",
  "export const c = new Date();",
  "export const d = performance.now();",
  "export const e = Date();",
  "export function f(o: object) { for (const k in o) return k; return ''; }",
].join("\n");

async function ruleHits(filePath: string): Promise<number[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(PROBE, { filePath });
  return result!.messages.filter((m) => m.ruleId?.startsWith("no-restricted")).map((m) => m.line);
}

describe("lint: determinism rule", () => {
  for (const dir of ["src/sim", "src/policies", "src/metrics", "src/scenario/designs", "src/search"]) {
    it(`flags ambient randomness, wall-clock reads and for...in in ${dir}`, async () => {
      const lines = new Set(await ruleHits(`${dir}/probe.ts`));
      expect([...lines].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    });
  }
  it("allows wall-clock reads outside the simulation core (e.g. the CLI's progress bar)", async () => {
    expect(await ruleHits("src/cli/probe.ts")).toEqual([]);
  });
});
