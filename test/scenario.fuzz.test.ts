// Scenario fuzzing: mutate the bundled scenario files (deleted keys, wrong
// types, huge / negative / NaN / infinite numbers, deep nesting, long strings,
// duplicate keys, alias bombs, invalid UTF-8) and check the loader always
// either accepts the file or reports every problem at a file:line:col, never
// throws anything else, and never takes long.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { builtinCatalog } from "../src/policies/catalog.js";
import { ScenarioError, loadScenario, loadScenarioText } from "../src/scenario/index.js";
import { ROOT, spawnCli, tempDir } from "./helpers/cli.js";

/** Bundled scenarios without plugins (a mutated plugin path would just be "file not found"). */
const BASES = ["scenarios", "scenarios/gallery"].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => readFileSync(join(ROOT, dir, f), "utf8")),
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value in `data` (keys and indexes). */
function paths(data: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(data)) data.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (data !== null && typeof data === "object") for (const [k, v] of Object.entries(data)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(data: Json, path: readonly (string | number)[], value: Json | undefined): Json {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(data)) {
    const copy = [...data];
    if (value === undefined && rest.length === 0) copy.splice(head as number, 1);
    else copy[head as number] = setAt(copy[head as number]!, rest, value);
    return copy;
  }
  if (data !== null && typeof data === "object") {
    const copy = { ...data };
    if (value === undefined && rest.length === 0) delete copy[head as string];
    else copy[head as string] = setAt(copy[head as string]!, rest, value);
    return copy;
  }
  return data;
}

const nested = (depth: number): Json => (depth === 0 ? 1 : [nested(depth - 1)]);

/** Values a hostile or careless file might hold. */
const badValue: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined), // delete the key
  fc.constantFrom<Json>("abc", "", true, false, null, [], {}, [1, 2, 3], { use: "nope" }),
  fc.constantFrom<Json>(1e308, -1e308, 1e20, -1, -1e9, 0, 0.5, 2 ** 53 + 1, -0),
  fc.constantFrom<Json>(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.integer({ min: 1, max: 60 }).map((d) => nested(d)),
  fc.integer({ min: 1, max: 200_000 }).map((n) => "x".repeat(n)),
  fc.string({ unit: "binary", maxLength: 40 }),
);

type TextMutation = (text: string) => string;

/** Mutations only text can express: duplicate keys, alias bombs, deep flow nesting, tabs, truncation. */
const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.constant<TextMutation>((t) => `${t}\nseed: 1\nseed: 2\n`),
  fc.integer({ min: 2, max: 9 }).map<TextMutation>((levels) => (t) => {
    // Billion laughs: each level aliases the previous one 9 times.
    const lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]`);
    return `${t}\n${lines.join("\n")}\n`;
  }),
  fc.integer({ min: 100, max: 5000 }).map<TextMutation>((depth) => (t) => `${t}\ndeep: ${"[".repeat(depth)}${"]".repeat(depth)}\n`),
  fc.integer({ min: 0, max: 2000 }).map<TextMutation>((cut) => (t) => t.slice(0, Math.max(0, t.length - cut))),
  fc.constant<TextMutation>((t) => t.replace(/\n {2}/, "\n\t")),
  fc.constant<TextMutation>((t) => `${t}\n*undefined_alias\n`),
);

/** A case: a base file, 0-3 value mutations, maybe one text mutation. */
const mutant = fc.record({
  base: fc.integer({ min: 0, max: BASES.length - 1 }),
  // Sometimes none (valid files must load), usually a few.
  edits: fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 6, arbitrary: fc.array(fc.tuple(fc.nat(), badValue), { minLength: 1, maxLength: 3 }) }),
  text: fc.option(textMutation, { nil: undefined }),
});

type Mutant = typeof mutant extends fc.Arbitrary<infer T> ? T : never;

function render(c: Mutant): string {
  let data = parse(BASES[c.base]!) as Json;
  for (const [pick, value] of c.edits) {
    const all = paths(data).slice(1);
    if (all.length === 0) break;
    data = setAt(data, all[pick % all.length]!, value);
  }
  const text = stringify(data, { aliasDuplicateObjects: false, lineWidth: 0 });
  return c.text === undefined ? text : c.text(text);
}

/** The loader's contract for any text: a scenario, or a ScenarioError whose every issue has a position. */
function checkLoad(text: string, file: string): "accepted" | "rejected" {
  try {
    loadScenarioText(text, file, { catalog: builtinCatalog });
    return "accepted";
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw new Error(`loader threw ${String(error)} instead of a ScenarioError`, { cause: error });
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(issue.line, issue.message).toBeGreaterThanOrEqual(1);
      expect(issue.col, issue.message).toBeGreaterThanOrEqual(1);
    }
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.]/g, "\\.")}:\\d+:\\d+`));
    return "rejected";
  }
}

describe("scenario fuzzing", () => {
  it("1,200 mutated scenario files: accepted, or every issue at file:line:col; no other exception, each within 2 s", () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(mutant, (c) => {
        const text = render(c);
        const start = performance.now();
        if (checkLoad(text, "fuzz.yaml") === "accepted") accepted++;
        else rejected++;
        expect(performance.now() - start, "loading one file").toBeLessThan(2000);
      }),
      { numRuns: 1200 },
    );
    // Both outcomes must occur, or the mutations are not exercising the loader.
    expect(accepted).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(500);
  });

  it("invalid UTF-8 at any offset is reported at its line and column", () => {
    const dir = tempDir("coordsim-fuzz-");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: BASES.length - 1 }), fc.nat(), fc.constantFrom(0xff, 0xc3, 0x80, 0xed), (base, at, byte) => {
        const bytes = Buffer.from(BASES[base]!, "utf8");
        const offset = at % bytes.length;
        const file = join(dir, "bad.yaml");
        writeFileSync(file, Buffer.concat([bytes.subarray(0, offset), Buffer.from([byte, 0x20]), bytes.subarray(offset)]));
        try {
          loadScenario(file, { catalog: builtinCatalog });
          throw new Error("accepted invalid UTF-8");
        } catch (error) {
          expect(error).toBeInstanceOf(ScenarioError);
          const issue = (error as ScenarioError).issues[0]!;
          expect(issue.message).toMatch(/not valid UTF-8/);
          expect(issue.line).toBe(bytes.subarray(0, offset).toString("utf8").split("\n").length);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("the CLI rejects mutants with exit 2, one line per issue, no stack trace and no output folder", () => {
    const dir = tempDir("coordsim-fuzz-cli-");
    const samples = fc.sample(mutant, { numRuns: 400, seed: 7 }).map(render).filter((t) => {
      try {
        return checkLoad(t, "x.yaml") === "rejected";
      } catch {
        return false;
      }
    });
    for (const [i, text] of samples.slice(0, 8).entries()) {
      const file = join(dir, `m${i}.yaml`);
      writeFileSync(file, text);
      const out = join(dir, `out${i}`);
      const r = spawnCli(["run", file, "--out", out, "--quiet"]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).toMatch(new RegExp(`m${i}\\.yaml:\\d+:\\d+`));
      expect(readdirSync(dir)).not.toContain(`out${i}`);
    }
  });
});
