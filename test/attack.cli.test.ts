import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

// `coordsim attack` on a tiny copycat world (scenarios/attack-copycat-search.yaml)
// against volume attribution with no dedup: the search over nearCopyShare and
// nearCopyNoise must find a copy that gains more than the hand-written attack
// the scenario (and attack-copycat.yaml) writes, nearCopyShare 0.3 and
// nearCopyNoise 0.2, measured on the same replicate seeds.
const SCENARIO = join(ROOT, "scenarios/attack-copycat-search.yaml");
const AGAINST = "policies.attribution=volume,datanets.dedup=none";
const AGAINST_SETS = ["--set", "policies.attribution=volume", "--set", "datanets.dedup=none"];

interface AttackJson {
  strongest_attack: string | null;
  junit: string | null;
  best: { values: Record<string, number>; objective_mean: number; objective_se: number } | null;
  replicate_seeds: number[];
  exceeded: boolean;
}

function deterministicFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ["optimize.json", "generations.csv", "strongest-attack.yaml"]) files[name] = readFileSync(join(dir, name), "utf8");
  for (const g of readdirSync(join(dir, "generations")).sort()) {
    for (const name of ["runs.csv", "design.csv"]) files[`${g}/${name}`] = readFileSync(join(dir, "generations", g, name), "utf8");
  }
  return files;
}

/** copy_gain of one run's summary.csv. */
async function copyGain(file: string, seed: number, sets: string[]): Promise<number> {
  const out = join(tempDir(), "run");
  const r = await runCli("run", file, "--seed", String(seed), ...sets, "--out", out, "--quiet");
  expect(r.code, r.stderr).toBe(0);
  const [header, row] = readFileSync(join(out, "summary.csv"), "utf8").trim().split("\n");
  return Number(row!.split(",")[header!.split(",").indexOf("copy_gain")]);
}

const meanSe = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, se: sd / Math.sqrt(xs.length) };
};

let reference: string;
let found: AttackJson;
beforeAll(async () => {
  reference = join(tempDir(), "reference");
  const r = await runCli("attack", SCENARIO, "--against", AGAINST, "--workers", "2", "--out", reference, "--json");
  expect(r.code, r.stderr).toBe(0);
  found = JSON.parse(r.stdout) as AttackJson;
}, 60_000);

describe("coordsim attack: the strongest copycat under volume attribution", () => {
  it("finds an attack whose copy_gain exceeds the hand-written attack's on the same replicate seeds", async () => {
    expect(found.best).not.toBeNull();
    expect(found.replicate_seeds).toHaveLength(2);
    const hand = meanSe(await Promise.all(found.replicate_seeds.map((s) => copyGain(SCENARIO, s, AGAINST_SETS))));
    const best = found.best!;
    // With intervals: the found attack's mean minus its SE is above the hand-written attack's mean plus its SE.
    expect(best.objective_mean - best.objective_se).toBeGreaterThan(hand.mean + hand.se);
    // Exact copies pay best against volume attribution with no dedup: the search moves away from near-copies.
    expect(best.values["providers.nearCopyShare"]! * best.values["providers.nearCopyNoise"]!).toBeLessThan(0.3 * 0.2);
  });

  it("writes strongest-attack.yaml, which coordsim run accepts and which reproduces the reported gain on its replicate seeds", async () => {
    const file = join(reference, "strongest-attack.yaml");
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/^# Strongest attack found by coordsim attack/);
    expect(text).toContain(`gain copy_gain = ${found.best!.objective_mean} ± ${found.best!.objective_se}`);
    expect(text).not.toMatch(/^attack:/m);
    expect(text).toMatch(/attribution: volume/);
    const gains = await Promise.all(found.replicate_seeds.map((s) => copyGain(file, s, [])));
    expect(meanSe(gains).mean).toBe(found.best!.objective_mean);
    expect(meanSe(gains).se).toBeCloseTo(found.best!.objective_se, 12);
  });

  it("writes no JUnit report without a threshold; with one below the gain the testcase fails (exit 1), above it it passes (exit 0)", async () => {
    expect(found.junit).toBeNull();
    expect(existsSync(join(reference, "attack-junit.xml"))).toBe(false);
    const dir = join(tempDir(), "junit");
    mkdirSync(dir);
    cpSync(reference, dir, { recursive: true });
    // --resume of a finished search runs nothing and only rewrites the reports.
    const low = await runCli("attack", SCENARIO, "--against", AGAINST, "--out", dir, "--resume", "--threshold", "1");
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/FAIL: no attack under the cap gains more than 1/);
    const xml = readFileSync(join(dir, "attack-junit.xml"), "utf8");
    expect(xml).toMatch(/<testsuites name="coordsim attack" tests="1" failures="1" errors="0"/);
    expect(xml).toContain(`name="no attack under the cap (providers_broke &lt;= 0) gains more than 1"`);
    expect(xml).toContain(`gains copy_gain = ${found.best!.objective_mean} ± ${found.best!.objective_se}`);
    expect(xml).toMatch(/providers\.nearCopyShare=/);
    const high = await runCli("attack", SCENARIO, "--against", AGAINST, "--out", dir, "--resume", "--threshold", "100", "--quiet");
    expect(high.code).toBe(0);
    expect(readFileSync(join(dir, "attack-junit.xml"), "utf8")).toMatch(/failures="0"/);
    // A threshold between the mean gain and its upper 95% bound: the mean passes, the bound fails.
    const { objective_mean: mean, objective_se: se } = found.best!;
    expect(se).toBeGreaterThan(0);
    const between = String(mean + se);
    const onMean = await runCli("attack", SCENARIO, "--against", AGAINST, "--out", dir, "--resume", "--threshold", between, "--json");
    expect(onMean.code).toBe(0);
    expect(JSON.parse(onMean.stdout)).toMatchObject({ threshold_on: "mean", exceeded: false });
    const onBound = await runCli("attack", SCENARIO, "--against", AGAINST, "--out", dir, "--resume", "--threshold", between, "--threshold-on", "upper95");
    expect(onBound.code).toBe(1);
    expect(onBound.stderr).toContain(`FAIL: no attack under the cap gains more than ${between} (upper 95% bound)`);
    expect(readFileSync(join(dir, "attack-junit.xml"), "utf8")).toContain(`upper 95% bound ${mean + 1.959963984540054 * se} &gt; ${between}`);
    expect((await runCli("attack", SCENARIO, "--against", AGAINST, "--out", dir, "--resume", "--threshold-on", "median")).stderr).toMatch(/--threshold-on expects mean or upper95, got median/);
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
  });
});

describe("coordsim attack: determinism", () => {
  it("gives the same search path and strongest attack with 1 worker as with 2", async () => {
    const dir = join(tempDir(), "one");
    expect((await runCli("attack", SCENARIO, "--against", AGAINST, "--workers", "1", "--out", dir, "--quiet")).code).toBe(0);
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
  }, 60_000);

  it("SIGKILL after generation 1, then --resume, gives byte-identical files", async () => {
    const dir = join(tempDir(), "killed");
    const child = spawn(process.execPath, [join(ROOT, "dist/bin/coordsim.js"), "attack", SCENARIO, "--against", AGAINST, "--workers", "1", "--out", dir, "--quiet"], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const completed = () => {
      try {
        return (JSON.parse(readFileSync(join(dir, "optimize.json"), "utf8")) as { generations_completed: number }).generations_completed;
      } catch {
        return 0;
      }
    };
    for (let i = 0; i < 6000 && completed() < 1 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGKILL");
    await exited;
    expect(completed()).toBeGreaterThanOrEqual(1);
    expect(completed()).toBeLessThan(3);
    expect((await runCli("attack", SCENARIO, "--against", AGAINST, "--workers", "2", "--out", dir, "--resume", "--quiet")).code).toBe(0);
    expect(deterministicFiles(dir)).toEqual(deterministicFiles(reference));
  }, 60_000);
});

describe("coordsim attack: bad input", () => {
  it("refuses a factor the mechanism also fixes, and a scenario without an attack block (exit 2, nothing written)", async () => {
    const out = join(tempDir(), "bad");
    const both = await runCli("attack", SCENARIO, "--against", "providers.nearCopyShare=0.5", "--out", out);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/attack-copycat-search\.yaml:\d+:\d+ attack\.factors\.providers\.nearCopyShare: providers\.nearCopyShare is an attacker factor and also fixed by --against/);
    const none = await runCli("attack", join(ROOT, "scenarios/attack-copycat.yaml"), "--out", out);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/has no attack block/);
    const gain = join(tempDir(), "gain.yaml");
    writeFileSync(gain, readFileSync(SCENARIO, "utf8").replace("gain: copy_gain ", "gain: copy_gian "));
    const typo = await runCli("attack", gain, "--out", out);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/gain\.yaml:\d+:\d+ attack\.gain: unknown metric copy_gian at column 1; did you mean copy_gain\?/);
    const once = await runCli("attack", SCENARIO, "--set", "attack.replicates=1", "--threshold", "0", "--threshold-on", "upper95", "--out", out);
    expect(once.code).toBe(2);
    expect(once.stderr).toMatch(/--threshold-on upper95 needs at least 2 replicates for a standard error; attack\.replicates is 1/);
    const bare = await runCli("attack", SCENARIO, "--threshold-on", "upper95", "--out", out);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/--threshold-on says what the threshold bounds; give --threshold/);
    expect(existsSync(out)).toBe(false);
  });
});
