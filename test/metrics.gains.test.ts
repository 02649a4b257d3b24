import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsvRecords } from "../src/output/runsCsv.js";
import { ROOT, runCli } from "./helpers/cli.js";
import { copyGain, returnOnCost, sybilGain } from "../src/metrics/gains.js";

describe("gains of adversarial strategies", () => {
  it("returnOnCost is Σ profit / Σ cost, null for an empty group or one that spent nothing", () => {
    // profits 30 + 10 over costs 10 + 30: 40 / 40
    expect(returnOnCost([30, 10], [10, 30])).toBe(1);
    expect(returnOnCost([-5, -5], [10, 10])).toBe(-0.5);
    expect(returnOnCost([], [])).toBeNull();
    expect(returnOnCost([5], [0])).toBeNull();
    expect(() => returnOnCost([1], [1, 2])).toThrow(/1 profits but 2 costs/);
    expect(() => returnOnCost([NaN], [1])).toThrow(/values must be finite/);
  });

  it("copyGain is the duplicators' return on cost minus the honest providers'", () => {
    // Duplicators: profit 60 on cost 20 (return 3). Honest: profit 40 on cost 80 (return 0.5). Gain 2.5.
    expect(copyGain({ profits: [50, 10], costs: [10, 10] }, { profits: [30, 10], costs: [40, 40] })).toBe(2.5);
    // Equal returns: copying pays no better.
    expect(copyGain({ profits: [5], costs: [10] }, { profits: [50], costs: [100] })).toBe(0);
  });

  it("copyGain stays finite where the old ratio of mean profits exploded or flipped sign", () => {
    // Honest mean profit 1 micro: the ratio form gave 1000; the difference of returns is about 1.
    const nearZero = copyGain({ profits: [1000], costs: [1000] }, { profits: [1], costs: [1000] });
    expect(nearZero).toBeCloseTo(1 - 0.001, 12);
    // Honest providers losing money: the ratio was undefined; the difference is defined.
    expect(copyGain({ profits: [100], costs: [100] }, { profits: [-50], costs: [100] })).toBe(1.5);
  });

  it("copyGain is null when either group is absent or spent nothing", () => {
    expect(copyGain({ profits: [], costs: [] }, { profits: [1], costs: [1] })).toBeNull();
    expect(copyGain({ profits: [1], costs: [1] }, { profits: [], costs: [] })).toBeNull();
    expect(copyGain({ profits: [0], costs: [0] }, { profits: [1], costs: [1] })).toBeNull();
  });

  it("sybilGain is the split credit share minus the merged share, in [-1, 1]", () => {
    expect(sybilGain(0.5, 0.25)).toBe(0.25);
    expect(sybilGain(0.25, 0.25)).toBe(0);
    expect(sybilGain(0, 1)).toBe(-1);
    expect(sybilGain(1, 0)).toBe(1);
    expect(() => sybilGain(1.5, 1)).toThrow(/shares must be in \[0, 1\]/);
    expect(() => sybilGain(0.5, Number.NaN)).toThrow(/sybilGain/);
  });
});

describe("adversarial_cost_micro_provider: the attacker's spend", () => {
  it("is the sum of entities.csv's cost_micro over providers that are not honest (behaviour at the end), and 0 without adversaries", async () => {
    const cost = async (sets: string[]) => {
      const out = join(mkdtempSync(join(tmpdir(), "coordsim-adv-")), "run");
      const r = await runCli("run", join(ROOT, "scenarios/attack-copycat-search.yaml"), ...sets, "--out", out, "--quiet");
      expect(r.code, r.stderr).toBe(0);
      const [summary] = readCsvRecords(join(out, "summary.csv"));
      const adversarial = readCsvRecords(join(out, "entities.csv")).filter((e) => e.kind === "provider" && e.behavior !== "honest");
      expect(readFileSync(join(out, "summary.csv"), "utf8")).toContain("adversarial_cost_micro_provider");
      return { metric: Number(summary!.adversarial_cost_micro_provider), entities: adversarial.reduce((a, e) => a + Number(e.cost_micro), 0), count: adversarial.length };
    };
    const attacked = await cost([]);
    expect(attacked.count).toBe(6);
    expect(attacked.metric).toBeGreaterThan(0);
    expect(attacked.metric).toBe(attacked.entities);
    const honest = await cost(["--set", "providers.mix={honest: 1}"]);
    expect(honest).toEqual({ metric: 0, entities: 0, count: 0 });
  });
});
