// Provenance: a run's manifest records how it was made (command line, --set
// overrides, coordsim version and commit), and `coordsim run <manifest.json>`
// reproduces the run byte for byte, refusing manifests it cannot trust.
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, spawnCli, tempDir } from "./helpers/cli.js";

const QUICKSTART = join(ROOT, "scenarios/quickstart.yaml");
const TINY_SWEEP = join(ROOT, "test/fixtures/sweeps/tiny.yaml");
const DATA_FILES = ["entities.csv", "summary.csv", "timeseries.csv"];
/** The fields a reproduction's manifest may differ in: wall clock and how it was invoked. */
const PROVENANCE_ONLY = ["started_at", "wall_time_s", "command_line", "cwd", "reproduced_from"];

const tmp = tempDir("coordsim-provenance-");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
const without = (m: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(Object.entries(m).filter(([k]) => !keys.includes(k)));

/** Every data file of `b` is byte-identical to `a`'s, and the manifests differ only in provenance fields. */
function expectReproduced(a: string, b: string): void {
  expect(readdirSync(b).sort()).toEqual(readdirSync(a).sort());
  for (const file of DATA_FILES) expect(readFileSync(join(b, file)).equals(readFileSync(join(a, file))), file).toBe(true);
  const [ma, mb] = [readJson(join(a, "manifest.json")), readJson(join(b, "manifest.json"))];
  expect(without(mb, [...PROVENANCE_ONLY, "overrides", "sweep_run"])).toEqual(without(ma, [...PROVENANCE_ONLY, "overrides", "sweep_run"]));
}

/** The short quickstart run every edited manifest starts from. */
let original = "";

/** The original run's manifest edited by `change` (returning a replacement, text, or nothing after editing in place), saved as <tmp>/<name>.json. */
function editedManifest(name: string, change: (m: Record<string, unknown>) => unknown): string {
  const m = readJson(join(original, "manifest.json"));
  const edited = change(m) ?? m;
  const path = join(tmp, `${name}.json`);
  writeFileSync(path, typeof edited === "string" ? edited : JSON.stringify(edited));
  return path;
}

beforeAll(async () => {
  original = join(tmp, "original");
  const r = await runCli("run", QUICKSTART, "--set", "duration=48", "--set", "agents.count=50", "--set", "tasks.value={fixed: 5000}", "--out", original, "--quiet");
  expect(r.code, r.stderr).toBe(0);
});

describe("the run manifest records how the run was made", () => {
  it("records the command line as given, the working directory, the --set overrides in order, version and commit", () => {
    const out = join(tmp, "spawned");
    const r = spawnCli(["run", "scenarios/quickstart.yaml", "--set", "duration=24", "--set", "policies.routing=least-loaded", "--seed", "9", "--out", out, "-q"]);
    expect(r.code, r.stderr).toBe(0);
    const m = readJson(join(out, "manifest.json"));
    expect(m.command_line).toEqual([join(ROOT, "dist/bin/coordsim.js"), "run", "scenarios/quickstart.yaml", "--set", "duration=24", "--set", "policies.routing=least-loaded", "--seed", "9", "--out", out, "-q"]);
    expect(m.cwd).toBe(ROOT);
    expect(m.overrides).toEqual([
      { path: "duration", value: 24 },
      { path: "policies.routing", value: "least-loaded" },
    ]);
    expect(m.seed).toBe(9);
    // The commit is the one the build recorded (never asked of git at run time).
    const built = readJson(join(ROOT, "dist/build-info.json")).commit;
    expect(m.coordsim_commit).toBe(built);
    expect(m.coordsim_commit).toMatch(/^([0-9a-f]{40}(-dirty)?|unknown)$/);
  });

  it("--max-events is part of the recorded scenario", async () => {
    const out = join(tmp, "max-events");
    expect((await runCli("run", QUICKSTART, "--set", "duration=48", "--max-events", "5000", "--out", out, "-q")).code).toBe(0);
    const m = readJson(join(out, "manifest.json"));
    expect(m).toMatchObject({ truncated: true, stop_reason: "maxEvents", events_processed: 5000 });
    expect((m.scenario as { maxEvents?: number }).maxEvents).toBe(5000);
    const again = join(tmp, "max-events-again");
    expect((await runCli("run", join(out, "manifest.json"), "--out", again, "-q")).code).toBe(0);
    expectReproduced(out, again);
  });
});

describe("coordsim run <manifest.json> reproduces the run", () => {
  it("writes byte-identical data files; the new manifest differs only in provenance fields", async () => {
    const again = join(tmp, "again");
    const r = await runCli("run", join(original, "manifest.json"), "--out", again);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`reproduced ${join(original, "manifest.json")}: entities.csv, summary.csv, timeseries.csv byte-identical`);
    expectReproduced(original, again);
    const m = readJson(join(again, "manifest.json"));
    expect(m.reproduced_from).toBe(join(original, "manifest.json"));
    // The overrides are the original run's (already in the scenario), recorded again.
    expect(m.overrides).toEqual(readJson(join(original, "manifest.json")).overrides);
  });

  it("--from-manifest takes a manifest under any name; --json says whether it reproduced", async () => {
    const copy = join(tmp, "saved-run.txt");
    copyFileSync(join(original, "manifest.json"), copy);
    const again = join(tmp, "from-flag");
    const r = await runCli("run", "--from-manifest", copy, "--out", again, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ reproduced_from: copy, identical: true, differing: [] });
    expectReproduced(original, again);
  });

  it("a sweep run's manifest reproduces that run; sweep.json records the sweep's command and is refused by run", async () => {
    const sweep = join(tmp, "sweep");
    const r = await runCli("sweep", TINY_SWEEP, "--workers", "1", "--set", "agents.count=20", "--out", sweep, "--quiet");
    expect(r.code, r.stderr).toBe(0);
    const sweepJson = readJson(join(sweep, "sweep.json"));
    expect(sweepJson.command_line).toEqual(["coordsim", "sweep", TINY_SWEEP, "--workers", "1", "--set", "agents.count=20", "--out", sweep, "--quiet"]);
    expect(sweepJson.coordsim_commit).toMatch(/^([0-9a-f]{40}(-dirty)?|unknown)$/);
    const again = join(tmp, "sweep-run");
    const rerun = await runCli("run", join(sweep, "runs/p3-r1/manifest.json"), "--out", again, "-q");
    expect(rerun.code, rerun.stderr).toBe(0);
    expectReproduced(join(sweep, "runs/p3-r1"), again);
    const m = readJson(join(again, "manifest.json"));
    expect(m.sweep_run).toBeUndefined();
    expect(m.overrides).toEqual([
      { path: "agents.count", value: 20 },
      { path: "policies.attribution", value: "volume" },
      { path: "providers.mix", value: { honest: 0.7, duplicator: 0.3 } },
    ]);

    const refused = await runCli("run", join(sweep, "sweep.json"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${join(sweep, "sweep.json")}: is a sweep manifest (sweep.json), not a run's`);
  });

  it("a merged sweep.json records the merge command, not shard 0's", async () => {
    const shards = [0, 1].map((i) => join(tmp, `shard${i}`));
    for (const [i, dir] of shards.entries()) expect((await runCli("sweep", TINY_SWEEP, "--shard", `${i}/2`, "--workers", "1", "--out", dir, "--quiet")).code).toBe(0);
    expect(readJson(join(shards[0]!, "sweep.json")).command_line).toContain("0/2");
    const merged = join(tmp, "merged");
    expect((await runCli("merge", ...shards, "--out", merged, "--quiet")).code).toBe(0);
    expect(readJson(join(merged, "sweep.json")).command_line).toEqual(["coordsim", "merge", ...shards, "--out", merged, "--quiet"]);
  });

  it("a different coordsim version is a warning; the outputs are still compared", async () => {
    const path = editedManifest("other-version", (m) => ({ ...m, coordsim_version: "0.0.1" }));
    const r = await runCli("run", path, "--out", join(tmp, "other-version-run"), "-q");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: ${path} was written by coordsim 0.0.1`);
  });

  it("outputs that differ from the recorded file digests exit 1, naming the files (the folder is kept)", async () => {
    const path = editedManifest("other-digest", (m) => {
      const digests = m.file_digests as Record<string, { bytes: number; sha256: string }>;
      digests["timeseries.csv"] = { bytes: 1, sha256: "0".repeat(64) };
    });
    const out = join(tmp, "other-digest-run");
    const r = await runCli("run", path, "--out", out, "-q");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`not reproduced: timeseries.csv in ${out} differ from what ${path} records`);
    expect(existsSync(join(out, "manifest.json"))).toBe(true);
  });

  it("a run stopped by --max-wall is reproduced by stopping after as many events", async () => {
    const capped = join(tmp, "capped");
    expect((await runCli("run", QUICKSTART, "--set", "duration=48", "--set", "agents.count=50", "--set", "tasks.value={fixed: 5000}", "--max-events", "4000", "--out", capped, "-q")).code).toBe(0);
    // What a --max-wall stop after 4000 events records: the full scenario, stop_reason maxWall, the capped run's files.
    const path = editedManifest("wall-stop", (m) => ({ ...m, stop_reason: "maxWall", truncated: true, events_processed: 4000, file_digests: readJson(join(capped, "manifest.json")).file_digests }));
    const again = join(tmp, "wall-stop-run");
    const r = await runCli("run", path, "--out", again, "-q");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("was stopped by --max-wall after 4000 events; this one stops after as many events");
    for (const file of DATA_FILES) expect(readFileSync(join(again, file)).equals(readFileSync(join(capped, file))), file).toBe(true);
  });
});

describe("manifests coordsim cannot trust are bad input (exit 2, file and field named, no output)", () => {
  const cases: [string, (m: Record<string, unknown>) => unknown, string][] = [
    ["not JSON", () => '{"scenario_sha256": ', "not a run manifest: not valid JSON"],
    ["a list", () => "[1, 2]", "not a run manifest: expected a JSON object"],
    ["no scenario_sha256", ({ scenario_sha256: _, ...m }) => m, "scenario_sha256: expected a SHA-256 (64 hex digits), got nothing"],
    ["a seed of the wrong type", (m) => ({ ...m, seed: "42" }), 'seed: expected an integer in [0, 4294967295], got "42"'],
    ["no scenario", ({ scenario: _, ...m }) => m, "scenario: expected the resolved scenario (an object), got nothing"],
    ["a scenario seed that is not the seed", (m) => ({ ...m, seed: 7 }), "scenario.seed: expected the manifest's seed (7), got 42"],
    ["bad file digests", (m) => ({ ...m, file_digests: { "summary.csv": "abc" } }), 'file_digests["summary.csv"]: expected { bytes, sha256 }'],
    ["bad plugin digests", (m) => ({ ...m, plugin_sha256: { "/x.js": 3 } }), 'plugin_sha256["/x.js"]: expected a SHA-256'],
    ["an edited scenario", (m) => ({ ...m, scenario: { ...(m.scenario as object), duration: 47 } }), "scenario: does not hash to the manifest's scenario_sha256 (edited)"],
    ["an unknown scenario field", (m) => ({ ...m, scenario: { ...(m.scenario as object), durration: 47 } }), 'scenario.durration: unknown key (did you mean "duration"?)'],
    ["a field out of range", (m) => ({ ...m, scenario: { ...(m.scenario as object), duration: -1 } }), "scenario.duration: expected a number"],
    ["a __proto__ key", (m) => JSON.stringify(m).replace('"scenario":{', '"scenario":{"__proto__":{"x":1},'), 'scenario.__proto__: key "__proto__" is not allowed'],
    ["a plugin module that is not a string", (m) => ({ ...m, scenario: { ...(m.scenario as object), policies: { attribution: { use: "./p.js", params: {}, module: 5 } } } }), "scenario.policies.attribution.module: expected an absolute plugin path, got 5"],
    ["a plugin with no recorded hash", (m) => ({ ...m, scenario: { ...(m.scenario as object), policies: { attribution: { use: "./p.js", params: {}, module: "/nonexistent/p.js" } } } }), "plugin_sha256: records no SHA-256 for policy plugin ./p.js (attribution, /nonexistent/p.js)"],
  ];
  for (const [name, change, message] of cases) {
    it(name, async () => {
      const path = editedManifest(name.replace(/\W+/g, "-"), change);
      const out = join(tmp, `refused-${name.replace(/\W+/g, "-")}`);
      const r = await runCli("run", "--from-manifest", path, "--out", out);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(path);
      expect(r.stderr).toContain(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("--set, --seed or --max-events with a manifest, both inputs, or none, are usage errors", async () => {
    const manifest = join(original, "manifest.json");
    for (const [args, message] of [
      [[manifest, "--set", "agents.count=3"], "--set cannot be combined with a manifest"],
      [[manifest, "--seed", "3", "--max-events", "9"], "--seed, --max-events cannot be combined with a manifest"],
      [[QUICKSTART, "--from-manifest", manifest], "give a scenario file or --from-manifest, not both"],
      [[], "missing the scenario file (or --from-manifest <manifest.json>)"],
    ] as const) {
      const r = await runCli("run", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
    }
  });
});

describe("plugin code is part of what a manifest reproduces", () => {
  it("reproduces a plugin run, then refuses (exit 2, naming the plugin) once the plugin file changed", async () => {
    const dir = tempDir("coordsim-provenance-plugin-");
    for (const file of ["plugin-attribution.yaml", "size-weighted-attribution.js"]) copyFileSync(join(ROOT, "scenarios/examples", file), join(dir, file));
    const first = join(dir, "first");
    expect((await runCli("run", join(dir, "plugin-attribution.yaml"), "--set", "duration=48", "--out", first, "-q")).code).toBe(0);
    const manifest = readJson(join(first, "manifest.json"));
    expect(Object.keys(manifest.plugin_sha256 as object)).toEqual([join(dir, "size-weighted-attribution.js")]);

    const again = join(dir, "again");
    const r = await runCli("run", join(first, "manifest.json"), "--out", again, "-q");
    expect(r.code, r.stderr).toBe(0);
    expectReproduced(first, again);

    appendFileSync(join(dir, "size-weighted-attribution.js"), "\n// edited after the run\n");
    const refused = await runCli("run", join(first, "manifest.json"), "--out", join(dir, "refused"), "-q");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`policy plugin ./size-weighted-attribution.js (attribution, ${join(dir, "size-weighted-attribution.js")}) has changed since the run`);
    expect(existsSync(join(dir, "refused"))).toBe(false);
  });
});
