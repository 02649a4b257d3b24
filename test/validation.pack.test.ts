// The validation pack in CI: every case, quick, must reproduce its published result.
import { describe, expect, it } from "vitest";
import { VALIDATION_CASES } from "../scripts/validation/index.js";
import { rowPasses } from "../scripts/validation/types.js";

describe("validation pack (quick)", () => {
  for (const c of VALIDATION_CASES) {
    it(`${c.id}: ${c.claim}`, () => {
      const rows = c.run({ quick: true });
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.tolerance, row.label).toBeGreaterThanOrEqual(0);
        expect(rowPasses(row), `${row.label}: measured ${row.measured} vs published ${row.published} ± ${row.tolerance} (${row.toleranceFrom})`).toBe(true);
      }
    });
  }

  it("a row outside its tolerance is a miss (the check can fail)", () => {
    expect(rowPasses({ label: "x", measured: 1.2, published: 1, tolerance: 0.1, toleranceFrom: "" })).toBe(false);
    expect(rowPasses({ label: "x", measured: 1.2, published: 1, tolerance: 0.1, check: "at-least", toleranceFrom: "" })).toBe(true);
    expect(rowPasses({ label: "x", measured: 1.2, published: 1, tolerance: 0.1, check: "at-most", toleranceFrom: "" })).toBe(false);
    expect(rowPasses({ label: "x", measured: Number.NaN, published: 1, tolerance: 10, toleranceFrom: "" })).toBe(false);
  });
});

describe("docs/validation.md", () => {
  it("lists every case of the pack with its source (and no case that does not exist)", async () => {
    const { readFileSync } = await import("node:fs");
    const doc = readFileSync(new URL("../docs/validation.md", import.meta.url), "utf8");
    const cases = doc.slice(doc.indexOf("## Cases"), doc.indexOf("## Results"));
    const listed = [...cases.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(VALIDATION_CASES.map((c) => c.id));
  });
});
