// EigenTrust's threat models A–D (Kamvar, Schlosser & Garcia-Molina 2003, §7) in
// coordsim (docs/eigentrust.md): with eigentrust + proportional-trust routing the
// fraction of inauthentic downloads stays low and nearly flat as the malicious
// share of models rises to 70%, while without reputation it rises with it;
// collectives (B) gain nothing over individuals (A); camouflage (C) and spies (D)
// stay below the no-reputation baseline. Every margin is 3 standard errors over
// the replicates (3 SE of a difference combines both sides').
import { describe, expect, it } from "vitest";
import { replicated, type ThreatModel } from "../scripts/validation/eigentrustThreats.js";

const R = 3;
const HOURS = 144;
const run = (threat: ThreatModel, malicious: number, reputation: boolean, camouflage = 0) => replicated({ threat, malicious, reputation, camouflage, hours: HOURS }, R);
const se2 = (a: { se: number }, b: { se: number }) => Math.sqrt(a.se ** 2 + b.se ** 2);

describe("threat model A (malicious individuals: always wrong models, inverting raters)", () => {
  const shares = [0, 0.2, 0.45, 0.7];
  const withTrust = shares.map((x) => run("A", x, true));
  const without = shares.map((x) => run("A", x, false));

  it("without reputation the inauthentic share is the malicious share (random routing)", () => {
    shares.forEach((x, i) => expect(Math.abs(without[i]!.mean - x)).toBeLessThanOrEqual(3 * without[i]!.se + 0.01));
  });

  it("with EigenTrust and proportional-trust it stays near the 10% sent to zero-trust models, nearly flat from 20% to 70%", () => {
    expect(withTrust[0]!.mean).toBe(0);
    for (const m of withTrust) expect(m.mean).toBeLessThanOrEqual(0.1 + 3 * m.se);
    const rise = withTrust[3]!.mean - withTrust[1]!.mean;
    const riseWithout = without[3]!.mean - without[1]!.mean;
    expect(riseWithout).toBeGreaterThan(0.45);
    // Flat: the rise with trust is under a tenth of the rise without.
    expect(rise).toBeLessThanOrEqual(0.1 * riseWithout + 3 * se2(withTrust[3]!, withTrust[1]!));
  });
});

describe("threat models B (collective), C (camouflaged collective) and D (spies)", () => {
  it("B: a collective gains nothing over individuals, and stays far below no reputation", () => {
    for (const x of [0.2, 0.7]) {
      const a = run("A", x, true);
      const b = run("B", x, true);
      expect(b.mean).toBeLessThanOrEqual(a.mean + 3 * se2(a, b));
      expect(b.mean).toBeLessThan(x / 4);
    }
  });

  it("C: at every camouflage rate f the share with EigenTrust is below the share without", () => {
    for (const f of [0, 0.5, 0.9]) {
      const t = run("C", 0.4, true, f);
      const n = run("C", 0.4, false, f);
      expect(Math.abs(n.mean - 0.4 * (1 - f))).toBeLessThanOrEqual(3 * n.se + 0.01);
      expect(t.mean).toBeLessThan(n.mean - 3 * se2(t, n));
    }
  });

  it("D: spies that judge honestly but vouch for the collective keep it near B's level, under 10%", () => {
    const d = run("D", 0.7, true);
    expect(d.mean).toBeLessThanOrEqual(0.1 + 3 * d.se);
  });
});
