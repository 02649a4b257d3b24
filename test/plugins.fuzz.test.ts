// Fuzz: generated misbehaving plugins of every family (wrong types, out-of-range
// ids, NaN / infinite / huge numbers, throws of odd values, process.exit and
// friends, hostile export shapes) run through the real CLI, `run` and a small
// `sweep`. The contract: exit 2 (or 1 for a broken invariant), never 0 or 3;
// stderr (or the failed row) names the plugin; the output folder is absent or
// complete (manifest present).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";

/** What a misbehaving call does, as JavaScript source (a statement). */
const THROWN = ["Object.create(null)", "{ toString() { throw new Error('no'); } }", "Symbol('odd')", "42", "null", "undefined", "new Proxy({}, { get() { throw new Error('trap'); } })", "Object.defineProperty(new Error('x'), 'message', { get() { throw new Error('getter'); } })", "Object.assign(new Error('fine'), { exitCode: 0, kind: 'ok' })"];
const EXITS = ["process.exit(0)", "process.exit(2)", "process.exit()", "process.abort()", "process.kill(process.pid)", "process.reallyExit(0)"];
/** Values that are wrong wherever they go: credits, fee shares, a task slot or a model id. */
const NUMBERS = ["NaN", "Infinity", "-Infinity", "-2", "1.5", "1e9", "'0'", "{}", "undefined"];

const throwing = fc.oneof(fc.constantFrom(...THROWN).map((v) => `throw ${v};`), fc.constantFrom(...EXITS).map((e) => `${e}; return 0;`));
const bad = fc.constantFrom(...NUMBERS);

/** Per family: the method to misbehave in, the scenario lines that make it be called, and the misbehaving bodies. */
const FAMILIES = {
  attribution: { method: "credit(game, out)", ok: "out.fill(1);", bodies: fc.oneof(throwing, fc.constantFrom("NaN", "Infinity", "-1", "{}").map((x) => `out.fill(${x});`), fc.constant("out.fill(1e308); out[0] = 1e308;"), fc.constant("game.pool[0] = 5; out.fill(1);")) },
  routing: { method: "chooseModel(agent, domain, models)", ok: "return models.candidate(domain, 0);", bodies: fc.oneof(throwing, bad.map((x) => `return ${x};`)) },
  coordination: { method: "chooseTask(agent, board)", ok: "return board.openCount > 0 ? board.openAt(0) : -1;", bodies: fc.oneof(throwing, bad.map((x) => `return ${x};`), fc.constant("board.openCount = 0; return 7777;")) },
  rewards: { method: "splitFee(fee, out)", ok: "out.fill(0); out[4] = fee;", bodies: fc.oneof(throwing, fc.constantFrom("NaN", "-2", "1.5", "Infinity", "1e308", "99").map((x) => `out.fill(0); out[4] = fee; out[0] = ${x};`)) },
  adaptation: { method: "adapt(pop, rng, next)", ok: "", bodies: fc.oneof(throwing, fc.constantFrom("next.fill(200);", "next.fill(4);", "rng(1e9);", "rng(-1);")) },
} as const;
type Family = keyof typeof FAMILIES;

/** Hostile shapes: the export, create() or the schema misbehave rather than a call. */
const SHAPES = [
  "export default new Proxy({}, { get() { throw Symbol('export'); } });",
  "export default { family: FAMILY, get create() { throw Object.create(null); } };",
  "export default { family: FAMILY, create() { return new Proxy({}, { get() { throw new Error('trap'); } }); } };",
  "export default { family: FAMILY, schema: { safeParse() { throw { toString() { throw 1; } }; } }, create() { return {}; } };",
  "export default { family: FAMILY, schema: { safeParse() { return 17; } }, create() { return {}; } };",
  "export default { family: FAMILY, schema: { safeParse() { return { success: true, data: { f() {} } }; } }, create() { return {}; } };",
  "throw Symbol('top level'); export default {};",
  "process.exit(0); export default {};",
];

function pluginSource(family: Family, body: string): string {
  const spec = FAMILIES[family];
  const every = family === "adaptation" ? "every: 10, " : "";
  return `export default { family: "${family}", description: "fuzzed", create() { return { ${every}${spec.method} { ${body} } }; } };\n`;
}

function scenario(family: Family, sweep: boolean): string {
  const lines = [
    "name: fuzz",
    "duration: 60",
    "world: { domains: 2, unitsPerDomain: 50 }",
    "providers: { count: 4, contributionRate: 0.5 }",
    "models: { count: 2, retrainEvery: 24 }",
    "agents: { count: 4 }",
    "tasks: { rate: 2 }",
  ];
  if (sweep) lines.push("policies:", `  ${family}: ${family === "adaptation" ? "none" : "{ use: ./ok.js }"}`, "sweep:", "  replicates: 1", "  grid:", `    policies.${family}: [{ use: ./ok.js }, { use: ./plugin.js }]`);
  else lines.push("policies:", `  ${family}: { use: ./plugin.js }`);
  return `${lines.join("\n")}\n`;
}

function writeCase(family: Family, source: string, sweep: boolean): string {
  const dir = tempDir("coordsim-plugin-fuzz-");
  writeFileSync(join(dir, "plugin.js"), source);
  writeFileSync(join(dir, "ok.js"), pluginSource(family, family === "adaptation" ? "" : FAMILIES[family].ok));
  writeFileSync(join(dir, "scenario.yaml"), scenario(family, sweep));
  return dir;
}

function expectContract(r: { code: number; stderr: string }, out: string): void {
  expect([1, 2], r.stderr).toContain(r.code);
  expect(r.stderr).toContain("plugin.js");
  if (existsSync(out)) expect(existsSync(join(out, "manifest.json")), `${out} left without a manifest`).toBe(true);
}

const familyArb = fc.constantFrom(...(Object.keys(FAMILIES) as Family[]));
const callCase = familyArb.chain((family) => FAMILIES[family].bodies.map((body) => ({ family, source: pluginSource(family, body) })));
const shapeCase = fc.tuple(familyArb, fc.constantFrom(...SHAPES)).map(([family, shape]) => ({ family, source: shape.replaceAll("FAMILY", JSON.stringify(family)) }));
const anyCase = fc.oneof({ arbitrary: callCase, weight: 3 }, { arbitrary: shapeCase, weight: 1 });

describe("fuzzed misbehaving plugins", () => {
  it("`run`: exit 2 (or 1), stderr names the plugin, no half-written folder", async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async ({ family, source }) => {
        const dir = writeCase(family, source, false);
        const out = join(dir, "out");
        const r = await runCli("run", join(dir, "scenario.yaml"), "--out", out, "--quiet");
        expectContract(r, out);
      }),
      { numRuns: 24 },
    );
  }, 120_000);

  it("`sweep`: the misbehaving point is a failed row naming the plugin, the other point finishes, sweep.json ends complete", async () => {
    await fc.assert(
      fc.asyncProperty(callCase, async ({ family, source }) => {
        const dir = writeCase(family, source, true);
        const out = join(dir, "sweep");
        const r = await runCli("sweep", join(dir, "scenario.yaml"), "--out", out, "--workers", "2", "--quiet");
        expect(r.code, r.stderr).toBe(1);
        const rows = readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n").slice(1);
        expect(rows[0]).toContain(",ok,");
        expect(rows[1]).toContain(",failed,");
        expect(rows[1]).toContain("plugin.js");
        expect(JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")).status).toBe("complete");
      }),
      { numRuns: 6 },
    );
  }, 120_000);

  it("a call that never returns under --max-wall: exit 2 naming the call, no folder", async () => {
    const dir = writeCase("routing", pluginSource("routing", "for (;;) {}"), false);
    const out = join(dir, "out");
    mkdirSync(dir, { recursive: true });
    const r = await runCli("run", join(dir, "scenario.yaml"), "--out", out, "--max-wall", "1", "--quiet");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("policy plugin ./plugin.js (routing) chooseModel() called at t=");
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
