import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

// Issue 21, "must show": under a mechanism built to resist it, the strongest
// copycat `coordsim attack` finds gains no more than honest behaviour, with
// intervals. scenarios/attack-copycat-staking.yaml is the copycat world of
// attack-copycat-search.yaml with validators and data staking; the attacker
// searches nearCopyShare, nearCopyNoise and how many providers copy. The same
// search runs against the weak mechanism (volume attribution, no stake), where
// it must find a gain clearly above 0: the paired contrast is what shows the
// resisting assertion can fail.
const SCENARIO = join(ROOT, "scenarios/attack-copycat-staking.yaml");
const WEAK = "policies.attribution=volume,datanets.staking.stake=0";
const RESISTING = "policies.attribution=volume,datanets.staking.stake=1000000";

interface AttackJson {
  best: { values: Record<string, unknown>; objective_mean: number; objective_se: number } | null;
  replicate_seeds: number[];
  exceeded: boolean;
  junit: string | null;
}

async function attack(against: string, out: string, ...extra: string[]): Promise<{ code: number | null; json: AttackJson; stderr: string }> {
  const r = await runCli("attack", SCENARIO, "--against", against, "--workers", "2", "--out", out, "--json", ...extra);
  return { code: r.code, json: JSON.parse(r.stdout) as AttackJson, stderr: r.stderr };
}

const z = 1.96;
let weakDir: string;
let resistDir: string;
let weak: AttackJson;
let resist: AttackJson;
beforeAll(async () => {
  weakDir = join(tempDir(), "weak");
  resistDir = join(tempDir(), "resist");
  const [w, r] = await Promise.all([attack(WEAK, weakDir), attack(RESISTING, resistDir)]);
  expect(w.code, w.stderr).toBe(0);
  expect(r.code, r.stderr).toBe(0);
  weak = w.json;
  resist = r.json;
}, 90_000);

describe("coordsim attack against data staking (attack-copycat-staking.yaml)", () => {
  it("against volume attribution with no stake, the strongest copy beats honest behaviour: lower 95% bound of copy_gain > 0", () => {
    expect(weak.best).not.toBeNull();
    expect(weak.replicate_seeds.length).toBeGreaterThanOrEqual(5);
    expect(weak.best!.objective_mean - z * weak.best!.objective_se).toBeGreaterThan(0);
  });

  it("against volume attribution with a 1-unit stake, the strongest copy found does not: upper 95% bound of copy_gain <= 0", () => {
    expect(resist.best).not.toBeNull();
    expect(resist.replicate_seeds.length).toBeGreaterThanOrEqual(5);
    // The same search (same search seed and replicate seeds), only the mechanism differs.
    expect(resist.replicate_seeds).toEqual(weak.replicate_seeds);
    expect(resist.best!.objective_mean + z * resist.best!.objective_se).toBeLessThanOrEqual(0);
  });

  it("the JUnit invariant at --threshold 0 on the upper 95% bound passes against the stake and fails without it", async () => {
    const held = await attack(RESISTING, resistDir, "--resume", "--threshold", "0", "--threshold-on", "upper95");
    expect(held.code, held.stderr).toBe(0);
    expect(held.json.exceeded).toBe(false);
    expect(readFileSync(join(resistDir, "attack-junit.xml"), "utf8")).toMatch(/tests="1" failures="0"/);
    const broken = await attack(WEAK, weakDir, "--resume", "--threshold", "0", "--threshold-on", "upper95");
    expect(broken.code).toBe(1);
    expect(broken.json.exceeded).toBe(true);
    expect(readFileSync(join(weakDir, "attack-junit.xml"), "utf8")).toMatch(/tests="1" failures="1"/);
  });
});
