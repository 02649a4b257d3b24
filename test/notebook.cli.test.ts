// `coordsim notebook` without a browser: which folders it accepts, where it
// writes, what it refuses, and the comparison it derives from one-axis sweeps.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readResultsFolder } from "../src/notebook/resultsFolder.js";
import { comparisonFromSweep } from "../src/notebook/stage.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

const FIXTURE = "test/fixtures/notebook/tiny-sweep.yaml";
const work = tempDir("coordsim-notebook-cli-");
const compareDir = join(work, "compare");
const runDir = join(work, "run");

beforeAll(async () => {
  const c = await runCli("compare", FIXTURE, "--vary", "policies.attribution=uniform,coverage-shapley", "--replicates", "3", "--workers", "1", "--out", compareDir, "--quiet");
  expect(c.code, c.stderr).toBe(0);
  const r = await runCli("run", FIXTURE, "--out", runDir, "--quiet");
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

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
