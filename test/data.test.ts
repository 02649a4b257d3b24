import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ACCEPTED,
  ContributionStore,
  copyDataset,
  Datanets,
  type DedupMode,
  Knowledge,
  lowValueDataset,
  nicheDataset,
  REJECTED_EXACT,
  REJECTED_OVERLAP,
  spamDataset,
  splitDataset,
} from "../src/sim/data/index.js";
import { Stream } from "../src/sim/rng/index.js";

const units = (xs: readonly number[]) => Int32Array.from(xs);

function unitsOf(store: ContributionStore, c: number): number[] {
  return Array.from(store.pool.subarray(store.unitsStart(c), store.unitsEnd(c)));
}

/** Assert xs[0..n) is strictly increasing and inside domain d's unit range (one expect, so properties stay fast). */
function expectSortedInDomain(xs: ArrayLike<number>, n: number, knowledge: Knowledge, d: number): void {
  const lo = d * knowledge.unitsPerDomain;
  const hi = lo + knowledge.unitsPerDomain;
  let bad = -1;
  for (let i = 0; i < n && bad < 0; i++) if (!(xs[i]! >= lo && xs[i]! < hi && (i === 0 || xs[i]! > xs[i - 1]!))) bad = i;
  expect(bad, `units ${Array.from(xs).slice(0, n).join(",")} of domain ${d}`).toBe(-1);
}

/** Weights 1, 1/2, ..., 1/K: distinct, so sums catch unit mix-ups. */
function harmonic(domains: number, k: number): Knowledge {
  return new Knowledge(domains, k, Float64Array.from({ length: k }, (_, i) => 1 / (i + 1)));
}

describe("Knowledge", () => {
  it("maps global ids to domains and shares one weight vector", () => {
    const kn = Knowledge.zipfKnowledge(3, 5, 1);
    expect(kn.totalUnits).toBe(15);
    expect([kn.domainOf(0), kn.domainOf(4), kn.domainOf(5), kn.domainOf(14)]).toEqual([0, 0, 1, 2]);
    expect(kn.localOf(12)).toBe(2);
    expect(kn.unit(2, 3)).toBe(13);
    expect(kn.weight(0)).toBe(1);
    expect(kn.weight(10)).toBe(1);
    for (let k = 0; k < 5; k++) expect(kn.weight(5 + k)).toBeCloseTo(1 / (k + 1), 14);
    expect(kn.domainWeight()).toBeCloseTo(1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5, 14);
  });

  it("samples units of the asked domain in proportion to weight", () => {
    const kn = new Knowledge(2, 4, Float64Array.from([4, 3, 2, 1]));
    const s = new Stream("knowledge");
    const counts = [0, 0, 0, 0];
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = kn.sampleUnit(1, s);
      counts[kn.domainOf(u) === 1 ? kn.localOf(u) : 4]!++;
    }
    expect(counts[4]).toBeUndefined();
    for (let k = 0; k < 4; k++) {
      const p = (4 - k) / 10;
      expect(Math.abs(counts[k]! / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it("rejects bad shapes and weights, naming the API", () => {
    expect(() => new Knowledge(0, 3, new Float64Array(3).fill(1))).toThrow(/^Knowledge: domains/);
    expect(() => new Knowledge(1, 3, new Float64Array(2).fill(1))).toThrow(/^Knowledge: weights must have length/);
    expect(() => new Knowledge(1, 2, Float64Array.from([1, 0]))).toThrow(/^Knowledge: weight\[1\] must be finite and > 0, got 0/);
    expect(() => new Knowledge(70_000, 70_000, new Float64Array(70_000).fill(1))).toThrow(/int32/);
  });
});

describe("ContributionStore", () => {
  it("round-trips every field through growth of both tables", () => {
    const store = new ContributionStore(1, 1);
    const kn = harmonic(3, 50);
    const expected: { p: number; d: number; u: number[]; q: number; t: number; c: number; s: 0 | 1 | 2 }[] = [];
    for (let i = 0; i < 200; i++) {
      const d = i % 3;
      const u = Array.from({ length: (i * 7) % 13 }, (_, j) => d * 50 + 3 * j + (i % 3));
      const rec = { p: i * 11, d, u, q: (i % 5) / 4, t: i / 3, c: i % 4 === 0 ? -1 : i - 1, s: (i % 3) as 0 | 1 | 2 };
      expected.push(rec);
      const buf = new Int32Array(u.length + 5).fill(-7);
      buf.set(u);
      expect(store.add(rec.p, rec.d, buf, u.length, rec.q, rec.t, rec.c, rec.s)).toBe(i);
    }
    expect(store.count).toBe(200);
    expect(store.poolSize).toBe(expected.reduce((a, r) => a + r.u.length, 0));
    expected.forEach((r, c) => {
      expect([store.provider[c], store.domain[c], store.quality[c], store.time[c], store.copyOf[c], store.status[c]]).toEqual([r.p, r.d, r.q, r.t, r.c, r.s]);
      expect(store.size(c)).toBe(r.u.length);
      expect(unitsOf(store, c)).toEqual(r.u);
      const v = r.u.reduce((a, u) => a + kn.weight(u), 0) * r.q;
      expect(store.value(c, kn)).toBeCloseTo(v, 12);
    });
  });

  it("refuses unsorted or repeated units and bad fields without storing anything", () => {
    const store = new ContributionStore();
    expect(() => store.add(0, 0, units([1, 3, 2]), 3, 1, 0, -1, ACCEPTED)).toThrow(/^ContributionStore.add: units must be strictly increasing .*got 2 at index 2 after 3/);
    expect(() => store.add(0, 0, units([1, 1]), 2, 1, 0, -1, ACCEPTED)).toThrow(/strictly increasing/);
    expect(() => store.add(0, 0, units([-1]), 1, 1, 0, -1, ACCEPTED)).toThrow(/strictly increasing/);
    expect(() => store.add(0, 0, units([1]), 1, 1.5, 0, -1, ACCEPTED)).toThrow(/quality must be in \[0, 1\], got 1.5/);
    expect(() => store.add(0, 0, units([1]), 1, 1, 0, 0, ACCEPTED)).toThrow(/copyOf must be -1 or an existing id in \[0, 0\), got 0/);
    expect(() => store.add(0, 0, units([1]), 2, 1, 0, -1, ACCEPTED)).toThrow(/length must be an integer in \[0, 1\], got 2/);
    expect(store.count).toBe(0);
    expect(store.poolSize).toBe(0);
    expect(store.add(0, 0, units([1, 2, 9]), 2, 1, 0, -1, ACCEPTED)).toBe(0); // only the first `length` units are read
    expect(unitsOf(store, 0)).toEqual([1, 2]);
  });
});

/** Brute-force reference of the datanets: statuses, accepted lists, coverage and values. */
function reference(kn: Knowledge, mode: DedupMode, threshold: number, subs: readonly { d: number; u: number[]; q: number }[]) {
  const accepted: number[][] = Array.from({ length: kn.domains }, () => []);
  const statuses: number[] = [];
  subs.forEach((s, id) => {
    let status = 0;
    if (mode !== "none") {
      const peers = accepted[s.d]!.map((b) => subs[b]!.u);
      if (peers.some((b) => b.length === s.u.length && b.every((x, i) => x === s.u[i]))) status = 1;
      else if (mode === "overlap") {
        const set = new Set(s.u);
        if (peers.some((b) => b.filter((x) => set.has(x)).length / s.u.length >= threshold)) status = 2;
      }
    }
    statuses.push(status);
    if (status === 0) accepted[s.d]!.push(id);
  });
  const cover = new Int32Array(kn.totalUnits);
  for (const list of accepted) for (const b of list) for (const u of subs[b]!.u) cover[u]!++;
  const covered = Array.from({ length: kn.domains }, () => 0);
  const redundant = Array.from({ length: kn.domains }, () => 0);
  for (let u = 0; u < kn.totalUnits; u++) {
    if (cover[u]! >= 1) covered[kn.domainOf(u)]! += kn.weight(u);
    if (cover[u]! >= 2) redundant[kn.domainOf(u)]! += kn.weight(u);
  }
  return { statuses, accepted, cover, covered, redundant };
}

const submissionsArb = fc
  .record({ domains: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 1, max: 10 }) })
  .chain(({ domains, k }) =>
    fc.record({
      domains: fc.constant(domains),
      k: fc.constant(k),
      subs: fc.array(
        fc.record({
          d: fc.integer({ min: 0, max: domains - 1 }),
          local: fc.uniqueArray(fc.integer({ min: 0, max: k - 1 }), { minLength: 1, maxLength: k }),
          q: fc.constantFrom(0, 0.25, 0.5, 1),
        }),
        { maxLength: 40 },
      ),
      mode: fc.constantFrom<DedupMode>("none", "exact", "overlap"),
      threshold: fc.oneof(fc.constantFrom(1, 0.5, 1 / 3, 2 / 3, 0.25, 0.75), fc.double({ min: 0.01, max: 1, noNaN: true })),
    }),
  );

describe("Datanets", () => {
  it("exact dedup rejects identical unit sets only, never subsets or supersets", () => {
    const kn = harmonic(2, 10);
    const store = new ContributionStore();
    const dn = new Datanets(kn, store, { mode: "exact", threshold: 0 });
    const submit = (d: number, u: number[]) => store.status[dn.submit(7, d, units(u), u.length, 1, 0, -1)];
    expect(submit(0, [1, 2, 3])).toBe(ACCEPTED);
    expect(submit(0, [1, 2, 3])).toBe(REJECTED_EXACT);
    expect(submit(0, [1, 2])).toBe(ACCEPTED);
    expect(submit(0, [1, 2, 3, 4])).toBe(ACCEPTED);
    expect(submit(0, [2, 3])).toBe(ACCEPTED);
    expect(submit(1, [11, 12, 13])).toBe(ACCEPTED); // same local units, other domain
    expect(submit(0, [1, 2])).toBe(REJECTED_EXACT);
    expect(store.count).toBe(7); // rejected uploads stay in the store
    expect(dn.acceptedCount(0)).toBe(4);
    expect([0, 1, 2, 3].map((i) => dn.acceptedAt(0, i))).toEqual([0, 2, 3, 4]);
    expect(dn.coverCount[1]).toBe(3);
    expect(dn.coverCount[4]).toBe(1);
  });

  it("overlap dedup labels identical sets 1 and threshold overlaps 2", () => {
    const kn = harmonic(1, 10);
    const store = new ContributionStore();
    const dn = new Datanets(kn, store, { mode: "overlap", threshold: 0.5 });
    const submit = (u: number[]) => store.status[dn.submit(0, 0, units(u), u.length, 1, 0, -1)];
    expect(submit([0, 1, 2, 3])).toBe(ACCEPTED);
    expect(submit([0, 1, 2, 3])).toBe(REJECTED_EXACT);
    expect(submit([2, 3, 4, 5])).toBe(REJECTED_OVERLAP); // 2/4 >= 0.5
    expect(submit([3, 4, 5, 6])).toBe(ACCEPTED); // 1/4
    expect(submit([0, 6])).toBe(REJECTED_OVERLAP); // 1/2 against either
    expect(submit([7, 8, 9])).toBe(ACCEPTED);
  });

  it("property: statuses, accepted lists, coverage and values match a brute-force reference", () => {
    fc.assert(
      fc.property(submissionsArb, ({ domains, k, subs: raw, mode, threshold }) => {
        const kn = harmonic(domains, k);
        const subs = raw.map((s) => ({ d: s.d, u: [...s.local].sort((a, b) => a - b).map((x) => s.d * k + x), q: s.q }));
        const ref = reference(kn, mode, threshold, subs);
        const store = new ContributionStore(1, 1);
        const dn = new Datanets(kn, store, { mode, threshold });
        subs.forEach((s, i) => expect(dn.submit(i, s.d, units(s.u), s.u.length, s.q, i, -1)).toBe(i));
        expect(Array.from(store.status.subarray(0, store.count))).toEqual(ref.statuses);
        expect(Array.from(dn.coverCount)).toEqual(Array.from(ref.cover));
        for (let d = 0; d < domains; d++) {
          expect(Array.from({ length: dn.acceptedCount(d) }, (_, i) => dn.acceptedAt(d, i))).toEqual(ref.accepted[d]);
          expect(dn.coveredWeight(d)).toBeCloseTo(ref.covered[d]!, 12);
          expect(dn.redundantWeight(d)).toBeCloseTo(ref.redundant[d]!, 12);
          ref.accepted[d]!.forEach((b, i) => expect(dn.acceptedValue(d, i)).toBeCloseTo(store.value(b, kn), 12));
        }
      }),
      { numRuns: 400 },
    );
  });

  it("samplePopular draws in proportion to value and never picks worthless data", () => {
    const kn = harmonic(2, 10);
    const store = new ContributionStore();
    const dn = new Datanets(kn, store, { mode: "none", threshold: 0 });
    const s = new Stream("popular");
    expect(dn.samplePopular(0, s)).toBe(-1);
    dn.submit(0, 1, units([10]), 1, 0, 0, -1);
    expect(dn.samplePopular(1, s)).toBe(-1); // only zero-value data
    const sets: [number[], number][] = [
      [[0], 1], // value 1
      [[1, 2], 0.5], // (1/2 + 1/3) / 2
      [[3], 0], // worthless
      [[0, 1, 2, 3, 4], 1],
      [[9], 1],
    ];
    for (const [u, q] of sets) dn.submit(0, 0, units(u), u.length, q, 0, -1);
    const value = sets.map(([u, q]) => u.reduce((a, x) => a + 1 / (x + 1), 0) * q);
    const total = value.reduce((a, b) => a + b, 0);
    const counts = new Map<number, number>();
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const c = dn.samplePopular(0, s);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.has(3)).toBe(false);
    value.forEach((v, i) => {
      const p = v / total;
      expect(Math.abs((counts.get(i + 1) ?? 0) / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n) + 1e-12);
    });
  });

  it("property: samplePopular inverts the cumulative value at its uniform, for any number of accepted", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.string(), (qualities, seed) => {
        const kn = harmonic(1, 400);
        const store = new ContributionStore();
        const dn = new Datanets(kn, store, { mode: "none", threshold: 0 });
        qualities.forEach((q, i) => dn.submit(0, 0, units([i]), 1, q, 0, -1));
        const cum = [0];
        qualities.forEach((q, i) => cum.push(cum[i]! + q / (i + 1)));
        const total = cum[cum.length - 1]!;
        const s = new Stream(seed);
        const twin = new Stream(seed);
        for (let t = 0; t < 50; t++) {
          const c = dn.samplePopular(0, s);
          if (!(total > 0)) {
            // A property must return undefined or a boolean; returning the Assertion object counts as failure.
            expect(c).toBe(-1);
            return;
          }
          const x = twin.uniform() * total;
          const tol = 1e-9 * total;
          expect(qualities[c]).toBeGreaterThan(0);
          expect(cum[c]!).toBeLessThanOrEqual(x + tol);
          expect(cum[c + 1]!).toBeGreaterThanOrEqual(x - tol);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("validates its options and submissions, naming the API", () => {
    const kn = harmonic(2, 10);
    expect(() => new Datanets(kn, new ContributionStore(), { mode: "overlap", threshold: 0 })).toThrow(/^Datanets: dedup.threshold must be in \(0, 1\]/);
    expect(() => new Datanets(kn, new ContributionStore(), { mode: "fuzzy" as DedupMode, threshold: 1 })).toThrow(/^Datanets: dedup.mode/);
    const store = new ContributionStore();
    store.add(0, 0, units([1]), 1, 1, 0, -1, ACCEPTED);
    expect(() => new Datanets(kn, store, { mode: "none", threshold: 0 })).toThrow(/store must be empty/);
    const fresh = new ContributionStore();
    const dn = new Datanets(kn, fresh, { mode: "exact", threshold: 0 });
    expect(() => dn.submit(0, 2, units([1]), 1, 1, 0, -1)).toThrow(/^Datanets.submit: domain must be an integer in \[0, 2\), got 2/);
    expect(() => dn.submit(0, 0, units([5, 12]), 2, 1, 0, -1)).toThrow(/range \[0, 10\), got 5..12/);
    expect(() => dn.submit(0, 0, units([]), 0, 1, 0, -1)).toThrow(/at least one unit/);
    expect(() => dn.submit(0, 0, units([3, 2]), 2, 1, 0, -1)).toThrow(/strictly increasing/);
    expect(fresh.count).toBe(0);
    dn.submit(0, 0, units([3]), 1, 1, 0, -1);
    fresh.add(0, 0, units([4]), 1, 1, 0, -1, ACCEPTED);
    expect(() => dn.submit(0, 0, units([5]), 1, 1, 0, -1)).toThrow(/only 1 came through submit/);
  });
});

describe("generators", () => {
  const out = new Int32Array(1000);

  it("property: every generator writes sorted, unique units of its domain, of the promised length", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 400 }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.nat(),
        fc.string(),
        (domains, k, size, spread, centerSeed, seed) => {
          const kn = harmonic(domains, k);
          const d = domains - 1;
          const s = new Stream(seed);
          const m = Math.min(size, k);
          const n1 = nicheDataset(kn, d, centerSeed % k, size, spread, s, out);
          expect(n1).toBe(m);
          expectSortedInDomain(out, n1, kn, d);
          const n2 = spamDataset(kn, d, size, s, out);
          expect(n2).toBe(m);
          expectSortedInDomain(out, n2, kn, d);
          const n3 = lowValueDataset(kn, d, size, s, out);
          expect(n3).toBe(m);
          expectSortedInDomain(out, n3, kn, d);
          const tail = Math.max(m, Math.ceil(0.1 * k));
          expect(n3 === 0 || kn.localOf(out[0]!) >= k - tail).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("property: niche data matches a naive nearest-free reference drawing the same normals", () => {
    /** Reference: same draws; on a hit, walk out both ways to the nearest free local id (ties left on odd steps). */
    function naiveNiche(k: number, center: number, size: number, spread: number, s: Stream): number[] {
      const m = Math.min(size, k);
      if (m === k) return Array.from({ length: k }, (_, i) => i);
      const taken = new Array<boolean>(k).fill(false);
      for (let n = 0; n < m; n++) {
        let x = (((center + Math.round(s.normal(0, spread))) % k) + k) % k;
        if (taken[x]) {
          let dl = 1;
          while (taken[(x - dl + k) % k]) dl++;
          let dr = 1;
          while (taken[(x + dr) % k]) dr++;
          x = dl < dr || (dl === dr && n % 2 === 1) ? (x - dl + k) % k : (x + dr) % k;
        }
        taken[x] = true;
      }
      return taken.flatMap((t, i) => (t ? [i] : []));
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 70 }),
        fc.constantFrom(0, 0.5, 2, 10, 100),
        fc.nat(),
        fc.string(),
        (k, size, spread, c, seed) => {
          const kn = harmonic(2, k);
          const n = nicheDataset(kn, 1, c % k, size, spread, new Stream(seed), out);
          expect(Array.from(out.subarray(0, n), (u) => u - k)).toEqual(naiveNiche(k, c % k, size, spread, new Stream(seed)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("niche data clusters around the center, wrapping around the domain", () => {
    const kn = harmonic(2, 100);
    const s = new Stream("niche");
    expect(Array.from(out.subarray(0, nicheDataset(kn, 1, 50, 5, 0, s, out)))).toEqual([148, 149, 150, 151, 152]);
    expect(Array.from(out.subarray(0, nicheDataset(kn, 0, 0, 3, 0, s, out)))).toEqual([0, 1, 99]);
    const n = nicheDataset(kn, 0, 30, 20, 10, s, out);
    let far = 0;
    for (let i = 0; i < n; i++) if (Math.abs(out[i]! - 30) > 30) far++;
    expect(far).toBe(0); // 3 sd; the nearest-free rule only widens it by the set size
  });

  it("copy: noise 0 is identical and draws nothing; noise > 0 keeps length and mostly overlaps", () => {
    const kn = harmonic(2, 1000);
    const store = new ContributionStore();
    const s = new Stream("copy");
    const src = store.add(0, 1, out, nicheDataset(kn, 1, 500, 200, 150, s, out), 0.8, 0, -1, ACCEPTED);
    const twin = new Stream("twin");
    const before = new Stream("twin");
    const n0 = copyDataset(store, src, 0, kn, twin, out);
    expect(Array.from(out.subarray(0, n0))).toEqual(unitsOf(store, src));
    expect(twin.uint32()).toBe(before.uint32());
    let overlap = 0;
    for (let rep = 0; rep < 20; rep++) {
      const n = copyDataset(store, src, 0.3, kn, s, out);
      expect(n).toBe(200);
      expectSortedInDomain(out, n, kn, 1);
      const srcSet = new Set(unitsOf(store, src));
      for (let i = 0; i < n; i++) if (srcSet.has(out[i]!)) overlap++;
    }
    expect(overlap / (20 * 200)).toBeGreaterThan(0.65);
    expect(overlap / (20 * 200)).toBeLessThan(0.78);
    const n1 = copyDataset(store, src, 1, kn, s, out);
    expect(n1).toBe(200);
    expectSortedInDomain(out, n1, kn, 1);
  });

  it("spam is uniform over the domain; low-value data comes from the light tail", () => {
    const kn = harmonic(1, 50);
    const s = new Stream("spam");
    const counts = new Array<number>(50).fill(0);
    for (let rep = 0; rep < 4000; rep++) {
      const n = spamDataset(kn, 0, 10, s, out);
      for (let i = 0; i < n; i++) counts[out[i]!]!++;
    }
    for (const c of counts) expect(Math.abs(c - 800)).toBeLessThan(5 * Math.sqrt(800 * 0.8));
    expect(Array.from(out.subarray(0, lowValueDataset(kn, 0, 5, s, out)))).toEqual([45, 46, 47, 48, 49]); // tail of 5 holds exactly 5
    expect(Array.from(out.subarray(0, lowValueDataset(kn, 0, 8, s, out)))).toEqual([42, 43, 44, 45, 46, 47, 48, 49]); // widened tail
    const n = lowValueDataset(kn, 0, 3, s, out, 0.5);
    for (let i = 0; i < n; i++) expect(out[i]).toBeGreaterThanOrEqual(25);
  });

  it("property: split pieces partition the input, stay sorted and differ in size by at most one", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { maxLength: 100 }), fc.integer({ min: 1, max: 12 }), (raw, parts) => {
        const input = units([...raw].sort((a, b) => a - b));
        const pieces = new Int32Array(input.length);
        const offsets = new Int32Array(parts + 1);
        expect(splitDataset(input, input.length, parts, pieces, offsets)).toBe(input.length);
        expect(offsets[0]).toBe(0);
        expect(offsets[parts]).toBe(input.length);
        const sizes: number[] = [];
        const all: number[] = [];
        for (let p = 0; p < parts; p++) {
          const piece = Array.from(pieces.subarray(offsets[p]!, offsets[p + 1]!));
          sizes.push(piece.length);
          for (let i = 1; i < piece.length; i++) expect(piece[i]).toBeGreaterThan(piece[i - 1]!);
          all.push(...piece);
        }
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(all.sort((a, b) => a - b)).toEqual(Array.from(input));
      }),
    );
  });

  it("rejects bad arguments, naming the generator", () => {
    const kn = harmonic(1, 10);
    const s = new Stream("bad");
    expect(() => nicheDataset(kn, 1, 0, 3, 1, s, out)).toThrow(/^nicheDataset: domain must be an integer in \[0, 1\), got 1/);
    expect(() => nicheDataset(kn, 0, 10, 3, 1, s, out)).toThrow(/^nicheDataset: center/);
    expect(() => spamDataset(kn, 0, 5, s, new Int32Array(4))).toThrow(/^spamDataset: out has room for 4 units, need 5/);
    expect(() => lowValueDataset(kn, 0, 1, s, out, 0)).toThrow(/^lowValueDataset: tailFraction/);
    expect(() => copyDataset(new ContributionStore(), 0, 0, kn, s, out)).toThrow(/^copyDataset: source/);
    expect(() => splitDataset(out, 3, 2, out, new Int32Array(2))).toThrow(/^splitDataset: offsets needs 3 entries/);
  });
});

describe("determinism", () => {
  /** Run a small mixed world of uploads and return its full trace. */
  function trace(seed: string): { log: number[]; verdicts: number[] } {
    const kn = Knowledge.zipfKnowledge(3, 200, 1.1);
    const store = new ContributionStore(4, 16);
    const dn = new Datanets(kn, store, { mode: "overlap", threshold: 0.6 });
    const s = new Stream(seed);
    const buf = new Int32Array(400);
    const pieces = new Int32Array(400);
    const offsets = new Int32Array(4);
    const log: number[] = [];
    for (let t = 0; t < 300; t++) {
      const d = s.int(3);
      const kind = s.int(5);
      let n: number;
      let copyOf = -1;
      if (kind === 0) {
        copyOf = dn.samplePopular(d, s);
        n = copyOf >= 0 ? copyDataset(store, copyOf, s.bernoulli(0.5) ? 0 : 0.2, kn, s, buf) : spamDataset(kn, d, 30, s, buf);
      } else if (kind === 1) n = spamDataset(kn, d, 60, s, buf);
      else if (kind === 2) n = lowValueDataset(kn, d, 10, s, buf);
      else n = nicheDataset(kn, d, s.int(200), 5 + s.int(40), 8, s, buf);
      if (kind === 3) {
        splitDataset(buf, n, 3, pieces, offsets);
        for (let p = 0; p < 3; p++) {
          const len = offsets[p + 1]! - offsets[p]!;
          if (len > 0) log.push(dn.submit(t, d, pieces.subarray(offsets[p]!), len, 0.9, t, -1));
        }
      } else log.push(dn.submit(t, d, buf, n, s.uniform(), t, copyOf));
    }
    const verdicts = [0, 0, 0];
    for (let c = 0; c < store.count; c++) {
      log.push(store.status[c]!, store.size(c));
      verdicts[store.status[c]!]!++;
    }
    log.push(...Array.from(store.pool.subarray(0, store.poolSize)));
    for (let d = 0; d < 3; d++) log.push(dn.coveredWeight(d), dn.redundantWeight(d), dn.acceptedCount(d));
    return { log, verdicts };
  }

  it("same seed, same trace; another seed, another trace", () => {
    const a = trace("det");
    expect(trace("det").log).toEqual(a.log);
    expect(trace("other").log).not.toEqual(a.log);
    // All three verdicts occur, so the trace exercises every dedup path.
    for (const v of a.verdicts) expect(v).toBeGreaterThan(0);
  });
});
