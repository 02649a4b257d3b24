// `coordsim notebook` on malformed results folders: every file a notebook
// reads (runs.csv, sweep.json, compare.csv, sensitivity.csv, and a run's manifest.json,
// summary.csv, timeseries.csv, entities.csv) broken in the ways a disk, an
// editor or a hostile user breaks them. Each is exit 2 naming the file (and
// the line), and nothing is left behind: no site, no temporary folder beside
// it, no staging folder; also when the build itself fails or is interrupted.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_NOTEBOOK_FILE_BYTES } from "../src/notebook/csvInput.js";
import { buildNotebookSite } from "../src/notebook/site.js";
import { errorKind } from "../src/errors.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

const FIXTURE = "test/fixtures/notebook/tiny-sweep.yaml";
const work = tempDir("coordsim-notebook-inputs-");
const good = join(work, "good");
// Staging folders go to os.tmpdir(): a private one shows whether any is left.
const staging = mkdtempSync(join(work, "tmp-"));
const savedTmp = process.env.TMPDIR;

beforeAll(async () => {
  process.env.TMPDIR = staging;
  const r = await runCli("compare", FIXTURE, "--vary", "policies.attribution=uniform,coverage-shapley", "--replicates", "2", "--workers", "1", "--out", good, "--quiet");
  expect(r.code, r.stderr).toBe(0);
  const a = await runCli("sensitivity", good, "--quiet");
  expect(a.code, a.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
});

let copies = 0;
/** A fresh copy of the good compare folder, broken by `damage`. */
function broken(damage: (dir: string) => void): string {
  const dir = join(work, `case-${copies++}`);
  cpSync(good, dir, { recursive: true });
  damage(dir);
  return dir;
}

const edit = (path: string, change: (text: string) => string) => writeFileSync(path, change(readFileSync(path, "utf8")));
const line = (text: string, n: number, change: (l: string) => string) => text.split("\n").map((l, i) => (i === n - 1 ? change(l) : l)).join("\n");
const run0 = (dir: string, file: string) => join(dir, "runs", "p0-r0", file);

function expectNothingLeft(dir: string, out: string): void {
  expect(existsSync(out)).toBe(false);
  if (existsSync(dirname(out))) expect(readdirSync(dirname(out)).filter((f) => f.startsWith("."))).toEqual([]);
  expect(readdirSync(staging)).toEqual([]);
  expect(readdirSync(dir)).not.toContain("notebooks");
}

describe("notebook refuses malformed results folders (exit 2, the file and line named, nothing left)", () => {
  it.each<[string, (dir: string) => void, RegExp]>([
    ["ragged runs.csv row", (d) => edit(join(d, "runs.csv"), (t) => line(t, 3, (l) => `${l},1,2`)), /runs\.csv:3: not a CSV file coordsim wrote \(Invalid Record Length: expect \d+, got \d+ on line 3\)/],
    ["unterminated quote in runs.csv", (d) => edit(join(d, "runs.csv"), (t) => line(t, 2, (l) => `"${l}`)), /runs\.csv:\d+: not a CSV file coordsim wrote \(/],
    ["wrong runs.csv header", (d) => writeFileSync(join(d, "runs.csv"), "a,b\n1,2\n"), /runs\.csv:1: missing the columns run_id, point, replicate, seed, policies\.attribution, status, error/],
    ["runs.csv without the axis column", (d) => edit(join(d, "runs.csv"), (t) => t.replace("policies.attribution", "policy")), /runs\.csv:1: missing the column policies\.attribution/],
    ["a header name twice", (d) => edit(join(d, "runs.csv"), (t) => t.replace(",error,", ",status,")), /runs\.csv:1: the header names column "status" twice/],
    ["an empty header name", (d) => edit(join(d, "runs.csv"), (t) => t.replace(",error,", ",,")), /runs\.csv:1: column 7 of the header has no name/],
    ["empty runs.csv", (d) => writeFileSync(join(d, "runs.csv"), ""), /runs\.csv: empty file \(expected a CSV header row\)/],
    ["runs.csv with a header only", (d) => edit(join(d, "runs.csv"), (t) => `${t.split("\n")[0]}\n`), /runs\.csv: lists no runs \(a header only\)/],
    ["binary runs.csv", (d) => writeFileSync(join(d, "runs.csv"), Buffer.from([0x72, 0x75, 0x6e, 0x0a, 0xff, 0xfe, 0x00, 0x9c])), /runs\.csv:2: the file is not UTF-8 text/],
    ["runs.csv is a folder", (d) => (rmSync(join(d, "runs.csv")), mkdirSync(join(d, "runs.csv"))), /runs\.csv: cannot read the file \(EISDIR: it is a folder\)/],
    ["runs.csv links to /dev/zero", (d) => (rmSync(join(d, "runs.csv")), symlinkSync("/dev/zero", join(d, "runs.csv"))), /runs\.csv: cannot read the file: not a regular file/],
    ["a huge field", (d) => edit(join(d, "runs.csv"), (t) => line(t, 2, (l) => l.replace(",ok,", `,ok,${"x".repeat(9 * 2 ** 20)}`))), /runs\.csv:2: not a CSV file coordsim wrote \(Max Record Size/],
    ["runs.csv over the size cap", (d) => truncateSync(join(d, "runs.csv"), MAX_NOTEBOOK_FILE_BYTES + 1), /runs\.csv: the file is 256 MiB, above the limit of 256 MiB/],
    ["a bad status", (d) => edit(join(d, "runs.csv"), (t) => line(t, 3, (l) => l.replace(",ok,", ",okay,"))), /runs\.csv:3: status is "okay", expected ok or failed/],
    ["a run listed twice", (d) => edit(join(d, "runs.csv"), (t) => line(t, 3, (l) => l.replace(/^p0-r1/, "p0-r0"))), /runs\.csv:3: run_id "p0-r0" is listed twice/],
    ["more rows than runs", (d) => edit(join(d, "runs.csv"), (t) => `${t}${t.split("\n")[1]!.replace(/^p0-r0/, "p9-r9")}\n`), /runs\.csv: lists 5 runs, but the sweep has 4/],
    ["sweep.json not JSON", (d) => writeFileSync(join(d, "sweep.json"), "{bad"), /sweep\.json: cannot read the sweep manifest/],
    ["sweep.json with bad axes", (d) => edit(join(d, "sweep.json"), (t) => t.replace('"path": "policies.attribution"', '"path": 7')), /sweep\.json: malformed sweep manifest: axes\[0\]\.path: expected a field path, got 7/],
    ["sweep.json with a grid that does not add up", (d) => edit(join(d, "sweep.json"), (t) => t.replace('"runs_total": 4', '"runs_total": 4000000000')), /sweep\.json: malformed sweep manifest: runs_total: expected the grid's size × replicates \(4\), at most 1000000, got 4000000000/],
    ["sweep.json replicates 0", (d) => edit(join(d, "sweep.json"), (t) => t.replace('"replicates": 2', '"replicates": 0')), /sweep\.json: malformed sweep manifest: replicates: expected an integer >= 1, got 0/],
    ["compare.csv without diff", (d) => edit(join(d, "compare.csv"), (t) => t.replace(",diff,", ",dif,")), /compare\.csv:1: missing the column diff \(the policy comparison charts them\)/],
    ["sensitivity.csv without ci_high", (d) => edit(join(d, "sensitivity.csv"), (t) => t.replace(",ci_high", ",ci_hi")), /sensitivity\.csv:1: missing the column ci_high \(the columns `coordsim sensitivity` writes\)/],
    ["ragged sensitivity.csv", (d) => edit(join(d, "sensitivity.csv"), (t) => line(t, 3, (l) => `${l},0`)), /sensitivity\.csv:3: not a CSV file coordsim wrote \(Invalid Record Length/],
    ["sensitivity.csv with a header only", (d) => edit(join(d, "sensitivity.csv"), (t) => `${t.split("\n")[0]}\n`), /sensitivity\.csv: lists no indices \(a header only\)/],
    ["an estimate that is not a number", (d) => edit(join(d, "sensitivity.csv"), (t) => line(t, 2, (l) => l.replace(/,noise_share,[^,]*,/, ",noise_share,lots,"))), /sensitivity\.csv:2: column estimate: "lots", expected a number or an empty cell/],
    ["a ci_low that is blank space", (d) => edit(join(d, "sensitivity.csv"), (t) => line(t, 3, (l) => l.replace(/,,$/, ", ,"))), /sensitivity\.csv:3: column ci_low: " ", expected a number or an empty cell/],
    ["an unknown index", (d) => edit(join(d, "sensitivity.csv"), (t) => line(t, 2, (l) => l.replace(",noise_share,", ",S2,"))), /sensitivity\.csv:2: column index: "S2" is not one of S1, ST, mu, mu_star, sigma, noise_share, factor_share/],
    ["an index on a factor the sweep does not have", (d) => edit(join(d, "sensitivity.csv"), (t) => line(t, 2, (l) => l.replace(",*,noise_share,", ",tasks.rate,S1,"))), /sensitivity\.csv:2: column factor: "tasks\.rate", expected a factor of sweep\.json \(policies\.attribution\)/],
    ["a variance split on one factor", (d) => edit(join(d, "sensitivity.csv"), (t) => line(t, 2, (l) => l.replace(",*,", ",policies.attribution,"))), /sensitivity\.csv:2: column factor: "policies\.attribution", expected \* \(noise_share is over all factors\)/],
    ["an empty metric", (d) => edit(join(d, "sensitivity.csv"), (t) => line(t, 2, (l) => l.replace(/^[^,]*/, ""))), /sensitivity\.csv:2: column metric: empty, expected a runs\.csv metric/],
    ["ragged compare.csv", (d) => edit(join(d, "compare.csv"), (t) => line(t, 2, (l) => l.slice(0, l.lastIndexOf(",")))), /compare\.csv:2: not a CSV file coordsim wrote/],
    ["a run's manifest.json not JSON", (d) => writeFileSync(run0(d, "manifest.json"), "{bad"), /p0-r0\/manifest\.json: not valid JSON/],
    ["a run's manifest.json an array", (d) => writeFileSync(run0(d, "manifest.json"), "[]"), /p0-r0\/manifest\.json: expected a coordsim run manifest \(a JSON object\)/],
    ["a run's manifest.json without a scenario", (d) => writeFileSync(run0(d, "manifest.json"), '{"seed": 1}'), /p0-r0\/manifest\.json: not a coordsim run manifest \(no "scenario" object/],
    ["summary.csv with two rows", (d) => edit(run0(d, "summary.csv"), (t) => `${t}${t.split("\n")[1]}\n`), /p0-r0\/summary\.csv: expected one row of values under the header, found 2/],
    ["summary.csv binary", (d) => writeFileSync(run0(d, "summary.csv"), Buffer.from([0xc3, 0x28])), /p0-r0\/summary\.csv:1: the file is not UTF-8 text/],
    ["timeseries.csv empty", (d) => writeFileSync(run0(d, "timeseries.csv"), ""), /p0-r0\/timeseries\.csv: empty file/],
    ["timeseries.csv without t_h", (d) => edit(run0(d, "timeseries.csv"), (t) => t.replace(/^t_h,/, "time,")), /p0-r0\/timeseries\.csv:1: missing the column t_h \(the time axis of every run chart\)/],
    ["a t_h that is not a number", (d) => edit(run0(d, "timeseries.csv"), (t) => line(t, 4, (l) => l.replace(/^[^,]*/, "soon"))), /p0-r0\/timeseries\.csv:4: t_h is "soon", expected a number of simulated hours/],
    ["entities.csv ragged", (d) => writeFileSync(run0(d, "entities.csv"), "x\n1,2\n"), /p0-r0\/entities\.csv:2: not a CSV file coordsim wrote/],
    ["entities.csv without reward_micro", (d) => edit(run0(d, "entities.csv"), (t) => t.replace(",reward_micro,", ",reward,")), /p0-r0\/entities\.csv:1: missing the column reward_micro/],
    ["entities.csv is a folder", (d) => (rmSync(run0(d, "entities.csv")), mkdirSync(run0(d, "entities.csv"))), /p0-r0\/entities\.csv: cannot read the file \(EISDIR/],
    ["a run's file missing", (d) => rmSync(run0(d, "summary.csv")), /run p0-r0 .*: missing summary\.csv/],
  ])("%s", async (_name, damage, message) => {
    const dir = broken(damage);
    const out = join(work, `out-${copies}`, "site");
    const r = await runCli("notebook", dir, "--out", out);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stdout).toBe("");
    expectNothingLeft(dir, out);
  });

  it("a single run folder is checked the same way", async () => {
    const dir = join(work, "single");
    cpSync(join(good, "runs", "p0-r0"), dir, { recursive: true });
    writeFileSync(join(dir, "entities.csv"), "id,kind\n0,provider\n");
    const r = await runCli("notebook", dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/single\/entities\.csv:1: missing the column reward_micro \(the Lorenz curves/);
    expect(readdirSync(dir)).not.toContain("notebooks");
  });
});

describe("a build that fails or is interrupted after staging leaves nothing behind", () => {
  it("a notebook that does not compile: the build throws, no site, no staging or temporary folder", async () => {
    const notebooks = join(work, "broken-notebooks");
    cpSync(join(ROOT, "notebooks"), notebooks, { recursive: true });
    writeFileSync(join(notebooks, "charts.js"), "export const = ;\n");
    const out = join(work, "failed", "site");
    await expect(buildNotebookSite(good, { out, notebooksDir: notebooks })).rejects.toThrow();
    expectNothingLeft(good, out);
  }, 60_000);

  it("Ctrl-C during the build: interrupted, the earlier site kept as it was, nothing temporary left", async () => {
    const out = join(work, "interrupted", "site");
    mkdirSync(out, { recursive: true });
    const stop = new AbortController();
    stop.abort();
    const failure = await buildNotebookSite(good, { out, signal: stop.signal }).catch((error: unknown) => error);
    expect(errorKind(failure)).toBe("interrupted");
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(dirname(out)).filter((f) => f.startsWith("."))).toEqual([]);
    expect(readdirSync(staging)).toEqual([]);
  }, 60_000);
});
