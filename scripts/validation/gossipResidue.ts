// Rumour mongering (Demers et al., "Epidemic Algorithms for Replicated Database
// Maintenance", PODC 1987, §1.4), run through the `rumor` coordination policy's
// engine: one rumour planted at one agent of a large population, run until no
// agent spreads it. Three published results:
// - the residue equation of the paper's worked example (feedback, coin: lose
//   interest with probability 1/k after an unnecessary call), derived from
//   ds/dt = −si, di/dt = si − (1/k)(1 − s)i: s = e^{−(k+1)(1−s)}, and with it the
//   traffic m (messages per site) = −ln s (the paper: s = e^{−m} for push);
//   compared in the continuous-time model (`rounds: sequential`), large n;
//   blind-coin by the same derivation, s = e^{−k(1−s)};
// - Table 1 (1000 sites, feedback and counters, simulated cycles) and
//   Table 2 (1000 sites, blind and coin): residue s and traffic m, k = 1..5.
import { ContactNetwork } from "../../src/policies/coordination/contactNetwork.js";
import { RumorEngine, type RumorRules } from "../../src/policies/coordination/rumorEngine.js";
import { RngStreams } from "../../src/sim/rng/index.js";
import { meanAndSe, type ValidationCase, type ValidationRow } from "./types.js";

/** The paper's tables as printed: [k, residue s, traffic m], 1000 sites. */
const TABLE_1_FEEDBACK_COUNTER: readonly [number, string, string][] = [
  [1, "0.176", "1.74"],
  [2, "0.037", "3.30"],
  [3, "0.011", "4.53"],
  [4, "0.0036", "5.64"],
  [5, "0.0012", "6.68"],
];
const TABLE_2_BLIND_COIN: readonly [number, string, string][] = [
  [1, "0.960", "0.04"],
  [2, "0.205", "1.59"],
  [3, "0.060", "2.82"],
  [4, "0.021", "3.91"],
  [5, "0.008", "4.95"],
];

/** The non-trivial root of s = e^{−c(1−s)} in (0, 1) for c > 1 (c = k + 1: feedback-coin; c = k: blind-coin), by fixed-point iteration from 0 (monotone, converges). */
export function residueRoot(k: number, c = k + 1): number {
  let s = 0;
  for (let i = 0; i < 10_000; i++) {
    const next = Math.exp(-c * (1 - s));
    if (Math.abs(next - s) < 1e-15) return next;
    s = next;
  }
  return s;
}

/** Residue and traffic of `replicates` rumours among n agents on the complete graph. */
function measure(n: number, rules: RumorRules, replicates: number, salt: string): { s: number[]; m: number[] } {
  const network = ContactNetwork.complete(n);
  const s: number[] = [];
  const m: number[] = [];
  for (let rep = 0; rep < replicates; rep++) {
    const engine = new RumorEngine(network, rules, new RngStreams(rep + 1).stream(`validation.rumor.${salt}`), 1);
    const r = engine.open(0, 0, Infinity);
    engine.runToEnd(r);
    s.push(engine.residue(r));
    m.push(engine.messages(r) / n);
  }
  return { s, m };
}

/** Half a unit in the last printed digit of a table entry (the table's own rounding). */
function halfLastDigit(text: string): number {
  const decimals = text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
  return 0.5 * 10 ** -decimals;
}

function rows(label: string, values: number[], published: number, replicates: number, rounding = 0): ValidationRow {
  const { mean, se } = meanAndSe(values);
  return {
    label,
    measured: mean,
    published,
    tolerance: 3 * se + rounding,
    toleranceFrom: rounding > 0 ? `3 SE over ${replicates} replicates + half the table's last digit; the paper's own sampling error (its run count is not given) is not included` : `3 SE over ${replicates} replicates`,
  };
}

const rule = (removal: RumorRules["removal"], interest: RumorRules["interest"], k: number, rounds: RumorRules["rounds"]): RumorRules => ({ fanout: 1, exchange: "push", removal, interest, k, rounds });

export const gossipResidue: ValidationCase = {
  id: "gossip-residue",
  mechanism: "coordination: rumor",
  source: "Demers et al., Epidemic Algorithms for Replicated Database Maintenance, PODC 1987, §1.4 (residue equation; Tables 1 and 2)",
  claim:
    "Rumour mongering leaves a residue s of sites that never hear: s = e^{−(k+1)(1−s)} for feedback with a 1/k coin, traffic m = −ln s; simulated on 1000 sites, feedback with counters gives s = 0.176, 0.037, 0.011, 0.0036, 0.0012 and blind with a coin s = 0.96, 0.205, 0.060, 0.021, 0.008 for k = 1..5.",
  run({ quick }) {
    const out: ValidationRow[] = [];
    const bigN = quick ? 20_000 : 100_000;
    const bigReps = quick ? 20 : 40;
    for (let k = 1; k <= 5; k++) {
      const s = residueRoot(k);
      const { s: res, m } = measure(bigN, rule("feedback", "coin", k, "sequential"), bigReps, `eq${k}`);
      out.push(rows(`equation, feedback-coin k = ${k}, n = ${bigN}: residue s`, res, s, bigReps));
      out.push(rows(`equation, feedback-coin k = ${k}, n = ${bigN}: traffic m = −ln s`, m, -Math.log(s), bigReps));
    }
    // Blind-coin by the same derivation: di/ds = −1 + 1/(ks), so s = e^{−k(1−s)} ("k one larger" than feedback); k = 1 is critical (s → 1).
    for (let k = 2; k <= 5; k++) {
      const s = residueRoot(k, k);
      const { s: res } = measure(bigN, rule("blind", "coin", k, "sequential"), bigReps, `blind${k}`);
      out.push(rows(`equation, blind-coin k = ${k}, n = ${bigN}: residue s = e^{−k(1−s)}`, res, s, bigReps));
    }
    const reps = quick ? 200 : 1000;
    for (const [table, data, rr] of [
      ["Table 1, feedback-counter", TABLE_1_FEEDBACK_COUNTER, (k: number) => rule("feedback", "counter", k, "synchronous")],
      ["Table 2, blind-coin", TABLE_2_BLIND_COIN, (k: number) => rule("blind", "coin", k, "synchronous")],
    ] as const) {
      for (const [k, s, m] of data) {
        const got = measure(1000, rr(k), reps, `${table}${k}`);
        out.push(rows(`${table} k = ${k}, 1000 sites: residue s`, got.s, Number(s), reps, halfLastDigit(s)));
        out.push(rows(`${table} k = ${k}, 1000 sites: traffic m`, got.m, Number(m), reps, halfLastDigit(m)));
      }
    }
    return out;
  },
};
