// Properties of the attribution rules (fast-check): efficiency, symmetry and
// null player for the Shapley family; the coverage closed form equals
// enumeration on quality-scaled games; first-contributor pays a copy nothing;
// shapley-mc's error shrinks as 1/sqrt(samples).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coverageShapley } from "../src/policies/attribution/coverageShapley.js";
import { CoverageGame, type CoverageSpec } from "../src/policies/attribution/coverage.js";
import { banzhafExact, shapleyExact } from "../src/policies/attribution/exact.js";
import { firstContributor } from "../src/policies/attribution/firstContributor.js";
import { AttributionInputError, grandValue, TableGame, valueTable, type Game } from "../src/policies/attribution/game.js";
import { leaveOneOut } from "../src/policies/attribution/leaveOneOut.js";
import { redundancy, replicationRobust } from "../src/policies/attribution/replicationRobust.js";
import { shapleyMonteCarlo } from "../src/policies/attribution/shapleyMc.js";
import { attributeValues } from "../src/policies/attribution/standalone.js";
import { RngStreams } from "../src/sim/rng/index.js";

const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);
const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

/** A random (generally non-monotone) game on 1..6 players with v(∅) = 0. */
const explicitGame = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 2 ** n, maxLength: 2 ** n }).map((values) => {
    values[0] = 0;
    return new TableGame(n, Float64Array.from(values));
  }),
);

/** A random quality-scaled coverage game; qualities from a small set so ties occur. */
const coverageSpec = (maxPlayers = 7): fc.Arbitrary<CoverageSpec> =>
  fc.record({ n: fc.integer({ min: 1, max: maxPlayers }), units: fc.integer({ min: 1, max: 8 }) }).chain(({ n, units }) =>
    fc.record({
      units: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: units - 1 }), { maxLength: units }), { minLength: n, maxLength: n }),
      weights: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: units, maxLength: units }),
      quality: fc.array(fc.constantFrom(0, 0.25, 0.5, 0.75, 1), { minLength: n, maxLength: n }),
    }),
  );

/** v'(S) = f(S) + f(swap_ab(S)): players a and b are symmetric. */
function symmetrised(g: TableGame, a: number, b: number): TableGame {
  const swap = (m: number) => {
    const ba = (m >> a) & 1;
    const bb = (m >> b) & 1;
    return (m & ~((1 << a) | (1 << b))) | (ba << b) | (bb << a);
  };
  return new TableGame(g.n, g.table.map((v, m) => v + g.table[swap(m)]!));
}

/** v'(S) = f(S ∖ {k}): player k is null. */
const withNull = (g: TableGame, k: number) => new TableGame(g.n, g.table.map((_, m) => g.table[m & ~(1 << k)]!));

describe("Shapley family: efficiency, symmetry, null player", () => {
  const shapleyRules: [string, (g: Game) => Float64Array][] = [
    ["shapley-exact", (g) => attributeValues(g, "shapley-exact")],
    ["shapley-mc", (g) => attributeValues(g, "shapley-mc", { samples: 40, seed: 3 })],
  ];
  for (const [name, values] of shapleyRules) {
    it(`${name}: values sum to v(N) on any game`, () => {
      fc.assert(fc.property(explicitGame, (g) => close(sum(values(g)), grandValue(g))));
    });
    it(`${name}: a null player gets exactly 0`, () => {
      fc.assert(
        fc.property(explicitGame, fc.nat(), (g, k) => {
          const game = withNull(g, k % g.n);
          expect(values(game)[k % g.n]).toBe(0);
        }),
      );
    });
  }

  it("shapley-exact (and raw Banzhaf): symmetric players get equal values", () => {
    fc.assert(
      fc.property(
        explicitGame.filter((g) => g.n >= 2),
        fc.nat(),
        fc.nat(),
        (g, x, y) => {
          const a = x % g.n;
          const b = (a + 1 + (y % (g.n - 1))) % g.n;
          const game = symmetrised(g, a, b);
          const phi = shapleyExact(game);
          const beta = banzhafExact(game);
          return close(phi[a]!, phi[b]!) && close(beta[a]!, beta[b]!);
        },
      ),
    );
  });

  const coverageRules: [string, (g: CoverageGame) => Float64Array][] = [
    ["coverage-shapley", coverageShapley],
    ["first-contributor", firstContributor],
    ["replication-robust at penalty 0 (jaccard)", (g) => replicationRobust(g, { penalty: 0, similarity: "jaccard" })],
    ["replication-robust at penalty 0 (containment)", (g) => replicationRobust(g, { penalty: 0, similarity: "containment" })],
  ];
  for (const similarity of ["jaccard", "containment"] as const) {
    it(`replication-robust (${similarity}): not efficient — values sum to at most v(N), each at most its Shapley value; no units or quality 0 gets 0`, () => {
      fc.assert(
        fc.property(coverageSpec(), fc.nat(), fc.boolean(), fc.double({ min: 0, max: 5, noNaN: true }), (spec, k, noUnits, penalty) => {
          const i = k % spec.units.length;
          const units = spec.units.map((u, j) => (j === i && noUnits ? [] : u));
          const quality = Array.from(spec.quality!, (q, j) => (j === i && !noUnits ? 0 : q));
          const game = CoverageGame.fromSpec({ ...spec, units, quality });
          const phi = coverageShapley(game);
          const psi = replicationRobust(game, { penalty, similarity });
          return sum(psi) <= grandValue(game) * (1 + 1e-12) + 1e-12 && psi.every((x, j) => x <= phi[j]! && x >= 0) && psi[i] === 0;
        }),
      );
    });
  }
  for (const [name, values] of coverageRules) {
    it(`${name}: values sum to v(N), and a player without units or with quality 0 gets 0`, () => {
      fc.assert(
        fc.property(coverageSpec(), fc.nat(), fc.boolean(), (spec, k, noUnits) => {
          const i = k % spec.units.length;
          const units = spec.units.map((u, j) => (j === i && noUnits ? [] : u));
          const quality = Array.from(spec.quality!, (q, j) => (j === i && !noUnits ? 0 : q));
          const game = CoverageGame.fromSpec({ ...spec, units, quality });
          const phi = values(game);
          const total = sum(phi);
          return close(total, grandValue(game)) && phi[i] === 0;
        }),
      );
    });
  }

  for (const [name, values] of coverageRules.filter(([n]) => n !== "first-contributor")) {
    it(`${name}: two players with the same units and quality get equal values`, () => {
      fc.assert(
        fc.property(coverageSpec(6), fc.nat(), (spec, k) => {
          const i = k % spec.units.length;
          const game = CoverageGame.fromSpec({ ...spec, units: [...spec.units, spec.units[i]!], quality: [...Array.from(spec.quality!), spec.quality![i]!] });
          const phi = values(game);
          return close(phi[i]!, phi[game.n - 1]!);
        }),
      );
    });
  }
});

describe("coverage rules against enumeration", () => {
  it("coverage-shapley (airport split per unit) equals shapley-exact on quality-scaled coverage games", () => {
    fc.assert(
      fc.property(coverageSpec(8), (spec) => {
        const game = CoverageGame.fromSpec(spec);
        const closed = coverageShapley(game);
        const enumerated = shapleyExact(game);
        const table = shapleyExact(new TableGame(game.n, valueTable(game).slice()));
        return closed.every((v, i) => close(v, enumerated[i]!) && close(v, table[i]!));
      }),
    );
  });

  it("leave-one-out: the coverage closed form equals the generic divide-and-conquer and the definition", () => {
    fc.assert(
      fc.property(coverageSpec(8), (spec) => {
        const game = CoverageGame.fromSpec(spec);
        const table = valueTable(game).slice();
        const full = table.length - 1;
        const closed = leaveOneOut(game);
        const generic = leaveOneOut(new TableGame(game.n, table));
        return closed.every((v, i) => close(v, generic[i]!) && close(v, table[full]! - table[full & ~(1 << i)]!));
      }),
    );
  });

  it("leave-one-out on explicit games equals v(N) − v(N∖i)", () => {
    fc.assert(
      fc.property(explicitGame, (g) => {
        const full = g.table.length - 1;
        return leaveOneOut(g).every((v, i) => v === g.table[full]! - g.table[full & ~(1 << i)]!);
      }),
    );
  });

  it("first-contributor: a pure copy (same units, quality no higher, later id) gets exactly 0", () => {
    fc.assert(
      fc.property(coverageSpec(), fc.nat(), fc.constantFrom(0, 0.5, 1), (spec, k, scale) => {
        const i = k % spec.units.length;
        const n = spec.units.length;
        const game = CoverageGame.fromSpec({
          units: [...spec.units, spec.units[i]!],
          weights: spec.weights,
          quality: [...Array.from(spec.quality!), spec.quality![i]! * scale],
          ids: [...Array.from({ length: n }, (_, j) => 10 * j), 10 * n],
        });
        const values = firstContributor(game);
        return values[n] === 0 && close(sum(values), grandValue(game));
      }),
    );
  });

  it("first-contributor: the earliest id (not the player index) takes a shared unit", () => {
    const game = CoverageGame.fromSpec({ units: [[0], [0]], weights: [5], ids: [9, 4] });
    expect([...firstContributor(game)]).toEqual([0, 5]);
  });
});

describe("shapley-exact bound", () => {
  it("refuses n above 20 with an error naming the policy and n", () => {
    const game = CoverageGame.fromSpec({ units: Array.from({ length: 21 }, (_, i) => [i]), weights: new Array(21).fill(1) });
    expect(() => attributeValues(game, "shapley-exact")).toThrow(AttributionInputError);
    expect(() => attributeValues(game, "shapley-exact")).toThrow(/shapley-exact: n = 21 players is above the enumeration bound of 20/);
    const small = CoverageGame.fromSpec({ units: Array.from({ length: 20 }, (_, i) => [i % 7, (i * 3) % 11]), weights: new Array(11).fill(1) });
    expect(sum(attributeValues(small, "shapley-exact"))).toBeCloseTo(11, 9);
  });
});

describe("shapley-mc convergence", () => {
  it("the RMS error shrinks as samples^-1/2 (log-log slope in [-0.7, -0.3])", () => {
    // A fixed 12-player coverage game with overlaps and unequal qualities.
    const game = CoverageGame.fromSpec({
      units: [[0, 1, 2], [1, 2], [2, 3, 4], [4], [0, 5], [5, 6, 7], [7], [1, 3, 5, 7], [8], [8, 9], [0, 9], [2, 6]],
      weights: [5, 3, 8, 2, 7, 4, 6, 1, 9, 2],
      quality: [1, 0.8, 0.6, 1, 0.9, 0.5, 1, 0.7, 1, 0.4, 0.8, 1],
    });
    const truth = coverageShapley(game);
    const sizes = [16, 64, 256, 1024, 4096];
    const replicates = 24;
    const logErr = sizes.map((m) => {
      let squared = 0;
      for (let r = 0; r < replicates; r++) {
        const est = attributeValues(game, "shapley-mc", { samples: m, seed: 1000 * m + r });
        for (let i = 0; i < game.n; i++) squared += (est[i]! - truth[i]!) ** 2;
      }
      return Math.log(Math.sqrt(squared / replicates));
    });
    const xs = sizes.map(Math.log);
    const mx = sum(xs) / xs.length;
    const my = sum(logErr) / logErr.length;
    const slope = sum(xs.map((x, k) => (x - mx) * (logErr[k]! - my))) / sum(xs.map((x) => (x - mx) ** 2));
    expect(slope).toBeGreaterThan(-0.7);
    expect(slope).toBeLessThan(-0.3);
  });

  it("truncation (tolerance > 0) loses less than tolerance·v(N) of efficiency per permutation on a monotone game", () => {
    fc.assert(
      fc.property(coverageSpec(8), fc.constantFrom(0.05, 0.2, 0.5), (spec, tolerance) => {
        const game = CoverageGame.fromSpec(spec);
        const v = grandValue(game);
        const est = attributeValues(game, "shapley-mc", { samples: 30, seed: 5 });
        const rule = attributeValues(game, "shapley-mc", { samples: 30, seed: 5 });
        expect([...est]).toEqual([...rule]); // same seed, same estimate
        const truncated = shapleyMonteCarlo(game, { samples: 30, tolerance }, new RngStreams(5).stream("x"));
        const gap = v - sum(truncated);
        return gap >= -1e-9 && gap < tolerance * v + 1e-9 && truncated.every((x) => x >= -1e-12);
      }),
    );
  });
});

describe("replication-robust", () => {
  // A = {0,1,2}, B = {2,3}, C = A (a clone); unit weights 1.
  const game = CoverageGame.fromSpec({ units: [[0, 1, 2], [2, 3], [0, 1, 2]], weights: [1, 1, 1, 1] });

  it("redundancy: Σ_j Jaccard(i, j) and Σ_j |U_i ∩ U_j| / |U_i|", () => {
    expect([...redundancy(game, "jaccard")]).toEqual([1.25, 0.5, 1.25]);
    expect([...redundancy(game, "containment")]).toEqual([4 / 3, 1, 4 / 3]);
  });

  it("a clone and its original are damped, original data is not raised (no renormalisation); penalty 0 is coverage-Shapley", () => {
    const phi = coverageShapley(game); // [1/2 + 1/2 + 1/3, 1/3 + 1, same as A]
    const psi = replicationRobust(game, { penalty: 1, similarity: "jaccard" });
    const expected = [Math.exp(-1.25), Math.exp(-0.5), Math.exp(-1.25)].map((e, i) => e * phi[i]!);
    expected.forEach((x, i) => expect(psi[i]).toBeCloseTo(x, 12));
    expect(psi[1]!).toBeLessThan(phi[1]!);
    expect(psi[0]).toBe(psi[2]);
    expect(sum(psi)).toBeLessThan(4); // v(N) = 4: the rest is withheld
    expect([...replicationRobust(game, { penalty: 0, similarity: "jaccard" })]).toEqual([...phi]);
  });
});

describe("rag-retrieval", () => {
  it("standalone: each unit's weight goes to its k best coverers by quality (ties: earlier id)", async () => {
    const { CoverageGame } = await import("../src/policies/attribution/coverage.js");
    const { ragValues } = await import("../src/policies/attribution/ragRetrieval.js");
    // Unit 0 (weight 6) is covered by players 0,1,2 with qualities 1, 0.5, 1; unit 1 (weight 2) by player 1 only.
    const game = CoverageGame.fromSpec({ units: [[0], [0, 1], [0]], weights: [6, 2], quality: [1, 0.5, 1] });
    expect([...ragValues(game, 2)]).toEqual([3, 2, 3]);
    expect([...ragValues(game, 1)]).toEqual([6, 2, 0]); // the tie between 0 and 2 goes to the earlier id
  });

  it("per call: weights only the k retrieved candidates, by quality", async () => {
    const { ragRetrievalAttribution } = await import("../src/policies/attribution/ragRetrieval.js");
    const policy = ragRetrievalAttribution.create(ragRetrievalAttribution.schema.parse({ k: 2 }) as never, { stream: () => undefined as never });
    const quality = [0.2, 0.9, 0.9, 0.5];
    const out = new Float64Array(4);
    policy.creditCall!({ count: 4, contribution: (i) => 10 + i, quality: (i) => quality[i]! }, out);
    expect([...out]).toEqual([0, 0.9, 0.9, 0]);
  });
});
