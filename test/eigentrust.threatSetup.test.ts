// The pieces EigenTrust's threat models are built from (docs/eigentrust.md): the
// inverter, spy and model-collective verdicts, a spy's split report in EigenTrust
// (worked by hand against the dense power iteration), honest-first validator ids,
// the threat-model metric's presence, and clear errors for the new fields.
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { eigenTrust as eigenTrustPolicy } from "../src/policies/trust/eigentrust.js";
import { eigenTrust } from "../src/policies/trust/math/eigenTrust.js";
import { buildEconomy, simulate } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/index.js";
import { M, V } from "../src/sim/economy/behaviors.js";
import { Kind, type ValidatorsView } from "../src/sim/economy/seams.js";
import { judgesByThreatModel, threatVerdict } from "../src/sim/economy/threatVerdicts.js";
import { RngStreams } from "../src/sim/rng/index.js";

const verdict = (b: number, model: number, correct: boolean, otherwise = correct) => ({ ...threatVerdict(b, model, correct, otherwise, { agent: true, model: true }) });

describe("threat-model verdicts", () => {
  it("only inverters, spies and (with colludeOnModels) colluding validators judge by them", () => {
    expect([V.honest, V.colluding, V.lazy, V.weightCopier, V.inverter, V.spy].map((b) => judgesByThreatModel(b, false))).toEqual([false, false, false, false, true, true]);
    expect(judgesByThreatModel(V.colluding, true)).toBe(true);
    expect(judgesByThreatModel(V.honest, true)).toBe(false);
  });

  it("inverter: s = inauth − auth, so it approves wrong results and rejects right ones", () => {
    expect(verdict(V.inverter, M.honest, true)).toEqual({ agent: false, model: false });
    expect(verdict(V.inverter, M.malicious, false)).toEqual({ agent: true, model: true });
  });

  it("collective: approves whatever an adversarial model served, otherwise keeps the existing verdict", () => {
    expect(verdict(V.colluding, M.malicious, false)).toEqual({ agent: true, model: true });
    expect(verdict(V.colluding, M.degraded, false)).toEqual({ agent: true, model: true });
    expect(verdict(V.colluding, M.honest, false)).toEqual({ agent: false, model: false });
    expect(verdict(V.colluding, M.honest, false, true)).toEqual({ agent: true, model: true }); // an adversarial agent it vouches for
  });

  it("spy: honest about the work, approving the collective's model", () => {
    expect(verdict(V.spy, M.malicious, false)).toEqual({ agent: false, model: true });
    expect(verdict(V.spy, M.honest, false)).toEqual({ agent: false, model: false });
    expect(verdict(V.spy, M.honest, true)).toEqual({ agent: true, model: true });
  });
});

describe("a spy's split report in EigenTrust", () => {
  it("counts its agent verdict for the agent and its model verdict for the model (hand-worked graph)", () => {
    const streams = new RngStreams(1);
    const trust = eigenTrustPolicy.create(eigenTrustPolicy.schema.parse({ alpha: 0.2, preTrusted: 1, epsilon: 1e-13 }), { stream: (n: string) => streams.stream(`t.${n}`) });
    // Validator 0 honest (pre-trusted), validator 1 a spy. Agent 0 used honest model 0 (right);
    // agent 1 used collective model 1 (wrong): v0 rejects it, the spy rejects the work but approves the model.
    trust.report(0, 0, 0, true, 0);
    trust.report(1, 0, 0, true, 0);
    trust.report(0, 1, 1, false, 0);
    trust.reportSplit!(1, 1, 1, false, true, 0);
    const view = { count: 2, stake: () => 1, slash: () => 0, models: 2, weights: () => undefined } as ValidatorsView;
    trust.onEpoch!(1, view);
    // Peers [v0, v1, a0, a1, m0, m1]: both agree on a0 (+,+) and a1 (−,−), so s(v0,v1) = s(v1,v0) = 2.
    const graph = [
      [0, 2, 1, -1, 1, -1],
      [2, 0, 1, -1, 1, 1],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ];
    const { t } = eigenTrust(graph, [0], 0.2, 1e-13, 10_000);
    const mmax = Math.max(t[4]!, t[5]!);
    expect(trust.reputation(Kind.model, 0)).toBeCloseTo(t[4]! / mmax, 10);
    expect(trust.reputation(Kind.model, 1)).toBeCloseTo(t[5]! / mmax, 10);
    expect(trust.reputation(Kind.model, 1)).toBeGreaterThan(0);
    expect(trust.reputation(Kind.agent, 1)).toBe(0);
  });
});

const world = (validators: string, extra = "") => `
name: threat-setup
seed: 3
duration: 48
epoch: 6
world: { domains: 1, unitsPerDomain: 50 }
models: { count: 6, mix: { honest: 4, malicious: 2 }, baseQuality: 1, maliciousErrorRate: 1 }
agents: { count: 20 }
validators: ${validators}
tasks: { rate: 10 }
${extra}`;
const load = (text: string, overrides: string[] = []) => loadScenarioText(text, "threat-setup.yaml", { catalog: builtinCatalog, overrides });

describe("threat-model scenario fields", () => {
  it("honestFirst gives the honest validators the lowest ids, in label order after them", () => {
    const s = load(world("{ count: 8, mix: { honest: 4, inverter: 2, spy: 2 }, honestFirst: true }"));
    expect(Array.from(buildEconomy(s).validators.behavior)).toEqual([V.honest, V.honest, V.honest, V.honest, V.inverter, V.inverter, V.spy, V.spy]);
  });

  it("inauthentic_output_share is a column only in runs set up as a threat model", () => {
    const plain = simulate(load(world("{ count: 4, mix: { honest: 3, colluding: 1 } }")));
    expect("inauthentic_output_share" in plain.summary).toBe(false);
    const threat = simulate(load(world("{ count: 4, mix: { honest: 3, colluding: 1 }, colludeOnModels: true }")));
    expect(threat.summary["inauthentic_output_share"]).toBeGreaterThan(0);
    expect(threat.summary["model_outputs"]).toBeGreaterThan(0);
  });

  it("bad values name the field", () => {
    const base = world("{ count: 4 }");
    expect(() => load(base, ["validators.colludeOnModels=2"])).toThrow(/validators\.colludeOnModels: expected true or false, got 2/);
    expect(() => load(base, ["validators.honestFirst=maybe"])).toThrow(/validators\.honestFirst: expected true or false/);
    expect(() => load(world("{ count: 4 }", "policies: { routing: { use: proportional-trust, params: { newcomerShare: -0.1 } } }"))).toThrow(/policies\.routing\.params\.newcomerShare/);
  });
});
