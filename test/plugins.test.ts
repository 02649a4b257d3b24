import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

const fixtures = join(ROOT, "test/fixtures/plugins");

describe("user policy plugins", () => {
  it("the bundled example plugin runs, and changes who earns compared with uniform", async () => {
    const dir = tempDir();
    const scenario = join(ROOT, "scenarios/examples/plugin-attribution.yaml");
    const plugin = await runCli("run", scenario, "--out", join(dir, "plugin"), "--json", "--set", "duration=200");
    expect(plugin.stderr).toBe("");
    expect(plugin.code).toBe(0);
    const uniform = await runCli("run", scenario, "--out", join(dir, "uniform"), "--json", "--set", "duration=200", "--set", "policies.attribution=uniform");
    const a = JSON.parse(plugin.stdout).summary;
    const b = JSON.parse(uniform.stdout).summary;
    expect(a.data_rewards_micro).toBeGreaterThan(0);
    expect(a.ledger_imbalance_micro).toBe(0);
    // Same exogenous world, different split: the provider reward distribution moves.
    expect(a.tasks_arrived).toBe(b.tasks_arrived);
    expect(a.provider_reward_gini).not.toBe(b.provider_reward_gini);
  });

  it("a plugin that throws fails the run with exit 2, naming the plugin, the call, the simulated time and the entity; no output", async () => {
    const out = join(tempDir(), "out");
    const r = await runCli("run", join(fixtures, "broken-plugin.yaml"), "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('handler for "model.retrain" failed at t=24 (target 0, arg 0): policy plugin ./throws-in-credit.js (attribution) threw in credit(): boom: no credits today');
    expect(existsSync(out)).toBe(false);
  });

  it("a plugin of the wrong shape, a missing plugin and unknown plugin params are clear errors (exit 2)", async () => {
    const file = join(fixtures, "broken-plugin.yaml");
    const shape = await runCli("run", file, "--set", "policies.attribution.use=./wrong-shape.js");
    expect(shape.code).toBe(2);
    expect(shape.stderr).toContain("policy plugin ./wrong-shape.js (attribution): the object create() returns has no credit() method");
    const missing = await runCli("validate", file, "--set", "policies.attribution.use=./missing.js");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`policies.attribution.use: policy plugin "./missing.js" not found (looked for ${join(fixtures, "missing.js")})`);
    const params = await runCli("validate", join(ROOT, "scenarios/examples/plugin-attribution.yaml"), "--set", "policies.attribution.params.bogus=1");
    expect(params.code).toBe(2);
    expect(params.stderr).toContain("policies.attribution.params.bogus: unknown key (allowed: exponent)");
  });
});

describe("coordsim policies", () => {
  it("lists every family and built-in with params and defaults, as text and JSON", async () => {
    const json = await runCli("policies", "--json");
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { family: string; name: string; isDefault: boolean; params: { name: string; default: unknown }[] }[];
    expect([...new Set(list.map((p) => p.family))]).toEqual(["attribution", "rewards", "trust", "coordination", "routing", "adaptation"]);
    for (const family of new Set(list.map((p) => p.family))) expect(list.filter((p) => p.family === family && p.isDefault)).toHaveLength(1);
    const imitation = list.find((p) => p.name === "imitation")!;
    expect(imitation.params).toEqual(expect.arrayContaining([expect.objectContaining({ name: "every", default: 168 })]));
    const text = await runCli("policies");
    for (const p of list) expect(text.stdout).toContain(`  ${p.name}`);
  });
});
