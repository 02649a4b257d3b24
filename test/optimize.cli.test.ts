import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

// The known answer: duplicated work cannot fall as the claim board's latency
// grows, and is 0 at latency 0 (scenarios/optimize-claim-latency.yaml).
const SCENARIO = join(ROOT, "scenarios/optimize-claim-latency.yaml");
const LATENCY = "policies.coordination.params.latency";
/** Within 1/16 of the range [0, 4] from the optimum 0 (latency 0.1 already duplicates about a fifth of the work). */
const LATENCY_TOLERANCE = 0.25;

interface OptimizeJson {
  generations_completed: number;
  evaluations: number;
  status: string;
  best: { values: Record<string, number>; objective_mean: number; objective_se: number } | null;
}

/** The files an optimisation writes that must not depend on workers or interruptions. */
function deterministicFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = { "optimize.json": readFileSync(join(dir, "optimize.json"), "utf8"), "generations.csv": readFileSync(join(dir, "generations.csv"), "utf8") };
  for (const g of readdirSync(join(dir, "generations")).sort()) {
    for (const name of ["runs.csv", "design.csv"]) files[`${g}/${name}`] = readFileSync(join(dir, "generations", g, name), "utf8");
  }
  return files;
}

let reference: string;
beforeAll(async () => {
  reference = join(tempDir(), "reference");
  const r = await runCli("optimize", SCENARIO, "--workers", "2", "--out", reference);
  expect(r.stderr).toMatch(/generation 10\/10/);
  expect(r.code).toBe(0);
}, 60_000);

describe("coordsim optimize: the known answer", () => {
  it(`finds a claim-board latency within ${LATENCY_TOLERANCE} h of 0, the latency that minimises duplicated work`, () => {
    const state = JSON.parse(readFileSync(join(reference, "optimize.json"), "utf8")) as OptimizeJson;
    expect(state).toMatchObject({ generations_completed: 10, evaluations: 40, status: "complete" });
    expect(state.best).not.toBeNull();
    expect(state.best!.values[LATENCY]).toBeGreaterThanOrEqual(0);
    expect(state.best!.values[LATENCY]).toBeLessThanOrEqual(LATENCY_TOLERANCE);
    expect(state.best!.objective_mean).toBeLessThan(0.1);
    // Every candidate is in generations.csv: 10 generations x 4, with its score.
    const lines = readFileSync(join(reference, "generations.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe(`generation,candidate,${LATENCY},u:${LATENCY},objective_mean,objective_se,feasible,violation,rank,reason`);
    expect(lines).toHaveLength(41);
    // Each generation is a normal sweep folder.
    expect(existsSync(join(reference, "generations", "g009", "tables"))).toBe(true);
  });
});

describe("coordsim optimize: determinism", () => {
  it("gives the same search path and result with 1 worker as with 2", async () => {
    const dir = join(tempDir(), "one");
    expect((await runCli("optimize", SCENARIO, "--workers", "1", "--out", dir, "--quiet")).code).toBe(0);
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
  }, 60_000);

  it("SIGKILL after generation 1, then --resume, gives files byte-identical to an uninterrupted search", async () => {
    const dir = join(tempDir(), "killed");
    const child = spawn(process.execPath, [join(ROOT, "dist/bin/coordsim.js"), "optimize", SCENARIO, "--workers", "1", "--out", dir, "--quiet"], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const completed = () => {
      try {
        return (JSON.parse(readFileSync(join(dir, "optimize.json"), "utf8")) as OptimizeJson).generations_completed;
      } catch {
        return 0;
      }
    };
    for (let i = 0; i < 6000 && completed() < 1 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGKILL");
    await exited;
    const done = completed();
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(10);
    const r = await runCli("optimize", SCENARIO, "--workers", "2", "--out", dir, "--resume");
    expect(r.code).toBe(0);
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
    // A second --resume of a finished search changes nothing.
    expect((await runCli("optimize", SCENARIO, "--out", dir, "--resume", "--quiet")).code).toBe(0);
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
  }, 60_000);
});

describe("coordsim optimize: bad input", () => {
  it("refuses a non-empty --out without --resume, another search's folder with it, and a budget below one generation (exit 2)", async () => {
    const again = await runCli("optimize", SCENARIO, "--out", reference);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/directory is not empty \(continue a search with --resume/);
    const other = await runCli("optimize", SCENARIO, "--out", reference, "--resume", "--seed", "5");
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds another optimisation/);
    const small = join(tempDir(), "small.yaml");
    writeFileSync(small, readFileSync(SCENARIO, "utf8").replace(/budget: 40/, "budget: 3"));
    const tiny = await runCli("optimize", small, "--out", join(tempDir(), "x"));
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toMatch(/small\.yaml:\d+:\d+ optimize\.budget: a budget of 3 evaluations is less than one generation of 4 candidates/);
  });

  it("a damaged optimize.json or generations.csv is bad input naming the file (exit 2), not a crash", async () => {
    const dir = join(tempDir(), "damaged");
    mkdirSync(dir);
    cpSync(reference, dir, { recursive: true });
    const state = JSON.parse(readFileSync(join(dir, "optimize.json"), "utf8")) as OptimizeJson & { cmaes: { sigma: unknown } };
    writeFileSync(join(dir, "optimize.json"), JSON.stringify({ ...state, cmaes: { ...state.cmaes, sigma: "big" } }));
    const r = await runCli("optimize", SCENARIO, "--out", dir, "--resume");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/optimize\.json: cannot resume the search/);
    writeFileSync(join(dir, "optimize.json"), JSON.stringify(state));
    writeFileSync(join(dir, "generations.csv"), "generation,candidate\n0,0\n");
    const csv = await runCli("optimize", SCENARIO, "--out", dir, "--resume");
    expect(csv.code).toBe(2);
    expect(csv.stderr).toMatch(/generations\.csv: expected the 40 rows of 10 completed generation\(s\)/);
  });

  it("an unknown metric in the objective names its line and column, and nothing is written", async () => {
    const bad = join(tempDir(), "bad.yaml");
    writeFileSync(bad, readFileSync(SCENARIO, "utf8").replace("minimize: duplicate_execution_share", "minimize: duplicate_executon_share"));
    const out = join(tempDir(), "bad-out");
    const r = await runCli("optimize", bad, "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:13 optimize\.minimize: unknown metric duplicate_executon_share at column 1; did you mean duplicate_execution_share\?/);
    expect(existsSync(out)).toBe(false);
  });
});
