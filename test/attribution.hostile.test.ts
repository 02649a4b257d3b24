// `coordsim attribute` against hostile game files: numbers that would overflow
// the rules' sums, fractions beyond exact doubles, negative weights, deep
// nesting, duplicate and prototype keys, unknown keys, files that are not
// regular or too big. Each is exit 2 naming the file, line:column and field;
// and over random valid games with extreme-but-accepted numbers, every rule's
// values are finite (never null).
import { execFileSync } from "node:child_process";
import { mkdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_GAME_FILE_BYTES, MAX_GAME_MAGNITUDE, parseGameFile } from "../src/policies/attribution/gameFile.js";
import { attributionRules } from "../src/policies/attribution/index.js";
import { attributeValues } from "../src/policies/attribution/standalone.js";
import { runCli, tempDir } from "./helpers/cli.js";

const dir = tempDir("coordsim-attribute-hostile-");
const ONE = { "": 0, "0": 1 };
const coverage = (def: Record<string, unknown>, n = 1) => ({ n, definition: { type: "coverage", item_weights: [1], player_items: Array.from({ length: n }, () => [0]), ...def } });

function file(name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

async function refused(path: string, message: RegExp, policy = "shapley-exact"): Promise<void> {
  const r = await runCli("attribute", path, "--policy", policy);
  expect(r.code, `${path}: ${r.stderr}${r.stdout}`).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe("attribute refuses hostile game files (exit 2, file:line:col field)", () => {
  it.each<[string, string | object, RegExp]>([
    ["frac-exp.json", { n: 1, characteristic_function: { "": 0, "0": "1e400/3" } }, /frac-exp\.json:1:\d+ characteristic_function\["0"\]: "1e400\/3" is not an exact fraction/],
    ["frac-big.json", { n: 1, characteristic_function: { "": 0, "0": `1${"0".repeat(400)}/3` } }, /characteristic_function\["0"\]: the fraction .* beyond 2\^53 - 1/],
    ["frac-den.json", { n: 1, characteristic_function: { "": 0, "0": "1/9007199254740993" } }, /beyond 2\^53 - 1/],
    ["frac-zero.json", { n: 1, characteristic_function: { "": 0, "0": "1/0" } }, /"1\/0" divides by zero/],
    ["frac-neg-den.json", { n: 1, characteristic_function: { "": 0, "0": "1/-3" } }, /"1\/-3" is not an exact fraction/],
    ["value-big.json", { n: 1, characteristic_function: { "": 0, "0": 1e101 } }, /characteristic_function\["0"\]: 1e\+101 is outside the supported range \[-1e100, 1e100\]/],
    ["value-neg.json", { n: 1, characteristic_function: { "": 0, "0": "-2e100" } }, /"-2e100" is outside the supported range/],
    ["literal-inf.json", '{"n": 1, "characteristic_function": {"": 0, "0": 1e400}}', /literal-inf\.json:1:50 characteristic_function\["0"\]: the number is too large for a double/],
    ["weight-huge.json", coverage({ item_weights: [1e308, 1e308], player_items: [[0, 1]] }), /definition\.item_weights\[0\]: 1e\+308 is outside the supported range/],
    ["weight-neg.json", coverage({ item_weights: [1, -1], player_items: [[0, 1]] }), /definition\.item_weights\[1\]: expected a number >= 0, got -1/],
    ["quality-neg.json", coverage({ player_quality: ["-1/2"] }), /definition\.player_quality\[0\]: expected a number >= 0, got "-1\/2"/],
    ["quality-huge.json", coverage({ player_quality: ["1e200"] }), /definition\.player_quality\[0\]: "1e200" is outside the supported range/],
    ["deep-array.json", `${"[".repeat(100_000)}${"]".repeat(100_000)}`, /deep-array\.json:1:33 \[0\](\[0\]){31}: nested deeper than 32 levels/],
    ["deep-object.json", `{"n": 1, "description": ${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}}`, /deep-object\.json:1:\d+ description(\.a){31}: nested deeper than 32 levels/],
    ["dup-root.json", '{"n": 1, "n": 2, "characteristic_function": {"": 0, "0": 1}}', /dup-root\.json:1:10 n: duplicate key/],
    ["dup-cf.json", '{"n": 1, "characteristic_function": {"": 0, "0": 1, "0": 5}}', /dup-cf\.json:1:53 characteristic_function\["0"\]: duplicate key/],
    ["dup-def.json", '{"n": 1, "definition": {"type": "coverage", "item_weights": [1], "item_weights": [9], "player_items": [[0]]}}', /definition\.item_weights: duplicate key/],
    ["proto-root.json", '{"n": 1, "__proto__": {"n": 2}, "characteristic_function": {"": 0, "0": 1}}', /proto-root\.json:1:10 __proto__: the key "__proto__" is not allowed/],
    ["proto-cf.json", '{"n": 1, "characteristic_function": {"": 0, "0": 1, "__proto__": 1}}', /characteristic_function\.__proto__: the key "__proto__" is not allowed/],
    ["unknown-root.json", { n: 1, charactristic_function: ONE }, /unknown-root\.json:1:\d+ charactristic_function: unknown key \(did you mean "characteristic_function"\?\)/],
    ["unknown-def.json", coverage({ player_qualities: [1] }), /definition\.player_qualities: unknown key \(did you mean "player_quality"\?\)/],
    ["def-type.json", { n: 1, definition: { type: "Coverage", item_weights: [1], player_items: [[0]] } }, /definition\.type: expected one of coverage, glove/],
    ["players-table.json", { n: 21, characteristic_function: { "": 0 } }, /n: expected an integer in \[1,20\]/],
    ["players-coverage.json", { n: 10_000_001, definition: { type: "coverage", item_weights: [], player_items: [] } }, /n: expected an integer in \[1,10000000\]/],
    ["n-fraction.json", { n: 1.5, characteristic_function: ONE }, /n: expected an integer in \[1,20\].*got 1\.5/],
    ["key-zero.json", { n: 2, characteristic_function: { "": 0, "0": 1, "01": 1, "0,1": 2 } }, /characteristic_function\["01"\]: key "01" is not a coalition key/],
    ["key-space.json", { n: 2, characteristic_function: { "": 0, "0": 1, "1": 1, "0, 1": 2 } }, /characteristic_function\["0, 1"\]: key "0, 1" is not a coalition key/],
    ["key-player.json", { n: 2, characteristic_function: { "": 0, "0": 1, "1": 1, "0,25": 2 } }, /key "0,25" names player 25, but players are 0\.\.1/],
    ["trailing.json", '{"n": 1, "characteristic_function": {"": 0, "0": 1}} {}', /trailing\.json:1:54: not valid JSON: unexpected text after the JSON value/],
    ["truncated.json", '{"n": 1, "characteristic_function": {"": 0, "0": ', /truncated\.json:1:50 characteristic_function\["0"\]: not valid JSON: unexpected end of file/],
    ["control.json", '{"n": 1, "description": "a\tb", "characteristic_function": {"": 0, "0": 1}}', /control\.json:1:27 description: not valid JSON: control character/],
    ["nan.json", '{"n": 1, "characteristic_function": {"": 0, "0": NaN}}', /characteristic_function\["0"\]: not valid JSON: unexpected "N": expected a value/],
    ["binary.bin", "\u0000\u0001", /binary\.bin:1:1: not valid JSON/],
    ["empty.json", "", /empty\.json:1:1: not valid JSON: unexpected end of file/],
  ])("%s", async (name, content, message) => {
    await refused(file(name, content), message);
  });

  it("invalid UTF-8 is named with its line; a BOM is accepted", async () => {
    const bad = join(dir, "latin1.json");
    writeFileSync(bad, Buffer.concat([Buffer.from('{"n": 1,\n"description": "'), Buffer.from([0xe9]), Buffer.from('", "characteristic_function": {"": 0, "0": 1}}')]));
    await refused(bad, /latin1\.json:2: the game file is not UTF-8 text \(an invalid byte on this line/);
    const bom = await runCli("attribute", file("bom.json", `\uFEFF${JSON.stringify({ n: 1, characteristic_function: ONE })}`), "--policy", "uniform");
    expect(bom.code, bom.stderr).toBe(0);
    expect(JSON.parse(bom.stdout)).toEqual({ values: [1] });
  });

  it("folders, FIFOs, devices and files over the size cap are refused before reading", async () => {
    const folder = join(dir, "folder.json");
    mkdirSync(folder);
    await refused(folder, /folder\.json: cannot read the game file \(EISDIR/);
    const fifo = join(dir, "pipe.json");
    execFileSync("mkfifo", [fifo]);
    await refused(fifo, /pipe\.json: cannot read the game file: not a regular file/);
    await refused("/dev/zero", /\/dev\/zero: cannot read the game file: not a regular file/);
    const big = file("big.json", "");
    truncateSync(big, MAX_GAME_FILE_BYTES + 1); // sparse: refused from its size alone
    await refused(big, /big\.json: the game file is 256 MiB, above the limit of 256 MiB/);
    await refused(join(dir, "absent.json"), /absent\.json: cannot read the game file \(ENOENT\)/);
  });

  it("accepts the bounds themselves: ±1e100 and fractions of 2^53 - 1", async () => {
    const edge = file("edge.json", { n: 2, characteristic_function: { "": 0, "0": MAX_GAME_MAGNITUDE, "1": "-1e100", "0,1": "9007199254740991/9007199254740991" } });
    const r = await runCli("attribute", edge, "--policy", "shapley-exact");
    expect(r.code, r.stderr).toBe(0);
    const values = (JSON.parse(r.stdout) as { values: number[] }).values;
    // φ = (1e100 + 1e100 + 1)/2 and its negative, to rounding: finite, however close to the bound.
    expect(values.map((v) => v / MAX_GAME_MAGNITUDE)).toEqual([1, -1]);
  });
});

/** Numbers at the edges of the accepted range, as the game file may spell them. */
const extreme = (min: number) =>
  fc.oneof(
    fc.constantFrom(min, 0, 1, MAX_GAME_MAGNITUDE, 1e-300, 5e-324, 1e99),
    fc.double({ min, max: MAX_GAME_MAGNITUDE, noNaN: true }),
    fc.tuple(fc.integer({ min: min < 0 ? -(2 ** 53 - 1) : 0, max: 2 ** 53 - 1 }), fc.integer({ min: 1, max: 2 ** 53 - 1 })).map(([p, q]) => `${p}/${q}`),
  );

const tableGame = fc.integer({ min: 1, max: 7 }).chain((n) =>
  fc.array(extreme(-MAX_GAME_MAGNITUDE), { minLength: 2 ** n, maxLength: 2 ** n }).map((values) => {
    const cf: Record<string, unknown> = {};
    values.forEach((v, m) => (cf[Array.from({ length: n }, (_, i) => i).filter((i) => m & (1 << i)).join(",")] = m === 0 ? 0 : v));
    return { n, characteristic_function: cf };
  }),
);

const coverageGame = fc.record({ n: fc.integer({ min: 1, max: 8 }), items: fc.integer({ min: 1, max: 12 }) }).chain(({ n, items }) =>
  fc.record({
    n: fc.constant(n),
    definition: fc.record({
      type: fc.constant("coverage"),
      item_weights: fc.array(extreme(0), { minLength: items, maxLength: items }),
      player_items: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: items - 1 }), { maxLength: items }), { minLength: n, maxLength: n }),
      player_quality: fc.array(extreme(0), { minLength: n, maxLength: n }),
    }),
  }),
);

/** Params that push each rule hardest (most noise, most samples a test can afford). */
const PARAMS: Record<string, string[]> = {
  "influence-noisy": ["noise=100", "model=multiplicative"],
  "shapley-mc": ["samples=200"],
  "banzhaf-mc": ["samples=400"],
  "replication-robust": ["penalty=0"],
};

describe("over random valid games with extreme numbers, every rule's values are finite", () => {
  it("table and coverage games, every built-in rule that applies", () => {
    fc.assert(
      fc.property(fc.oneof(tableGame, coverageGame), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.double({ min: 0, max: 100, noNaN: true }), (spec, seed, noise) => {
        const game = parseGameFile(JSON.stringify(spec), "random.json");
        for (const rule of attributionRules) {
          const isCoverage = "definition" in spec;
          if (!isCoverage && !["uniform", "leave-one-out", "shapley-exact", "shapley-mc", "banzhaf-mc"].includes(rule.name)) continue;
          const params = rule.name === "influence-noisy" ? [`noise=${noise}`, `model=${seed % 2 === 0 ? "additive" : "multiplicative"}`] : (PARAMS[rule.name] ?? []);
          const values = attributeValues(game, rule.name, { seed, params });
          for (const v of values) expect(Number.isFinite(v), `${rule.name} gave ${v} on ${JSON.stringify(spec).slice(0, 300)}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
