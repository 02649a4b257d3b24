import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, spawnCli, tempDir } from "./helpers/cli.js";

const QUICKSTART = join(ROOT, "scenarios/quickstart.yaml");
const RUN_FILES = ["entities.csv", "manifest.json", "summary.csv", "timeseries.csv"];
const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

function summaryRow(dir: string): Record<string, string> {
  const [header, values] = read(dir, "summary.csv").trim().split("\n");
  const keys = header!.split(",");
  const cells = values!.split(",");
  return Object.fromEntries(keys.map((k, i) => [k, cells[i]!]));
}

describe("coordsim run", () => {
  const tmp = tempDir();
  const outA = join(tmp, "a");
  const outB = join(tmp, "b");
  const outC = join(tmp, "c");

  it("writes the four run files and a consistent manifest (spawned, as from a shell)", () => {
    const r = spawnCli(["run", QUICKSTART, "--out", outA]);
    expect(r.stderr).toContain(`results: ${outA}`);
    expect(r.code).toBe(0);
    expect(readdirSync(outA).sort()).toEqual(RUN_FILES);
    const manifest = JSON.parse(read(outA, "manifest.json"));
    expect(manifest.seed).toBe(42);
    expect(manifest.scenario.name).toBe("quickstart");
    expect(manifest.scenario_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.node_version).toBe(process.version);
    expect(manifest.coordsim_version).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    expect(manifest.truncated).toBe(false);
    expect(manifest.stop_reason).toBe("duration");
    const summary = summaryRow(outA);
    expect(Number(summary.events_processed)).toBe(manifest.events_processed);
    expect(summary.ledger_imbalance_micro).toBe("0");
    expect(Number(summary.tasks_completed)).toBeGreaterThan(0);
    // One timeseries row per 24 h window of the 720 h run.
    expect(read(outA, "timeseries.csv").trim().split("\n")).toHaveLength(1 + 30);
    // One entities row per agent and model.
    expect(read(outA, "entities.csv").trim().split("\n")).toHaveLength(1 + 200 + 10);
  });

  it("same scenario and seed twice gives byte-identical CSVs; another seed differs", async () => {
    expect((await runCli("run", QUICKSTART, "--out", outB, "--quiet")).code).toBe(0);
    for (const f of ["summary.csv", "timeseries.csv", "entities.csv"]) expect(read(outB, f)).toBe(read(outA, f));
    const manifestA = JSON.parse(read(outA, "manifest.json"));
    const manifestB = JSON.parse(read(outB, "manifest.json"));
    expect(manifestB.scenario_sha256).toBe(manifestA.scenario_sha256);

    expect((await runCli("run", QUICKSTART, "--out", outC, "--seed", "7", "--quiet")).code).toBe(0);
    for (const f of ["summary.csv", "timeseries.csv", "entities.csv"]) expect(read(outC, f)).not.toBe(read(outA, f));
    expect(JSON.parse(read(outC, "manifest.json")).seed).toBe(7);
  });

  it("refuses a non-empty --out unless --force", async () => {
    const before = read(outA, "summary.csv");
    const r = await runCli("run", QUICKSTART, "--out", outA, "--seed", "9");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/directory is not empty \(use --force/);
    expect(read(outA, "summary.csv")).toBe(before);
    expect((await runCli("run", QUICKSTART, "--out", outA, "--seed", "9", "--force", "--quiet")).code).toBe(0);
    expect(read(outA, "summary.csv")).not.toBe(before);
  });

  it("--json prints one JSON object on stdout; --set overrides fields", async () => {
    const out = join(tmp, "json");
    const r = await runCli("run", QUICKSTART, "--out", out, "--json", "--set", "agents.count=20", "--set", "duration=48");
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.out).toBe(out);
    expect(parsed.summary.ledger_imbalance_micro).toBe(0);
    expect(read(out, "entities.csv").trim().split("\n")).toHaveLength(1 + 20 + 10);
    expect(JSON.parse(read(out, "manifest.json")).scenario.duration).toBe(48);
  });

  it("--max-events stops early and marks the run truncated", async () => {
    const out = join(tmp, "trunc");
    expect((await runCli("run", QUICKSTART, "--out", out, "--max-events", "1000", "--quiet")).code).toBe(0);
    const manifest = JSON.parse(read(out, "manifest.json"));
    expect(manifest.truncated).toBe(true);
    expect(manifest.events_processed).toBe(1000);
    expect(manifest.stop_reason).toBe("maxEvents");
  });

  it("warns on stderr before the run when duration / window makes over 100,000 rows; a run stopped before its first window writes the header", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "fine.yaml"), "name: fine\nduration: 101\nwindow: 0.001\nmodels: { count: 1 }\nagents: { count: 2 }\ntasks: { rate: 1 }\n");
    const r = spawnCli(["run", "fine.yaml", "--out", "out", "--max-events", "2"], cwd);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n")[0]).toBe("warning: fine.yaml:3:9 window: duration / window = 101,000 timeseries rows (more than 100,000): timeseries.csv will be large and the run much slower; raise window");
    expect(spawnCli(["run", "fine.yaml", "--out", "out2", "--max-events", "2", "--set", "window=1"], cwd).stderr).not.toContain("warning");
    // Stopped after one event, long before the first window ends at 50 h: the header alone.
    expect(spawnCli(["run", "fine.yaml", "--out", "out3", "--max-events", "1", "--set", "window=50", "--quiet"], cwd).code).toBe(0);
    const lines = read(join(cwd, "out3"), "timeseries.csv").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.split(",").slice(0, 2)).toEqual(["t_h", "tasks_arrived"]);
  });

  it("picks results/<name>-seed<seed> by default, suffixing when taken", () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "s.yaml"), "name: tiny\nduration: 10\nmodels: { count: 1 }\nagents: { count: 2 }\ntasks: { rate: 1 }\n");
    expect(spawnCli(["run", "s.yaml", "--quiet"], cwd).code).toBe(0);
    expect(spawnCli(["run", "s.yaml", "--quiet"], cwd).code).toBe(0);
    expect(readdirSync(join(cwd, "results")).sort()).toEqual(["tiny-seed1", "tiny-seed1-2"]);
    expect(read(join(cwd, "results/tiny-seed1"), "timeseries.csv").trim().split("\n").map((l) => l.split(",")[0])).toEqual(["t_h", "10"]);
  });
});

describe("bad input exits 2 with file:line:col and the field path, and writes nothing", () => {
  const cases: { name: string; yaml: string; expected: RegExp }[] = [
    { name: "typo in a key", yaml: "name: x\nduration: 10\nmodels: { count: 1 }\nagents:\n  cuont: 2\ntasks: { rate: 1 }\n", expected: /bad\.yaml:5:3 agents\.cuont: unknown key \(did you mean "count"\?\)/ },
    { name: "wrong type", yaml: "name: x\nduration: 10\nmodels: { count: 1 }\nagents: { count: many }\ntasks: { rate: 1 }\n", expected: /bad\.yaml:4:18 agents\.count: expected an integer in \[1,10000000\], got "many"/ },
    { name: "out of range", yaml: "name: x\nduration: 10\nmodels: { count: 1 }\nagents: { count: 2 }\ntasks: { rate: -3 }\n", expected: /bad\.yaml:5:16 tasks\.rate: expected a number in \(0,1000000000\], got -3/ },
    { name: "broken YAML", yaml: "name: x\nduration: 10\nmodels: { count: 1\nagents: { count: 2 }\n", expected: /bad\.yaml:\d+:\d+: / },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cwd = tempDir();
      writeFileSync(join(cwd, "bad.yaml"), c.yaml);
      const r = spawnCli(["run", "bad.yaml", "--out", "out"], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(c.expected);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(join(cwd, "out"))).toBe(false);
      expect(existsSync(join(cwd, "results"))).toBe(false);
      expect(readdirSync(cwd)).toEqual(["bad.yaml"]);
    });
  }
});
