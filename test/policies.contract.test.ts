// One contract per policy family, run against every built-in the registry lists
// (shared-assertion style: adding a policy file and its registry line adds it
// here; there is no hand-kept list of policies). Each policy is built with its
// default params and contexts seeded as src/runner/policies.ts seeds them, and
// wrapped so the FAMILIES output checks (those the world applies to plugins) run
// on every call. Inputs are small fast-check-generated, world-shaped views.
// test/attribution.contract.test.ts adds param variants and apportionment for
// attribution; the per-policy test files check behaviour.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinPolicies } from "../src/policies/registry.js";
import { POLICY_FAMILIES, type PolicyDefinition, type PolicyFamily, type PolicyInterfaces } from "../src/policies/types.js";
import { FAMILIES } from "../src/sim/economy/families.js";
import { SHARE_NAMES, type AttributionGame, type EntityKind, type RetrievalCandidates } from "../src/sim/economy/seams.js";
import { RngStreams } from "../src/sim/rng/index.js";
import {
  coordinationScript,
  fee,
  feeCall,
  gameCase,
  grandCoverageValue,
  policyCtx,
  population,
  retrievalCandidates,
  routingCase,
  runCoordination,
  runTrust,
  sameBits,
  TRUST_IDS,
  trustScript,
  UNSEEN_ID,
  withFamilyChecks,
  type PopulationCase,
} from "./helpers/policyContracts.js";

/** Runs per property: ~100 properties, so the file stays at a few seconds. */
const RUNS = { numRuns: 40 };
const seed = fc.integer({ min: 0, max: 1_000_000 });

type Def<F extends PolicyFamily> = PolicyDefinition<PolicyInterfaces[F], never>;
/** A fresh instance of the policy under test, default params, streams from this run seed. */
type Make<F extends PolicyFamily> = (seed: number) => PolicyInterfaces[F];
/** Registers the family's properties (its `it`s) for one policy. */
type Contract<F extends PolicyFamily> = (make: Make<F>) => void;

/** Run the same thing twice; the traces must match bit for bit. */
function expectReplays(run: () => number[]): void {
  const first = run();
  const second = run();
  expect(second).toEqual(first);
  expect(sameBits(first, second)).toBe(true);
}

const closeRel = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

// ---------------------------------------------------------------- attribution

type AttributionInput = { game: AttributionGame } | { call: RetrievalCandidates };

const attribution: Contract<"attribution"> = (make) => {
  const sample = make(0);
  const axioms = sample.axioms ?? [];

  it("is deterministic per seed over an interleaved sequence of credit and creditCall inputs", () => {
    const input: fc.Arbitrary<AttributionInput> = fc.oneof(
      gameCase.map(({ game }) => ({ game })),
      retrievalCandidates.map((call) => ({ call })),
    );
    fc.assert(
      fc.property(seed, fc.array(input, { minLength: 1, maxLength: 4 }), (s, inputs) => {
        expectReplays(() => {
          const policy = make(s);
          const trace: number[] = [];
          for (const x of inputs) {
            if ("game" in x) {
              const out = new Float64Array(x.game.players);
              policy.credit(x.game, out);
              trace.push(...out);
            } else if (policy.creditCall !== undefined) {
              const out = new Float64Array(x.call.count);
              policy.creditCall(x.call, out);
              trace.push(...out);
            }
          }
          return trace;
        });
      }),
      RUNS,
    );
  });

  it("credit writes finite credits >= 0 into out[0..players) only, and leaves the game's unit pool alone", () => {
    fc.assert(
      fc.property(seed, gameCase, (s, { game }) => {
        const n = game.players;
        const out = new Float64Array(n + 2).fill(-7);
        const pool = [...game.pool];
        make(s).credit(game, out);
        for (let i = 0; i < n; i++) expect(Number.isFinite(out[i]) && out[i]! >= 0, `credit ${i} = ${out[i]}`).toBe(true);
        expect([out[n], out[n + 1]]).toEqual([-7, -7]);
        expect([...game.pool]).toEqual(pool);
      }),
      RUNS,
    );
  });

  it("declares only known axioms", () => {
    for (const a of axioms) expect(["efficiency", "symmetry"]).toContain(a);
  });

  /** A property of the credits' sum against v(N), on every generated game. */
  const sumAgainstValue = (holds: (sum: number, v: number) => boolean) => () =>
    fc.assert(
      fc.property(seed, gameCase, (s, { game }) => {
        const out = new Float64Array(game.players);
        make(s).credit(game, out);
        const sum = out.reduce((a, b) => a + b, 0);
        const v = grandCoverageValue(game);
        expect(holds(sum, v), `sum ${sum}, v(N) ${v}`).toBe(true);
      }),
      RUNS,
    );

  if (axioms.includes("efficiency")) {
    it("efficiency (declared): credits sum to v(N) within 1e-9 relative", sumAgainstValue(closeRel));
  }

  if (sample.credits !== undefined) {
    it("declares relative or absolute credits", () => expect(["relative", "absolute"]).toContain(sample.credits));
  }

  if (sample.credits === "absolute") {
    it("absolute credits (declared): credits sum to at most v(N), the rest is withheld by settlement", sumAgainstValue((sum, v) => sum <= v || closeRel(sum, v)));
  }

  if (axioms.includes("symmetry")) {
    it("symmetry (declared): players with the same units and quality get equal credit", () => {
      fc.assert(
        fc.property(seed, gameCase, (s, { game, twins }) => {
          const out = new Float64Array(game.players);
          make(s).credit(game, out);
          for (const [i, j] of twins) expect(closeRel(out[i]!, out[j]!), `players ${i} and ${j}: ${out[i]} vs ${out[j]}`).toBe(true);
        }),
        RUNS,
      );
    });
  }

  if (sample.creditCall !== undefined) {
    it("creditCall (present): weights finite >= 0 into out[0..count) only", () => {
      fc.assert(
        fc.property(seed, retrievalCandidates, (s, call) => {
          const out = new Float64Array(call.count + 2).fill(0);
          out[call.count] = out[call.count + 1] = -7;
          make(s).creditCall!(call, out);
          for (let i = 0; i < call.count; i++) expect(Number.isFinite(out[i]) && out[i]! >= 0, `weight ${i} = ${out[i]}`).toBe(true);
          expect([out[call.count], out[call.count + 1]]).toEqual([-7, -7]);
        }),
        RUNS,
      );
    });
  }
};

// -------------------------------------------------------------------- rewards

const rewards: Contract<"rewards"> = (make) => {
  it(`splitFee writes ${SHARE_NAMES.length} non-negative integer shares summing exactly to the fee (0..1e9)`, () => {
    fc.assert(
      fc.property(seed, fee, feeCall, (s, f, call) => {
        const out = new Float64Array(SHARE_NAMES.length).fill(NaN);
        make(s).splitFee(f, out, call);
        for (const x of out) expect(Number.isSafeInteger(x) && x >= 0, `shares [${[...out].join(", ")}] of ${f}`).toBe(true);
        expect(out.reduce((a, b) => a + b, 0)).toBe(f);
      }),
      RUNS,
    );
  });

  it("is deterministic per seed over a sequence of fees", () => {
    fc.assert(
      fc.property(seed, fc.array(fc.tuple(fee, feeCall), { minLength: 1, maxLength: 10 }), (s, calls) => {
        expectReplays(() => {
          const policy = make(s);
          const out = new Float64Array(SHARE_NAMES.length);
          return calls.flatMap(([f, call]) => (policy.splitFee(f, out, call), [...out]));
        });
      }),
      RUNS,
    );
  });
};

// ---------------------------------------------------------------------- trust

const trust: Contract<"trust"> = (make) => {
  it("reputation(kind, id) is in [0, 1] for every kind 0..3, seen and unseen ids, through reports, resets and epochs", () => {
    fc.assert(
      fc.property(seed, trustScript, (s, script) => {
        const { reputations } = runTrust(make(s), script);
        for (const r of reputations) expect(r >= 0 && r <= 1, `reputation ${r}`).toBe(true);
      }),
      RUNS,
    );
  });

  it("is deterministic per seed: the same script gives the same reputations and slashes", () => {
    fc.assert(
      fc.property(seed, trustScript, (s, script) => {
        expectReplays(() => {
          const run = runTrust(make(s), script);
          return [...run.reputations, ...run.slashes, ...run.stakes];
        });
      }),
      RUNS,
    );
  });

  it("reset(kind, id) makes the entity read as a never-seen one", () => {
    fc.assert(
      fc.property(seed, trustScript, fc.nat(3), fc.nat(TRUST_IDS - 1), (s, script, k, id) => {
        const kind = k as EntityKind;
        const policy = make(s);
        runTrust(policy, script);
        policy.reset(kind, id);
        expect(policy.reputation(kind, id)).toBe(policy.reputation(kind, UNSEEN_ID));
        expect(policy.reputation(kind, id)).toBe(make(s).reputation(kind, id));
      }),
      RUNS,
    );
  });

  if (make(0).onEpoch !== undefined) {
    it("onEpoch (present): slashes only known validators, by fractions in [0, 1], never more than their stake", () => {
      fc.assert(
        fc.property(seed, trustScript, (s, script) => {
          const { problems, stakes } = runTrust(make(s), script);
          expect(problems).toEqual([]);
          for (const x of stakes) expect(x >= 0).toBe(true);
        }),
        RUNS,
      );
    });
  }
};

// --------------------------------------------------------------- coordination

const coordination: Contract<"coordination"> = (make) => {
  it("chooseTask returns -1 or an open task's slot, through arrivals, starts, finishes, expiries and slot reuse", () => {
    fc.assert(
      fc.property(seed, coordinationScript, (s, script) => {
        expect(runCoordination(make(s), script).bad).toEqual([]);
      }),
      RUNS,
    );
  });

  it("is deterministic per seed: the same script gives the same choices", () => {
    fc.assert(
      fc.property(seed, coordinationScript, (s, script) => {
        expectReplays(() => runCoordination(make(s), script).choices);
      }),
      RUNS,
    );
  });
};

// -------------------------------------------------------------------- routing

const routing: Contract<"routing"> = (make) => {
  it("chooseModel returns one of the domain's candidates", () => {
    fc.assert(
      fc.property(seed, routingCase, (s, { view, domains, calls }) => {
        const policy = make(s);
        for (const { agent, domain } of calls) expect(domains[domain]).toContain(policy.chooseModel(agent, domain, view));
      }),
      RUNS,
    );
  });

  it("is deterministic per seed: the same calls give the same models", () => {
    fc.assert(
      fc.property(seed, routingCase, (s, { view, calls }) => {
        expectReplays(() => {
          const policy = make(s);
          return calls.map(({ agent, domain }) => policy.chooseModel(agent, domain, view));
        });
      }),
      RUNS,
    );
  });
};

// ----------------------------------------------------------------- adaptation

const UNWRITTEN = 255;

/** One adaptation step per population, each member drawing from its own stream (`adapt.agent`, member id) of this seed. */
function adaptSteps(policy: PolicyInterfaces["adaptation"], s: number, steps: readonly PopulationCase[]): Uint8Array[] {
  const streams = new RngStreams(s);
  return steps.map((pop) => {
    // As the world does: each member starts at its own behaviour; the slot past the population must stay unwritten.
    const next = new Uint8Array(pop.count + 1).fill(UNWRITTEN);
    for (let i = 0; i < pop.count; i++) next[i] = pop.behavior(i);
    policy.adapt(pop, (i) => streams.stream("adapt.agent", i), next);
    return next;
  });
}

const adaptation: Contract<"adaptation"> = (make) => {
  it("every is a positive number of hours (Infinity: never adapts)", () => {
    fc.assert(
      fc.property(seed, (s) => {
        const every = make(s).every;
        expect(typeof every === "number" && every > 0, `every = ${every}`).toBe(true);
      }),
      { numRuns: 5 },
    );
  });

  it("adapt writes, per member, its own behaviour or (from an adoptable one) an adoptable one, and nothing past the population", () => {
    fc.assert(
      fc.property(seed, fc.array(population, { minLength: 1, maxLength: 3 }), (s, steps) => {
        const policy = make(s);
        // The world starts each member's slot at its own behaviour, so an unwritten slot means "stay".
        adaptSteps(policy, s, steps).forEach((next, k) => {
          const pop = steps[k]!;
          for (let i = 0; i < pop.count; i++) {
            const own = pop.behavior(i);
            const b = next[i]!;
            const label = `member ${i}: ${own} -> ${b} (adoptable: [${pop.adoptableSet.join(", ")}])`;
            expect(b === own || (pop.adoptable(own) && pop.adoptable(b)), label).toBe(true);
          }
          expect(next[pop.count]).toBe(UNWRITTEN);
        });
      }),
      RUNS,
    );
  });

  it("is deterministic per seed: the same populations and member streams give the same behaviours", () => {
    fc.assert(
      fc.property(seed, fc.array(population, { minLength: 1, maxLength: 3 }), (s, steps) => {
        expectReplays(() => adaptSteps(make(s), s, steps).flatMap((next) => [...next]));
      }),
      RUNS,
    );
  });
};

// ------------------------------------------------------------------- the suite

/** One contract per family: the mapped type makes a new family without a contract a type error. */
const CONTRACTS: { [F in PolicyFamily]: Contract<F> } = { attribution, rewards, trust, coordination, routing, adaptation };

function familyContract<F extends PolicyFamily>(family: F): void {
  const definitions: readonly Def<F>[] = builtinPolicies[family];
  const contract: Contract<F> = CONTRACTS[family];
  describe.each(definitions.map((definition) => ({ name: definition.name, definition })))(`${family} policy $name`, ({ definition }) => {
    const params = definition.schema.parse({}) as never;
    contract((s) => withFamilyChecks(family, definition.create(params, policyCtx(family, definition.name, s))));
  });
}

describe("policy registry", () => {
  it("has exactly the families of POLICY_FAMILIES, each with a contract here", () => {
    expect(Object.keys(builtinPolicies).sort()).toEqual([...POLICY_FAMILIES].sort());
    expect(Object.keys(CONTRACTS).sort()).toEqual([...POLICY_FAMILIES].sort());
  });

  describe.each(POLICY_FAMILIES)("%s", (family) => {
    const definitions: readonly Def<PolicyFamily>[] = builtinPolicies[family];

    it("has at least one built-in, the family's default among them", () => {
      expect(definitions.length).toBeGreaterThan(0);
      expect(definitions.map((d) => d.name)).toContain(FAMILIES[family].default);
    });

    it("names are unique and every built-in is described", () => {
      expect(new Set(definitions.map((d) => d.name)).size).toBe(definitions.length);
      for (const d of definitions) {
        expect(d.name).toMatch(/^[a-z][a-z0-9-]*$/);
        expect(d.description.trim().length, d.name).toBeGreaterThan(0);
      }
    });

    it("every param has a default (schema.parse({}) succeeds) and the created object has the family's methods", () => {
      for (const d of definitions) {
        const parsed = d.schema.safeParse({});
        expect(parsed.success, `${d.name}: ${parsed.error?.message}`).toBe(true);
        const policy = d.create(parsed.data as never, policyCtx(family, d.name, 1)) as unknown as Record<string, unknown>;
        for (const method of FAMILIES[family].methods) expect(typeof policy[method], `${d.name}.${method}`).toBe("function");
      }
    });
  });
});

for (const family of POLICY_FAMILIES) familyContract(family);
