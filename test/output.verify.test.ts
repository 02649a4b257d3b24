// Issue 18, items 4 and 15 (resume half): `merge` and `--resume` verify what
// they reuse. Each run's manifest lists its files with size and SHA-256; plugin
// code is hashed into the scenario hash; a damaged folder is refused (merge)
// or its run redone (resume), and a malformed sweep.json or runs.csv, or a file
// where a folder should be, is exit 2 naming it.
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

const TINY = join(ROOT, "test/fixtures/sweeps/tiny.yaml");
const STATEFUL = join(ROOT, "test/fixtures/plugins/stateful-sweep.yaml");

let shardsBase = "";
let referenceCsv = "";

/** Fresh copies of two complete shards of the tiny sweep (made once, copied per test). */
function shards(): [string, string] {
  const base = tempDir();
  cpSync(shardsBase, base, { recursive: true });
  return [join(base, "shard0"), join(base, "shard1")];
}

beforeAll(async () => {
  shardsBase = tempDir();
  for (const i of [0, 1]) expect((await runCli("sweep", TINY, "--shard", `${i}/2`, "--workers", "2", "--out", join(shardsBase, `shard${i}`), "--quiet")).code).toBe(0);
  const ref = join(tempDir(), "ref");
  expect((await runCli("sweep", TINY, "--workers", "2", "--out", ref, "--quiet")).code).toBe(0);
  referenceCsv = readFileSync(join(ref, "runs.csv"), "utf8");
});

describe("run manifests record every file's size and SHA-256", () => {
  it("file_digests lists summary, timeseries and entities with their byte counts", async () => {
    const out = join(tempDir(), "run");
    expect((await runCli("run", join(ROOT, "scenarios/quickstart.yaml"), "--out", out, "--quiet")).code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.file_digests)).toEqual(["summary.csv", "timeseries.csv", "entities.csv"]);
    for (const [name, digest] of Object.entries(manifest.file_digests as Record<string, { bytes: number; sha256: string }>)) {
      expect(digest.bytes).toBe(readFileSync(join(out, name)).length);
      expect(digest.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(manifest.plugin_sha256).toBeUndefined();
  });
});

/** Replace `path` by a symlink to /dev/zero (an endless file). */
function toDevZero(path: string): void {
  rmSync(path);
  symlinkSync("/dev/zero", path);
}

describe("merge verifies every run it copies (exit 2 naming the run and the file, no merged folder)", () => {
  const damage: [string, (shard: string) => void, RegExp][] = [
    ["a run folder deleted", (s) => rmSync(join(s, "runs", "p0-r0"), { recursive: true }), /run p0-r0 is ok in runs.csv but its folder .*p0-r0 is missing/],
    ["one file deleted", (s) => rmSync(join(s, "runs", "p0-r0", "timeseries.csv")), /run p0-r0 is incomplete or altered: .*p0-r0\/timeseries.csv is missing/],
    ["the manifest deleted", (s) => rmSync(join(s, "runs", "p0-r0", "manifest.json")), /p0-r0\/manifest.json is missing/],
    ["a byte appended", (s) => appendFileSync(join(s, "runs", "p0-r0", "entities.csv"), "x"), /entities.csv has \d+ bytes, the manifest says \d+ \(altered or truncated\)/],
    ["a byte changed, same size", (s) => flipFirstDigit(join(s, "runs", "p0-r0", "summary.csv")), /summary.csv does not match its SHA-256 in the manifest \(altered\)/],
    ["a manifest that is not JSON", (s) => writeFileSync(join(s, "runs", "p0-r0", "manifest.json"), "{"), /manifest.json is not valid JSON/],
    ["a manifest listing a path outside the folder", (s) => editJson(join(s, "runs", "p0-r0", "manifest.json"), (m) => ({ ...m, files: [...(m.files as string[]), "../../sweep.json"] })), /lists "..\/..\/sweep.json", which is not a file name/],
    ["the manifest a link to /dev/zero", (s) => toDevZero(join(s, "runs", "p0-r0", "manifest.json")), /p0-r0\/manifest.json cannot be read: it is a character device/],
    ["runs.csv a link to /dev/zero", (s) => toDevZero(join(s, "runs.csv")), /runs.csv: cannot read runs.csv: .*runs.csv: cannot read the CSV file: not a regular file/],
    ["another run's folder in its place", (s) => swapRuns(s, "p0-r0", "p0-r2"), /p0-r0\/manifest.json: is not run p0-r0/],
  ];
  for (const [what, harm, message] of damage) {
    it(what, async () => {
      const [s0, s1] = shards();
      harm(s0);
      const out = join(s0, "..", "merged");
      const r = await runCli("merge", s0, s1, "--out", out);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(readdirSync(join(s0, "..")).sort()).toEqual(["shard0", "shard1"]);
    });
  }

  it("a failed run (a failed row of runs.csv) needs no folder: merge still succeeds, exit 1", async () => {
    const base = tempDir();
    const failing = join(ROOT, "test/fixtures/sweeps/with-failure.yaml");
    for (const i of [0, 1]) await runCli("sweep", failing, "--shard", `${i}/2`, "--workers", "1", "--out", join(base, `s${i}`), "--quiet");
    const r = await runCli("merge", join(base, "s0"), join(base, "s1"), "--out", join(base, "m"));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("2 failed");
  });
});

describe("--resume redoes a run whose folder is damaged, and ends identical to an undamaged sweep", () => {
  it("a deleted file, an altered file, a truncated file, a manifest without digests", async () => {
    const [s0, s1] = shards();
    rmSync(join(s0, "runs", "p0-r0", "entities.csv"));
    appendFileSync(join(s0, "runs", "p0-r2", "summary.csv"), "1");
    writeFileSync(join(s0, "runs", "p1-r1", "timeseries.csv"), "");
    editJson(join(s0, "runs", "p2-r0", "manifest.json"), ({ file_digests: _, ...rest }) => rest);
    const r = await runCli("sweep", TINY, "--shard", "0/2", "--workers", "2", "--out", s0, "--resume");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("6 runs (2 already complete)");
    const merged = join(s0, "..", "merged");
    expect((await runCli("merge", s0, s1, "--out", merged, "--quiet")).code).toBe(0);
    expect(readFileSync(join(merged, "runs.csv"), "utf8")).toBe(referenceCsv);
  });
});

describe("plugin code is part of the scenario hash", () => {
  /** The stateful-sweep fixture and its plugin, copied so the plugin can be edited. */
  function pluginCopy(): { yaml: string; plugin: string } {
    const dir = tempDir();
    cpSync(STATEFUL, join(dir, "sweep.yaml"));
    cpSync(join(ROOT, "test/fixtures/plugins/stateful.js"), join(dir, "stateful.js"));
    return { yaml: join(dir, "sweep.yaml"), plugin: join(dir, "stateful.js") };
  }

  it("run manifests record the plugin's SHA-256, and editing the plugin changes scenario_sha256", async () => {
    const { yaml, plugin } = pluginCopy();
    const a = join(tempDir(), "a");
    const b = join(tempDir(), "b");
    expect((await runCli("run", yaml, "--out", a, "--quiet")).code).toBe(0);
    appendFileSync(plugin, "\n// edited\n");
    expect((await runCli("run", yaml, "--out", b, "--quiet")).code).toBe(0);
    const [ma, mb] = [a, b].map((d) => JSON.parse(readFileSync(join(d, "manifest.json"), "utf8")));
    expect(Object.keys(ma.plugin_sha256)).toEqual([plugin]);
    expect(ma.plugin_sha256[plugin]).not.toBe(mb.plugin_sha256[plugin]);
    expect(ma.scenario_sha256).not.toBe(mb.scenario_sha256);
  });

  it("--resume refuses a sweep folder whose plugin changed since, naming the plugin", async () => {
    const { yaml, plugin } = pluginCopy();
    const out = join(tempDir(), "s");
    expect((await runCli("sweep", yaml, "--workers", "1", "--out", out, "--quiet")).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "sweep.json"), "utf8")).plugin_sha256).toHaveProperty([plugin]);
    appendFileSync(plugin, "\n// edited\n");
    const r = await runCli("sweep", yaml, "--workers", "1", "--out", out, "--resume");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`holds a different sweep: plugin code changed since it ran (${plugin}), so it cannot be resumed`);
  });

  it("merge refuses shards that ran different code of the same plugin", async () => {
    const { yaml, plugin } = pluginCopy();
    const base = tempDir();
    expect((await runCli("sweep", yaml, "--shard", "0/2", "--out", join(base, "s0"), "--quiet")).code).toBe(0);
    appendFileSync(plugin, "\n// edited\n");
    expect((await runCli("sweep", yaml, "--shard", "1/2", "--out", join(base, "s1"), "--quiet")).code).toBe(0);
    const r = await runCli("merge", join(base, "s0"), join(base, "s1"), "--out", join(base, "m"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`they ran different code of plugin ${plugin}`);
    expect(readdirSync(base).sort()).toEqual(["s0", "s1"]);
  });
});

describe("a damaged sweep folder: exit 2 naming the file and what is wrong", () => {
  const resume = (dir: string) => runCli("sweep", TINY, "--shard", "0/2", "--workers", "1", "--out", dir, "--resume");
  const merge = (s0: string, s1: string) => runCli("merge", s0, s1, "--out", join(s0, "..", "merged"));

  it("a regular file where runs/ or runs/<id> should be (resume)", async () => {
    const [s0] = shards();
    rmSync(join(s0, "runs", "p0-r0"), { recursive: true });
    writeFileSync(join(s0, "runs", "p0-r0"), "not a folder");
    const r = await resume(s0);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${join(s0, "runs", "p0-r0")}: is a file where run p0-r0's folder should be`);
    const [t0] = shards();
    rmSync(join(t0, "runs"), { recursive: true });
    writeFileSync(join(t0, "runs"), "");
    const t = await resume(t0);
    expect(t.code, t.stderr).toBe(2);
    expect(t.stderr).toContain(`${join(t0, "runs")}: is a file where the sweep's runs folder should be`);
  });

  const sweepJson: [string, (m: Record<string, unknown>) => unknown, string][] = [
    ["replicates a string", (m) => ({ ...m, replicates: "3" }), 'replicates: expected an integer >= 1, got "3"'],
    ["an axis without values", (m) => ({ ...m, axes: [{ path: "x" }] }), "axes[0].values: expected a non-empty list, got undefined"],
    ["an unknown status", (m) => ({ ...m, status: "done" }), 'status: expected running, complete or interrupted, got "done"'],
    ["shard a number", (m) => ({ ...m, shard: 0 }), 'shard: expected null or "i/N", got 0'],
    ["wall time missing", ({ wall_time_s: _, ...m }) => m, "wall_time_s: expected a number, got undefined"],
  ];
  for (const [what, edit, message] of sweepJson) {
    it(`sweep.json with ${what} (resume and merge)`, async () => {
      const [s0, s1] = shards();
      editJson(join(s0, "sweep.json"), edit as (m: Record<string, unknown>) => Record<string, unknown>);
      for (const r of [await resume(s0), await merge(s0, s1)]) {
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toContain(`${join(s0, "sweep.json")}: malformed sweep manifest: ${message}`);
      }
    });
  }

  it("sweep.json that is not JSON (resume and merge)", async () => {
    const [s0, s1] = shards();
    writeFileSync(join(s0, "sweep.json"), '{"definition_sha256": ');
    for (const r of [await resume(s0), await merge(s0, s1)]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join(s0, "sweep.json")}: cannot read the sweep manifest`);
    }
  });

  const runsCsv: [string, (text: string) => string, RegExp][] = [
    ["an unclosed quote", (t) => `${t}"p9-r9,1\n`, /runs.csv: cannot read runs.csv: Quote Not Closed/],
    ["a row with too many cells", (t) => `${t}${",".repeat(t.split("\n")[0]!.split(",").length + 1)}\n`, /runs.csv: cannot read runs.csv: Invalid Record Length/],
    ["the status column removed", (t) => t.replace(/,status,/, ",state,"), /runs.csv: not a runs.csv of this sweep \(missing column\(s\) status\)/],
    ["a status that is neither ok nor failed", (t) => t.replace(/,ok,/, ",OK,"), /runs.csv: row 2 \(run p0-r0\): status "OK" is neither ok nor failed/],
  ];
  for (const [what, edit, message] of runsCsv) {
    it(`runs.csv with ${what} (merge)`, async () => {
      const [s0, s1] = shards();
      writeFileSync(join(s0, "runs.csv"), edit(readFileSync(join(s0, "runs.csv"), "utf8")));
      const r = await merge(s0, s1);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }
});

function editJson(path: string, edit: (m: Record<string, unknown>) => Record<string, unknown>): void {
  writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>)));
}

/** Change one digit of a file, keeping its size. */
function flipFirstDigit(path: string): void {
  const text = readFileSync(path, "utf8");
  const i = text.search(/\d/);
  writeFileSync(path, text.slice(0, i) + (text[i] === "1" ? "2" : "1") + text.slice(i + 1));
}

/** Put run `b`'s complete folder where run `a`'s was. */
function swapRuns(shard: string, a: string, b: string): void {
  rmSync(join(shard, "runs", a), { recursive: true });
  mkdirSync(join(shard, "runs", a));
  cpSync(join(shard, "runs", b), join(shard, "runs", a), { recursive: true });
}
