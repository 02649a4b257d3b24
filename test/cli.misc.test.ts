import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, spawnCli, tempDir } from "./helpers/cli.js";

describe("coordsim validate", () => {
  it("accepts the bundled scenarios", async () => {
    const r = await runCli("validate", join(ROOT, "scenarios/quickstart.yaml"));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^ok .*quickstart\.yaml \(quickstart\)/);
  });

  it("reports every bad file and exits 2", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a.yaml"), "name: a\nduration: 10\nmodels: { count: 0 }\nagents: { count: 1 }\ntasks: { rate: 1 }\n");
    writeFileSync(join(dir, "b.json"), '{\n  "name": "b",\n  "duration": "long"\n}\n');
    const r = await runCli("validate", join(dir, "a.yaml"), join(dir, "b.json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, "a.yaml")}:3:18 models.count: expected an integer in [1,10000000], got 0`);
    expect(r.stderr).toContain(`${join(dir, "b.json")}:3:15 duration: expected a number in (0,1000000000], got "long"`);
  });
});

describe("the installed command", () => {
  it("dist/bin/coordsim.js is executable after a build (npx runs it directly, not through node)", async () => {
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(join(ROOT, "dist/bin/coordsim.js"), ["--version"], { encoding: "utf8" });
    expect(r.error).toBeUndefined();
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("coordsim usage", () => {
  it("--help and --version exit 0; unknown commands and options exit 2", () => {
    const help = spawnCli(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["run", "validate", "schema"]) expect(help.stdout).toContain(command);
    expect(spawnCli(["run", "--help"]).stdout).toContain("--max-events");
    expect(spawnCli(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(spawnCli([]).code).toBe(2);
    const bogus = spawnCli(["frobnicate"]);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("unknown command 'frobnicate'");
    const badSeed = spawnCli(["run", "scenarios/quickstart.yaml", "--seed", "-1"]);
    expect(badSeed.code).toBe(2);
  });
});
