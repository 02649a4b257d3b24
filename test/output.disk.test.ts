// Issue 18, items 3 and 14: output paths that cannot be written, and disks that
// fill up mid-run. Every command that writes checks its output path before it
// simulates anything, and a write that fails later exits 2 naming the path and
// the OS reason, leaving nothing behind. The errors are real OS errors: ENOTDIR,
// ENAMETOOLONG, ENOENT, EACCES (as root, which ignores permission bits, the CLI
// is spawned as user `nobody`), and EFBIG mid-write from a file-size limit
// (`ulimit -f`, which works without privileges; ENOSPC takes the same path).
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeChunksAtomic, writeFileAtomic } from "../src/output/atomic.js";
import { OutputWriteError } from "../src/output/writeError.js";
import { verifyRunFolder } from "../src/output/verifyRun.js";
import { ROOT, runCli, spawnCli, tempDir, type CliResult } from "./helpers/cli.js";

const QUICKSTART = join(ROOT, "scenarios/quickstart.yaml");
const TINY = join(ROOT, "test/fixtures/sweeps/tiny.yaml");
// Its plugin throws at the first retrain: a command that reached the simulation would report that instead.
const THROWS = join(ROOT, "test/fixtures/plugins/broken-plugin.yaml");
const BIN = join(ROOT, "dist/bin/coordsim.js");

/** Everything under `dir`, recursively, sorted. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

/** The CLI under a file-size limit of `kib` KiB (bash counts in KiB): a write past it fails with EFBIG (a real OS error). */
function spawnLimited(kib: number, args: string[], cwd = ROOT): CliResult {
  const r = spawnSync("bash", ["-c", `ulimit -f ${kib} && exec "$0" "$@"`, process.execPath, BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A folder the CLI cannot write into: read-only bits, and, as root, the CLI spawned as `nobody`. */
function spawnWithoutWriteAccess(args: (readOnly: string) => string[]): CliResult {
  const base = tempDir();
  chmodSync(base, 0o755);
  const readOnly = join(base, "read-only");
  mkdirSync(readOnly, { mode: 0o555 });
  chmodSync(readOnly, 0o555);
  const asRoot = process.getuid?.() === 0;
  const r = spawnSync(process.execPath, [BIN, ...args(readOnly)], { cwd: base, encoding: "utf8", ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
  expect(readdirSync(readOnly)).toEqual([]);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("bad --out paths: exit 2 naming the path and the OS reason, before anything runs, nothing left", () => {
  const base = tempDir();
  writeFileSync(join(base, "a-file"), "x");
  symlinkSync(join(base, "nowhere"), join(base, "dangling"));
  const variants: [string, string, RegExp][] = [
    ["under a regular file", join(base, "a-file", "out"), /ENOTDIR \(.*a-file is a file, not a folder\)/],
    ["two levels under a file", join(base, "a-file", "x", "y"), /ENOTDIR/],
    ["an empty string", "", /--out "": empty path/],
    ["a 300-character name", join(base, "n".repeat(300)), /ENAMETOOLONG/],
    ["a dangling symlink", join(base, "dangling"), /is a symbolic link to a missing or unreachable target: ENOENT/],
    ["under /proc", "/proc/self/x", /\/proc\/self\/x: .*(ENOENT|EACCES|EPERM|EROFS)/],
  ];

  for (const [what, out, reason] of variants) {
    it(`run, sweep, compare, merge, notebook: --out ${what}`, async () => {
      const before = tree(base);
      const results = [
        await runCli("run", THROWS, "--out", out),
        await runCli("sweep", THROWS, "--out", out),
        await runCli("compare", THROWS, "--vary", "tasks.rate=1,2", "--replicates", "1", "--out", out),
        await runCli("merge", base, "--out", out),
      ];
      for (const r of results.slice(0, 3)) {
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(reason);
        expect(r.stderr).not.toContain("boom");
      }
      // merge first checks its shards (base is none), so it never gets to write
      expect(results[3]!.code).toBe(2);
      expect(tree(base)).toEqual(before);
    });
  }

  it("notebook and check --out refuse the same paths", async () => {
    const run = join(tempDir(), "run");
    expect((await runCli("run", QUICKSTART, "--out", run, "--quiet")).code).toBe(0);
    for (const [, out, reason] of variants) {
      const nb = await runCli("notebook", run, "--out", out, "--quiet");
      expect(nb.code, nb.stderr).toBe(2);
      expect(nb.stderr).toMatch(out === "" ? /empty path/ : reason);
      const check = await runCli("check", THROWS, "--runs", "1", "--repro-dir", join(tempDir(), "repro"), "--out", out === "" ? "" : join(out, "report.txt"));
      expect(check.code).toBe(2);
      expect(check.stderr).not.toContain("boom");
    }
    expect(readdirSync(run).sort()).toEqual(["entities.csv", "manifest.json", "summary.csv", "timeseries.csv"]);
  });

  it("a folder without write permission: EACCES for run, sweep and check --out (spawned as nobody when root)", () => {
    for (const args of [
      (ro: string) => ["run", QUICKSTART, "--out", join(ro, "out")],
      (ro: string) => ["sweep", TINY, "--out", join(ro, "out")],
      (ro: string) => ["check", QUICKSTART, "--runs", "1", "--out", join(ro, "report.txt")],
      (ro: string) => ["run", QUICKSTART, "--out", join(ro, "deeper", "out")],
    ]) {
      const r = spawnWithoutWriteAccess(args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/read-only\/.*EACCES \(permission denied\)/);
      expect(r.stderr).not.toContain("internal error");
    }
  });
});

describe("check --out (item 14)", () => {
  it("an existing folder, a device, a path under a file: exit 2 naming it, no temp file left in the current folder", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "reports"));
    writeFileSync(join(cwd, "a-file"), "x");
    for (const [out, message] of [
      ["reports", "--out reports: is a folder (give a file path)"],
      ["/dev/full", "--out /dev/full: exists and is not a regular file"],
      ["a-file/report.txt", "ENOTDIR"],
    ] as const) {
      const r = spawnCli(["check", QUICKSTART, "--runs", "1", "--out", out], cwd);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      expect(tree(cwd)).toEqual(["a-file", "reports"]);
    }
  });

  it("writes the report into new parent folders", async () => {
    const out = join(tempDir(), "a", "b", "report.json");
    const r = await runCli("check", QUICKSTART, "--runs", "1", "--reporter", "json", "--out", out, "--quiet");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).results).toHaveLength(1);
  });
});

describe("atomic writes leave no temp file on any failure", () => {
  it("a folder at the target, a missing parent, a file as parent, a throwing producer", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "f"), "x");
    expect(() => writeFileAtomic(join(dir, "sub"), "data")).toThrow(OutputWriteError);
    expect(() => writeFileAtomic(join(dir, "missing", "x.csv"), "data")).toThrow(/missing\/x\.csv: cannot write: ENOENT/);
    expect(() => writeFileAtomic(join(dir, "f", "x.csv"), "data")).toThrow(/ENOTDIR/);
    function* failing(): Generator<string> {
      yield "a,b\n";
      throw new Error("producer failed");
    }
    expect(() => writeChunksAtomic(join(dir, "out.csv"), failing())).toThrow("producer failed");
    expect(tree(dir)).toEqual(["f", "sub"]);
  });
});

describe("a write that fails mid-run (EFBIG under ulimit -f): exit 2, the folder complete or absent", () => {
  it("run into a new folder: nothing is left", () => {
    const base = tempDir();
    const r = spawnLimited(8, ["run", QUICKSTART, "--out", join(base, "new", "out")]);
    expect(r.code, r.stderr).toBe(2);
    // The first file past the 8 kB limit (timeseries.csv, since its gauge columns carry _now).
    expect(r.stderr).toMatch(/new\/out\/timeseries\.csv: cannot write: EFBIG \(file too large\)/);
    expect(tree(base)).toEqual([]);
  });

  it("run --force over an earlier run: the earlier run is kept whole, other files untouched", async () => {
    const out = join(tempDir(), "out");
    expect((await runCli("run", QUICKSTART, "--out", out, "--quiet")).code).toBe(0);
    writeFileSync(join(out, "notes.txt"), "mine");
    const before = new Map(tree(out).map((f) => [f, readFileSync(join(out, f), "utf8")]));
    const r = spawnLimited(8, ["run", QUICKSTART, "--out", out, "--seed", "5", "--force"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("EFBIG");
    expect(new Map(tree(out).map((f) => [f, readFileSync(join(out, f), "utf8")]))).toEqual(before);
    expect(verifyRunFolder(out).ok).toBe(true);
  });

  it("run --force over a folder holding a folder named like a run file: exit 2, the earlier run kept whole", async () => {
    const out = join(tempDir(), "out");
    expect((await runCli("run", QUICKSTART, "--out", out, "--quiet")).code).toBe(0);
    rmSync(join(out, "timeseries.csv"));
    mkdirSync(join(out, "timeseries.csv"));
    const r = await runCli("run", QUICKSTART, "--out", out, "--force", "--quiet");
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("timeseries.csv: is not a file, so the run file cannot replace it");
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
    expect(tree(out).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("a sweep whose first run cannot be written removes the folder it created", () => {
    const base = tempDir();
    const r = spawnLimited(8, ["sweep", TINY, "--set", "agents.count=300", "--workers", "2", "--out", join(base, "s")]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/runs\/p\d-r\d\/entities\.csv: cannot write: EFBIG .*the sweep stopped and .* was removed/);
    expect(tree(base)).toEqual([]);
  });

  it("a sweep that fills up after some runs keeps them; --resume then finishes it identical to a sweep never stopped", async () => {
    const grid = ["--set", "sweep.grid={agents.count: [30, 300]}", "--set", "sweep.replicates=2"];
    const ref = join(tempDir(), "ref");
    expect((await runCli("sweep", TINY, ...grid, "--workers", "1", "--out", ref, "--quiet")).code).toBe(0);
    const dir = join(tempDir(), "s");
    const r = spawnLimited(8, ["sweep", TINY, ...grid, "--workers", "1", "--out", dir]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/p1-r0\/entities\.csv: cannot write: EFBIG .*the 2 complete run\(s\) in .* are kept, rerun the same command with --resume/);
    expect(readdirSync(join(dir, "runs")).sort()).toEqual(["p0-r0", "p0-r1"]);
    const resumed = await runCli("sweep", TINY, ...grid, "--workers", "1", "--out", dir, "--resume");
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("4 runs (2 already complete)");
    expect(readFileSync(join(dir, "runs.csv"), "utf8")).toBe(readFileSync(join(ref, "runs.csv"), "utf8"));
  });

  it("notebook whose bundler cannot write its assets: exit 2 naming the site folder, no site left", async () => {
    const base = tempDir();
    const run = join(base, "run");
    expect((await runCli("run", QUICKSTART, "--out", run, "--quiet")).code).toBe(0);
    const r = spawnLimited(8, ["notebook", run, "--out", join(base, "site"), "--quiet"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${join(base, "site")}: cannot write: EFBIG (file too large)`);
    expect(readdirSync(base)).toEqual(["run"]);
  });

  it("merge that cannot write its copy leaves no partial folder", async () => {
    const base = tempDir();
    const shards = [0, 1].map((i) => join(base, `shard${i}`));
    for (const [i, dir] of shards.entries()) expect((await runCli("sweep", TINY, "--set", "agents.count=300", "--shard", `${i}/2`, "--workers", "1", "--out", dir, "--quiet")).code).toBe(0);
    const r = spawnLimited(8, ["merge", ...shards, "--out", join(base, "merged")]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("EFBIG");
    expect(readdirSync(base).sort()).toEqual(["shard0", "shard1"]);
    expect(existsSync(join(base, "merged"))).toBe(false);
  });
});
