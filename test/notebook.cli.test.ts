// `coordsim notebook` without a browser: which folders it accepts, where it
// writes, what it refuses, and the comparison it derives from one-axis sweeps;
// search folders (optimize / attack / Pareto) and their malformed files.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatAttackJunit } from "../src/check/attackJunit.js";
import { readResultsFolder } from "../src/notebook/resultsFolder.js";
import { comparisonFromSweep } from "../src/notebook/stage.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";
import { addParetoFront } from "./helpers/paretoFixture.js";

const FIXTURE = "test/fixtures/notebook/tiny-sweep.yaml";
const work = tempDir("coordsim-notebook-cli-");
const compareDir = join(work, "compare");
const runDir = join(work, "run");
const optimizeDir = join(work, "optimize");

beforeAll(async () => {
  const c = await runCli("compare", FIXTURE, "--vary", "policies.attribution=uniform,coverage-shapley", "--replicates", "3", "--workers", "1", "--out", compareDir, "--quiet");
  expect(c.code, c.stderr).toBe(0);
  const r = await runCli("run", FIXTURE, "--out", runDir, "--quiet");
  expect(r.code, r.stderr).toBe(0);
  // Two generations of four candidates: the smallest search the claim-latency block allows.
  const o = await runCli("optimize", "scenarios/optimize-claim-latency.yaml", "--set", "optimize.budget=8", "--set", "duration=24", "--workers", "2", "--out", optimizeDir, "--quiet");
  expect(o.code, o.stderr).toBe(0);
}, 120_000);

let copies = 0;
/** A copy of the optimize folder, changed by `change`. */
function searchCopy(change: (dir: string) => void = () => {}): string {
  const dir = join(work, `search-${copies++}`);
  cpSync(optimizeDir, dir, { recursive: true });
  change(dir);
  return dir;
}
const edit = (dir: string, file: string, f: (text: string) => string) => writeFileSync(join(dir, file), f(readFileSync(join(dir, file), "utf8")));
const ATTACK_HEADER = "# Strongest attack found by coordsim attack on x.yaml\n# under the cap providers_broke <= 0\n# against: policies.attribution=volume\n# attack: policies.coordination.params.latency=1\n\nname: x\n";

describe("coordsim notebook on search folders", () => {
  it("recognises an optimize folder, shows its best candidate's first run, and tells attack and Pareto folders apart", () => {
    const folder = readResultsFolder(optimizeDir);
    if (folder.kind !== "search") throw new Error(`kind ${folder.kind}`);
    const best = JSON.parse(readFileSync(join(optimizeDir, "optimize.json"), "utf8")).best as { generation: number; candidate: number };
    expect(folder.attack).toBeNull();
    expect(folder.paretoCsv).toBeNull();
    expect(folder.runDir).toBe(join(optimizeDir, "generations", `g${String(best.generation).padStart(3, "0")}`, "runs", `p${best.candidate}-r0`));
    expect(folder.runRow.point).toBe(String(best.candidate));
    const attack = readResultsFolder(searchCopy((d) => writeFileSync(join(d, "strongest-attack.yaml"), ATTACK_HEADER)));
    expect(attack.kind === "search" && attack.attack).toEqual({ against: "policies.attribution=volume", attack: "policies.coordination.params.latency=1", gain: null, cap: "providers_broke <= 0", threshold: null, thresholdOn: "mean" });
    // The threshold and what it bounds, read back from the report the attack command writes.
    for (const thresholdOn of ["mean", "upper95"] as const) {
      const junit = formatAttackJunit({ file: "x.yaml", name: "x", searchSeed: 1, runs: 4, threshold: 1.5, thresholdOn, cap: ["providers_broke <= 0"], gainText: "copy_gain", best: { objective_mean: 1, objective_se: 0.5 }, attack: ["a=1"], overrides: [], replicateSeeds: [1, 2] });
      const withJunit = readResultsFolder(searchCopy((d) => { writeFileSync(join(d, "strongest-attack.yaml"), ATTACK_HEADER); writeFileSync(join(d, "attack-junit.xml"), junit); }));
      expect(withJunit.kind === "search" && withJunit.attack).toMatchObject({ threshold: 1.5, thresholdOn });
    }
    const pareto = readResultsFolder(searchCopy((d) => addParetoFront(d, [{ expression: "duplicate_execution_share", sense: "minimize" }, { expression: "mean_latency_h", sense: "minimize" }])));
    expect(pareto.kind === "search" && pareto.paretoCsv).toMatch(/pareto\.csv$/);
  });

  it("names in its skip reasons a generation folder that `coordsim notebook` builds as a sweep", async () => {
    const built = await runCli("notebook", optimizeDir, "--out", join(work, "search-site"), "--json");
    expect(built.code, built.stderr).toBe(0);
    const { pages, skipped } = JSON.parse(built.stdout) as { pages: string[]; skipped: string[] };
    expect(pages).toEqual(["run-overview.html", "search-convergence.html"]);
    const generation = /`coordsim notebook ([^`]+)`/.exec(skipped.find((s) => s.startsWith("Sweep explorer"))!)![1]!;
    expect(generation).toMatch(/generations[/\\]g\d{3}$/);
    const sweep = await runCli("notebook", generation, "--out", join(work, "generation-site"), "--json");
    expect(sweep.code, sweep.stderr).toBe(0);
    expect(JSON.parse(sweep.stdout).pages).toContain("sweep-explorer.html");
  });

  const front = [{ expression: "duplicate_execution_share", sense: "minimize" as const }, { expression: "mean_latency_h", sense: "minimize" as const }];
  it.each<[string, (dir: string) => void, RegExp]>([
    ["optimize.json of another format", (d) => edit(d, "optimize.json", (t) => t.replace("coordsim.optimize/1", "coordsim.optimize/9")), /optimize\.json: field format: "coordsim\.optimize\/9", expected "coordsim\.optimize\/1"/],
    ["optimize.json cut short", (d) => edit(d, "optimize.json", (t) => t.slice(0, 100)), /optimize\.json: not valid JSON/],
    ["optimize.json without factors", (d) => edit(d, "optimize.json", (t) => t.replace('"factors"', '"factorz"')), /optimize\.json: field factors: missing, expected an object/],
    ["no generations.csv", (d) => rmSync(join(d, "generations.csv")), /optimize\.json but no generations\.csv/],
    ["generations.csv without objective_se", (d) => edit(d, "generations.csv", (t) => t.replace("objective_se", "objective_sd")), /generations\.csv:1: missing the column objective_se/],
    ["generations.csv with a bad feasible cell", (d) => edit(d, "generations.csv", (t) => t.split("\n").map((l, i) => (i === 2 ? l.replace(/,1,0,(\d+),$/, ",yes,0,$1,") : l)).join("\n")), /generations\.csv:3: column feasible: "yes", expected 0 or 1/],
    ["generations.csv with a bad objective", (d) => edit(d, "generations.csv", (t) => t.split("\n").map((l, i) => (i === 1 ? l.replace(/^((?:[^,]*,){4})[^,]*/, "$1abc") : l)).join("\n")), /generations\.csv:2: column objective_mean: "abc", expected a number or an empty cell/],
    ["pareto.csv without a front in optimize.json", (d) => writeFileSync(join(d, "pareto.csv"), readFileSync(join(d, "generations.csv"))), /pareto\.csv: a Pareto front needs optimize\.json's front to list 2 or more objectives \(it lists 0\)/],
    ["pareto.csv listing a candidate generations.csv does not", (d) => { addParetoFront(d, front); edit(d, "pareto.csv", (t) => t.replace(/\n(\d+),(\d+),/, "\n$1,99,")); }, /pareto\.csv:2: generation \d+ candidate 99 is not in generations\.csv/],
    ["an attack-junit.xml without the invariant", (d) => { writeFileSync(join(d, "strongest-attack.yaml"), ATTACK_HEADER); writeFileSync(join(d, "attack-junit.xml"), "<testsuites/>\n"); }, /attack-junit\.xml: no testcase "no attack under the cap \.\.\. gains more than <threshold>"/],
    ["worst_case attack without attack_gain_se", (d) => { addParetoFront(d, front, ["providers.nearCopyShare"]); edit(d, "generations.csv", (t) => t.replace("attack_gain_se", "attack_gain_sd")); }, /generations\.csv:1: missing the column attack_gain_se/],
    ["strongest-attack.yaml without its header", (d) => writeFileSync(join(d, "strongest-attack.yaml"), "name: x\n"), /strongest-attack\.yaml:1: no "# against: \.\.\." header line/],
    ["the best's generation folder gone", (d) => rmSync(join(d, "generations"), { recursive: true }), /generations: no folder for generation \d+/],
  ])("refuses a search folder with %s (exit 2, nothing built)", async (_, change, message) => {
    const dir = searchCopy(change);
    const r = await runCli("notebook", dir, "--out", join(dir, "site"));
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, "site"))).toBe(false);
  });
});

describe("coordsim notebook", () => {
  it("derives from a one-axis sweep exactly the compare.csv `coordsim compare` wrote", () => {
    const sweepOnly = join(work, "sweep-only");
    cpSync(compareDir, sweepOnly, { recursive: true });
    rmSync(join(sweepOnly, "compare.csv"));
    const folder = readResultsFolder(sweepOnly);
    expect(folder.kind).toBe("sweep");
    expect(comparisonFromSweep(folder as Extract<typeof folder, { kind: "sweep" }>)).toBe(readFileSync(join(compareDir, "compare.csv"), "utf8"));
  });

  it("writes <results>/notebooks by default, prints index.html, and replaces only its own earlier build", async () => {
    const first = await runCli("notebook", runDir);
    expect(first.code, first.stderr).toBe(0);
    const out = join(runDir, "notebooks");
    expect(first.stdout.trim()).toBe(join(out, "index.html"));
    expect(first.stderr).toContain("not built: Sweep explorer, policy comparison and sensitivity");
    expect(readdirSync(out).sort()).toEqual([".coordsim-notebooks.json", "assets", "index.html", "run-overview.html"]);
    const again = await runCli("notebook", runDir, "--json");
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ out, pages: ["run-overview.html"] });
    // No temporary folders are left beside the site.
    expect(readdirSync(runDir).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it.each([
    [["notebook", "test/fixtures"], /not a coordsim results folder/],
    [["notebook", "does-not-exist"], /does-not-exist: no such folder/],
    [["notebook", FIXTURE], /not a folder/],
  ])("refuses %j with exit 2", async (args, message) => {
    const r = await runCli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it("refuses a non-empty --out it did not build, an unknown --run, and --run on a single run", async () => {
    const taken = join(work, "taken");
    mkdirSync(taken);
    writeFileSync(join(taken, "keep.txt"), "mine");
    const r1 = await runCli("notebook", compareDir, "--out", taken);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/not a notebook site coordsim built/);
    expect(readdirSync(taken)).toEqual(["keep.txt"]);
    const r2 = await runCli("notebook", compareDir, "--run", "p9-r9", "--out", join(work, "x"));
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/--run p9-r9: no such run/);
    const r3 = await runCli("notebook", runDir, "--run", "p0-r0", "--out", join(work, "y"));
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/holds a single run, not a sweep/);
    expect(existsSync(join(work, "x")) || existsSync(join(work, "y"))).toBe(false);
  });

  it("--serve prints a loopback URL that serves the site, and stops on SIGINT", async () => {
    const child = spawn(process.execPath, [join(ROOT, "dist/bin/coordsim.js"), "notebook", compareDir, "--out", join(work, "served"), "--serve", "--port", "0", "--quiet"], { cwd: ROOT });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.on("exit", (code) => reject(new Error(`exited ${code} before printing a URL`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(`${url}policy-comparison.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<script");
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });
});
