import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT, runCli, spawnCli, tempDir } from "./helpers/cli.js";

const fixtures = join(ROOT, "test/fixtures/check");

function bundledScenarios(dir = join(ROOT, "scenarios")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? bundledScenarios(join(dir, e.name)) : e.name.endsWith(".yaml") ? [join(dir, e.name)] : [],
  );
}

describe("coordsim check", () => {
  it("passes on every bundled scenario", async () => {
    const files = bundledScenarios();
    const r = await runCli("check", ...files, "--repro-dir", join(tempDir(), "repro"));
    expect(r.stdout).toContain(`${files.length} passed, 0 failed, 0 errors`);
    expect(r.code).toBe(0);
  }, 120_000);

  it("catches the minting rewards plugin: exit 1, names the invariant, shrinks the case and writes a reproducer that fails the same way", async () => {
    const repro = join(tempDir(), "repro");
    const r = await runCli("check", join(fixtures, "minting.yaml"), "--repro-dir", repro);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL");
    expect(r.stdout).toContain("invariant fee-split-efficiency violated");
    expect(r.stdout).toContain("policy plugin ./minting-rewards.js (rewards): splitFee() split fee 20000 into shares summing to 20001 (minting 1 micro)");
    // Shrunk: the fewest agents that include agent index 5, and the lowest task rate.
    expect(r.stdout).toContain("overrides: --set agents.count=6 --set tasks.rate=1\n");
    const [file] = readdirSync(repro);
    expect(file).toBe("minting-fee-split-efficiency.yaml");
    const text = readFileSync(join(repro, file!), "utf8");
    expect(text).toContain("agents: { count: 6 }");
    expect(text).not.toContain("check:");
    // `coordsim run` on the reproducer, as a user would: same invariant, exit 1, no output folder.
    const out = join(tempDir(), "out");
    const run = spawnCli(["run", join(repro, file!), "--out", out]);
    expect(run.code).toBe(1);
    // The reproducer points at the plugin from its own folder, so the plugin's label is a longer relative path.
    expect(run.stderr).toMatch(/invariant fee-split-efficiency violated: policy plugin \S*minting-rewards\.js \(rewards\): splitFee\(\) split fee 20000 into shares summing to 20001 \(minting 1 micro\)/);
  });

  it("a leaking plugin and a throwing plugin name their invariants (fee-split-efficiency, run-completes)", async () => {
    const repro = join(tempDir(), "repro");
    const dir = tempDir();
    const leaking = join(dir, "leaking.yaml");
    writeFileSync(leaking, readFileSync(join(fixtures, "minting.yaml"), "utf8").replace("use: ./minting-rewards.js", `use: ${join(fixtures, "minting-rewards.js")}, params: { delta: -1 }`));
    const leak = await runCli("check", leaking, "--repro-dir", repro);
    expect(leak.code).toBe(1);
    expect(leak.stdout).toContain("(leaking 1 micro)");
    const throwing = await runCli("check", join(ROOT, "test/fixtures/plugins/broken-plugin.yaml"), "--runs", "5", "--repro-dir", repro);
    expect(throwing.code).toBe(1);
    expect(throwing.stdout).toMatch(/invariant run-completes violated: .*boom: no credits today/);
  });

  it("--reporter junit writes valid JUnit XML: one suite per scenario, one testcase per invariant, the failure on the violated one", async () => {
    const out = join(tempDir(), "report.xml");
    const r = await runCli("check", join(ROOT, "scenarios/quickstart.yaml"), join(fixtures, "minting.yaml"), "--runs", "5", "--reporter", "junit", "--out", out, "--repro-dir", join(tempDir(), "repro"));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const xml = readFileSync(out, "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["testsuite", "testcase", "property"].includes(name) }).parse(xml);
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual(["quickstart", "minting"]);
    expect(doc.testsuites).toMatchObject({ tests: "20", failures: "1", errors: "0" });
    expect(suites[0].testcase).toHaveLength(10);
    const failed = suites[1].testcase.filter((t: { failure?: unknown }) => t.failure !== undefined);
    expect(failed.map((t: { name: string }) => t.name)).toEqual(["fee-split-efficiency"]);
    expect(failed[0].failure.message).toContain("minting 1 micro");
  });

  it("--reporter json prints the report; bad input exits 2 with the scenario error", async () => {
    const json = await runCli("check", join(ROOT, "scenarios/quickstart.yaml"), "--runs", "3", "--reporter", "json", "--seed", "9");
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.seed).toBe(9);
    expect(report.results[0]).toMatchObject({ name: "quickstart", runs: 3 });
    const bad = await runCli("check", join(ROOT, "test/fixtures/scenarios/typo-key.yaml"), join(ROOT, "scenarios/quickstart.yaml"), "--runs", "2");
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/ERROR .*typo-key\.yaml: .*typo-key\.yaml:\d+:\d+ /);
    expect(bad.stdout).toContain("PASS");
    const dir = tempDir();
    // The loader's file checks apply as for `coordsim run`: bytes that are not UTF-8, a file that is not a scenario.
    const latin1 = join(dir, "latin1.yaml");
    writeFileSync(latin1, Buffer.from("name: caf\xe9\n", "latin1"));
    const enc = await runCli("check", latin1, join(ROOT, "README.md"));
    expect(enc.code).toBe(2);
    expect(enc.stdout).toContain("latin1.yaml:1:10: not valid UTF-8 text (save the file as UTF-8)");
    expect(enc.stdout).toContain('unsupported file type ".md"');
    // As a real process: the plugin pre-read must not print YAML warnings of its own (README.md has an ambiguous alias).
    expect(spawnCli(["run", join(ROOT, "README.md")]).stderr).toBe(`${join(ROOT, "README.md")}: unsupported file type ".md" (expected .yaml, .yml or .json)\n`);
    const badRange = join(dir, "range.yaml");
    writeFileSync(badRange, "name: r\nduration: 10\nmodels: { count: 1 }\nagents: { count: 2 }\ntasks: { rate: 1 }\ncheck:\n  perturb:\n    agents.cuont: [1, 3]\n");
    const range = await runCli("check", badRange);
    expect(range.code).toBe(2);
    expect(range.stdout).toContain("(check.perturb agents.cuont: [1, 3]) agents.cuont: unknown key");
  });

  it("the same --seed generates the same cases", async () => {
    const a = await runCli("check", join(fixtures, "minting.yaml"), "--reporter", "json", "--seed", "4", "--repro-dir", join(tempDir(), "a"));
    const b = await runCli("check", join(fixtures, "minting.yaml"), "--reporter", "json", "--seed", "4", "--repro-dir", join(tempDir(), "b"));
    const strip = (s: string) => JSON.parse(s).results.map((r: { failure: { seed: number; overrides: string[]; shrinks: number } }) => [r.failure.seed, r.failure.overrides, r.failure.shrinks]);
    expect(strip(a.stdout)).toEqual(strip(b.stdout));
  });

  it("the GitHub Actions workflow in docs/ci.md is valid YAML and its check command works as written", () => {
    const doc = readFileSync(join(ROOT, "docs/ci.md"), "utf8");
    const block = /```yaml\n(name: coordsim check[\s\S]*?)```/.exec(doc)![1]!;
    const workflow = parse(block) as { jobs: { check: { steps: { run?: string }[] } } };
    const command = workflow.jobs.check.steps.map((s) => s.run).find((r) => r?.startsWith("npx coordsim check"))!;
    const args = command.split(" ").slice(2).map((a) => (a === "scenarios/*.yaml" ? join(ROOT, "scenarios/quickstart.yaml") : a));
    const cwd = tempDir();
    const r = spawnCli(args, cwd);
    expect(r.code).toBe(0);
    expect(XMLValidator.validate(readFileSync(join(cwd, "coordsim-check.xml"), "utf8"))).toBe(true);
  });
});
