import { describe, expect, it } from "vitest";
import { createRumor, rumor } from "../src/policies/coordination/rumor.js";
import { buildNetwork, ContactNetwork } from "../src/policies/coordination/contactNetwork.js";
import { RumorEngine } from "../src/policies/coordination/rumorEngine.js";
import { simulate } from "../src/runner/simulate.js";
import { ScenarioError } from "../src/scenario/index.js";
import { RngStreams } from "../src/sim/rng/index.js";
import { residueRoot } from "../scripts/validation/gossipResidue.js";
import { ctx, fakeBoard } from "./helpers/policyFakes.js";
import { worldScenario } from "./helpers/worldScenario.js";

function attached(params: Record<string, unknown>, agents: number) {
  const policy = createRumor(rumor.schema.parse(params), ctx());
  const tally = { ended: [] as [number, number][], unheard: 0 };
  policy.attachSpread!({ agents, tally: { claimEnded: (s, m) => tally.ended.push([s, m]), unheardStart: () => tally.unheard++ } });
  return { policy, tally };
}

describe("rumor engine", () => {
  it("two agents, feedback-counter k = 1, worked by hand: round 1 the origin tells the other; round 2 both call each other needlessly and stop (3 messages, residue 0)", () => {
    const e = new RumorEngine(ContactNetwork.complete(2), { fanout: 1, exchange: "push", removal: "feedback", interest: "counter", k: 1, rounds: "synchronous" }, new RngStreams(1).stream("x"), 1);
    const r = e.open(0, 0, Infinity);
    expect(e.heard(r, 1)).toBe(false);
    e.step(r);
    expect([e.heard(r, 1), e.messages(r), e.active(r)]).toEqual([true, 1, true]);
    e.step(r);
    expect([e.messages(r), e.active(r), e.residue(r)]).toEqual([3, false, 0]);
  });

  it("feedback-counter traffic: at least the necessary messages (heard − 1) and k per site that stopped spreading", () => {
    for (let seed = 1; seed <= 20; seed++) {
      for (const k of [1, 2, 3]) {
        const e = new RumorEngine(ContactNetwork.complete(200), { fanout: 1, exchange: "push", removal: "feedback", interest: "counter", k, rounds: "synchronous" }, new RngStreams(seed).stream("x"), 1);
        const r = e.open(0, 0, Infinity);
        e.runToEnd(r);
        const heard = Math.round((1 - e.residue(r)) * 200);
        expect(e.messages(r)).toBeGreaterThanOrEqual(heard - 1);
        expect(e.messages(r)).toBeGreaterThanOrEqual(k * heard);
      }
    }
  });

  it("residue equation root: s = e^{−(k+1)(1−s)} (k = 1: 0.2032, k = 2: 0.0595)", () => {
    expect(residueRoot(1)).toBeCloseTo(0.2032, 4);
    expect(residueRoot(2)).toBeCloseTo(0.0595, 4);
    for (let k = 1; k <= 5; k++) expect(Math.abs(residueRoot(k) - Math.exp(-(k + 1) * (1 - residueRoot(k))))).toBeLessThan(1e-12);
  });

  it("random-regular graphs are simple and d-regular; hub-local is a ring plus hubs; a degree too large for the population shrinks to the largest possible", () => {
    const net = buildNetwork(50, { topology: "random-regular", degree: 4, reach: 1, hubs: 1 }, new RngStreams(3).stream("g"));
    for (let a = 0; a < 50; a++) {
      expect(net.degree(a)).toBe(4);
      const nb = Array.from({ length: 4 }, (_, i) => net.neighbour(a, i));
      expect(new Set(nb).size).toBe(4);
      expect(nb).not.toContain(a);
      for (const b of nb) expect(Array.from({ length: net.degree(b) }, (_, i) => net.neighbour(b, i))).toContain(a);
    }
    const hub = buildNetwork(12, { topology: "hub-local", degree: 1, reach: 1, hubs: 3 }, new RngStreams(3).stream("g"));
    // hubs at 0, 4, 8; agent 5 knows 4 and 6 (ring) and hub 4; hub 0 knows 11, 1 (ring), 1..3 (its arc), hubs 4 and 8
    expect(Array.from({ length: hub.degree(5) }, (_, i) => hub.neighbour(5, i))).toEqual([4, 6]);
    expect(Array.from({ length: hub.degree(0) }, (_, i) => hub.neighbour(0, i))).toEqual([1, 2, 3, 4, 8, 11]);
    // Too few agents for the degree: the largest regular graph that exists (5 agents, degree 3 -> 2; 1 agent -> no edges).
    const small = buildNetwork(5, { topology: "random-regular", degree: 3, reach: 1, hubs: 1 }, new RngStreams(3).stream("g"));
    for (let a = 0; a < 5; a++) expect(small.degree(a)).toBe(2);
    const single = buildNetwork(1, { topology: "random-regular", degree: 6, reach: 1, hubs: 1 }, new RngStreams(3).stream("g"));
    expect(single.degree(0)).toBe(0);
  });
});

describe("rumor policy", () => {
  it("an agent skips a claimed task only once the rumour has reached it", () => {
    const { policy } = attached({ round: 0.1, k: 1 }, 2);
    const { board } = fakeBoard(1);
    policy.onStart!(0, 0, board, 0);
    expect(policy.chooseTask(1, board, 0.05)).toBe(0); // first round at 0.1
    expect(policy.chooseTask(1, board, 0.1)).toBe(-1); // the only partner of agent 0 is agent 1
  });

  it("counts unheard starts and reports residue and messages when the claim ends", () => {
    const { policy, tally } = attached({ round: 10 }, 5);
    const { board } = fakeBoard(1);
    policy.onStart!(0, 0, board, 0);
    policy.onStart!(1, 0, board, 1); // no round yet: agent 1 had not heard
    expect(tally.unheard).toBe(1);
    policy.onFinish!(0, 0, board, 2);
    expect(tally.ended).toEqual([]);
    policy.onFinish!(1, 0, board, 3);
    expect(tally.ended).toEqual([[0.6, 0]]); // agents 0 and 1 know, 3 of 5 never heard, no message sent
    expect(policy.rumorOf(0, board)).toBe(-1);
  });

  it("is refused before it is attached to a world", () => {
    const policy = rumor.create(rumor.schema.parse({}), ctx());
    expect(() => policy.chooseTask(0, fakeBoard(1).board, 0)).toThrow(/attach/);
  });
});

describe("rumor in the world", () => {
  const scenario = worldScenario;

  it("reports residue, messages and unheard starts, only in runs that use it, and removes duplicated work", () => {
    const base = simulate(scenario("independent")).summary;
    const run = simulate(scenario("{ use: rumor, params: { round: 0.001, k: 3, fanout: 4 } }")).summary; // idle agents take a new task within minutes, so only a fast rumour beats them
    expect(base).not.toHaveProperty("claim_residue");
    expect(run.claims_spread as number).toBeGreaterThan(100);
    expect(run.claim_residue as number).toBeGreaterThanOrEqual(0);
    expect(run.claim_residue as number).toBeLessThan(1);
    expect(run.claim_messages_per_claim as number).toBeGreaterThan(0);
    expect(run.unheard_claim_starts as number).toBeGreaterThan(0);
    expect(run.duplicate_execution_share as number).toBeLessThan(base.duplicate_execution_share as number);
  });

  it("runs on every topology and with push-pull", () => {
    for (const p of ["{ topology: random-regular, degree: 4 }", "{ topology: hub-local, reach: 2, hubs: 4 }", "{ exchange: push-pull, interest: coin, removal: blind }"]) {
      const s = simulate(scenario(`{ use: rumor, params: ${p} }`)).summary;
      expect(s.claims_spread as number).toBeGreaterThan(0);
    }
  });

  it("bad params name the field", () => {
    let message = "";
    try {
      scenario("{ use: rumor, params: { topology: star } }");
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/policies\.coordination\.params\.topology/);
  });
});
