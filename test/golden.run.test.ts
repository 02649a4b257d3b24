// Golden whole-run test: a few bundled scenarios run start to finish and every
// number they produce is pinned exactly (no tolerance). Every summary column,
// the events processed and the stop state are compared with toEqual; the full
// timeseries and entities tables are pinned by a sha256 of a deterministic,
// exact serialization (column names in order, numbers in shortest round-trip
// form, -0/NaN/Infinity spelled out). A refactor that reorders one random draw,
// one event or one column fails here loudly.
//
// The pinned values live in test/fixtures/golden/<scenario>.json. When a change
// of results is deliberate (new model behaviour, new metric column), regenerate
// them and review the diff before committing:
//
//     COORDSIM_UPDATE_GOLDEN=1 npx vitest run test/golden.run.test.ts
//     git diff test/fixtures/golden/
//
// Without COORDSIM_UPDATE_GOLDEN=1 the test only reads and asserts; it never
// writes the fixtures (and a missing fixture is a failure, not a regeneration).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenario } from "../src/scenario/index.js";
import { ROOT } from "./helpers/cli.js";

const UPDATE = process.env.COORDSIM_UPDATE_GOLDEN === "1";
const FIXTURES = join(ROOT, "test/fixtures/golden");

// quickstart: agents and models only. attack-copycat: providers, datanets,
// retraining and imitation adaptation. attack-collusion: providers plus
// validators (verification sampling, colluders) and the ema trust policy.
// Each runs in well under a second.
const SCENARIOS = ["quickstart", "attack-copycat", "attack-collusion"] as const;

type Cell = string | number | null | undefined;

/** Exact, unambiguous text for one cell: strings quoted, numbers in shortest round-trip form. */
function cell(v: Cell): string {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v); // String() covers NaN, Infinity, -Infinity
  if (v === undefined) return "undefined";
  return JSON.stringify(v);
}

function sha256(lines: Iterable<string>): string {
  const h = createHash("sha256");
  for (const line of lines) h.update(line + "\n");
  return h.digest("hex");
}

/** Numbers JSON can't hold (NaN, ±Infinity, -0) become {"$number": "..."}; everything else is plain JSON. */
function encodeNumber(v: number | null): unknown {
  if (v === null || (Number.isFinite(v) && !Object.is(v, -0))) return v;
  return { $number: cell(v) };
}
function decodeNumber(v: unknown): number | null {
  if (v !== null && typeof v === "object" && "$number" in v) return Number((v as { $number: string }).$number);
  return v as number | null;
}

interface Golden {
  events: number;
  simulatedHours: number;
  stopReason: string;
  truncated: boolean;
  timeseriesRows: number;
  timeseriesSha256: string;
  entityColumns: string[];
  entityRows: number;
  entitiesSha256: string;
  summary: Record<string, number | null>;
}

function runGolden(name: string): Golden {
  const scenario = loadScenario(join(ROOT, "scenarios", `${name}.yaml`), { catalog: builtinCatalog });
  const r = simulate(scenario);
  // Timeseries: each row as key=value pairs in its own key order, so a renamed,
  // added or reordered column changes the digest as well as any value.
  const timeseriesSha256 = sha256(r.timeseries.map((row) => Object.entries(row).map(([k, v]) => `${JSON.stringify(k)}=${cell(v)}`).join(",")));
  const entityLines = [r.entities.columns.map((c) => JSON.stringify(c)).join(",")];
  for (const row of r.entities.rows()) entityLines.push(row.map(cell).join(","));
  return {
    events: r.events,
    simulatedHours: r.simulatedHours,
    stopReason: r.stopReason,
    truncated: r.truncated,
    timeseriesRows: r.timeseries.length,
    timeseriesSha256,
    entityColumns: [...r.entities.columns],
    entityRows: entityLines.length - 1,
    entitiesSha256: sha256(entityLines),
    summary: { ...r.summary },
  };
}

function fixturePath(name: string): string {
  return join(FIXTURES, `${name}.json`);
}

function writeFixture(name: string, g: Golden): void {
  mkdirSync(FIXTURES, { recursive: true });
  const summary = Object.fromEntries(Object.entries(g.summary).map(([k, v]) => [k, encodeNumber(v)]));
  writeFileSync(fixturePath(name), JSON.stringify({ ...g, summary }, null, 2) + "\n");
}

function readFixture(name: string): Golden {
  const file = fixturePath(name);
  if (!existsSync(file)) throw new Error(`${file} is missing; generate it deliberately with COORDSIM_UPDATE_GOLDEN=1 (see the top of this file)`);
  const raw = JSON.parse(readFileSync(file, "utf8")) as Golden & { summary: Record<string, unknown> };
  return { ...raw, summary: Object.fromEntries(Object.entries(raw.summary).map(([k, v]) => [k, decodeNumber(v)])) };
}

describe("golden whole runs (exact numbers of bundled scenarios)", () => {
  for (const name of SCENARIOS) {
    it(`${name}: every summary column, the event count and digests of the timeseries and entities tables are unchanged`, () => {
      const actual = runGolden(name);
      if (UPDATE) {
        writeFixture(name, actual);
        return;
      }
      const expected = readFixture(name);
      // Summary first: its diff names the exact columns that moved.
      expect(actual.summary).toEqual(expected.summary);
      const { summary: _a, ...actualRest } = actual;
      const { summary: _e, ...expectedRest } = expected;
      expect(actualRest).toEqual(expectedRest);
    });
  }

  it("the encoding round-trips the numbers JSON can't hold", () => {
    for (const v of [Number.NaN, Infinity, -Infinity, -0, 0, 1.5e-300, null]) {
      expect(Object.is(decodeNumber(JSON.parse(JSON.stringify(encodeNumber(v)))), v)).toBe(true);
    }
    expect(cell(-0)).not.toBe(cell(0));
    expect(cell("1")).not.toBe(cell(1));
  });
});
