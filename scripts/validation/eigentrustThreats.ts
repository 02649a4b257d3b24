// EigenTrust's threat models A–D (Kamvar, Schlosser & Garcia-Molina, WWW 2003,
// §7) set up in coordsim (docs/eigentrust.md): models are the file-serving
// peers, validators the raters; the measured quantity is the paper's fraction of
// inauthentic downloads, `inauthentic_output_share` (wrong outputs served by
// adversarial models over all outputs served). Each row compares a run under
// EigenTrust with proportional-trust routing against the published relation.
import { builtinCatalog } from "../../src/policies/catalog.js";
import { simulate } from "../../src/runner/simulate.js";
import { loadScenarioText } from "../../src/scenario/index.js";
import { meanAndSe, tFactor, type ValidationCase, type ValidationRow } from "./types.js";

export type ThreatModel = "A" | "B" | "C" | "D";

export interface ThreatWorld {
  threat: ThreatModel;
  /** Share of the 20 models that are malicious (the collective's serving peers). */
  malicious: number;
  /** Threat model C: the camouflage rate f at which a collective model serves a correct output (default 0). */
  camouflage?: number;
  /** With reputation (eigentrust + proportional-trust) or without (trust none, random routing). */
  reputation: boolean;
  seed: number;
  /** Simulated hours (default 240; the quick pack uses fewer). */
  hours?: number;
}

export const MODELS = 20;
export const VALIDATORS = 10;
/** Adversarial raters per threat model: inverters (A), colluding validators (B, C) or spies (D). */
export const ADVERSARIAL_RATERS = 3;

/** Hours between EigenTrust's recomputations (and the timeseries window). */
export const EPOCH = 6;

/** Pre-trusted validators (honest: validators.honestFirst), as the paper's 3 pre-trusted good peers. */
export const PRE_TRUSTED = 3;

const RATER: Record<ThreatModel, string> = { A: "inverter", B: "colluding", C: "colluding", D: "spy" };

/** The scenario text of one threat-model world. */
export function threatScenario(w: ThreatWorld): string {
  const bad = Math.round(MODELS * w.malicious);
  const models = bad === 0 ? `{ honest: ${MODELS} }` : bad === MODELS ? `{ malicious: ${MODELS} }` : `{ honest: ${MODELS - bad}, malicious: ${bad} }`;
  const raters = `{ honest: ${VALIDATORS - ADVERSARIAL_RATERS}, ${RATER[w.threat]}: ${ADVERSARIAL_RATERS} }`;
  const collective = w.threat === "B" || w.threat === "C";
  return `
name: eigentrust-threat-${w.threat}
seed: ${w.seed}
duration: ${w.hours ?? 240}
epoch: ${EPOCH}
window: ${EPOCH}
world: { domains: 1, unitsPerDomain: 100 }
models: { count: ${MODELS}, mix: ${models}, baseQuality: 1, maliciousErrorRate: ${1 - (w.camouflage ?? 0)}, capacity: 50 }
agents: { count: 100, scanInterval: 1 }
validators: { count: ${VALIDATORS}, mix: ${raters}, sampleRate: 0.3, colludeOnModels: ${collective}, honestFirst: true }
tasks: { rate: 60 }
policies:
  trust: ${w.reputation ? `{ use: eigentrust, params: { preTrusted: ${PRE_TRUSTED} } }` : "none"}
  routing: ${w.reputation ? "proportional-trust" : "random"}
`;
}

/**
 * The fraction of inauthentic downloads of one run, counted after the first epoch:
 * before it no trust has been computed (every model has the initial reputation and
 * routing is uniform), whereas the paper's peers start from the pre-trusted peers' trust.
 */
export function inauthenticShare(w: ThreatWorld): number {
  const scenario = loadScenarioText(threatScenario(w), `eigentrust-threat-${w.threat}.yaml`, { catalog: builtinCatalog });
  let wrong = 0;
  let outputs = 0;
  for (const row of simulate(scenario).timeseries) {
    if ((row["t_h"] as number) <= EPOCH) continue;
    const n = row["model_outputs"] as number;
    outputs += n;
    wrong += n === 0 ? 0 : (row["inauthentic_output_share"] as number) * n;
  }
  return outputs === 0 ? Number.NaN : wrong / outputs;
}

/** Mean and SE over replicates (seeds 1..n). */
export function replicated(w: Omit<ThreatWorld, "seed">, replicates: number): { mean: number; se: number } {
  return meanAndSe(Array.from({ length: replicates }, (_, r) => inauthenticShare({ ...w, seed: r + 1 })));
}

const combine = (a: { se: number }, b: { se: number }) => Math.sqrt(a.se ** 2 + b.se ** 2);

/** One published relation: its rows from the worlds it needs. */
function rowsFor(threat: ThreatModel, x: number, f: number, replicates: number, hours: number): ValidationRow[] {
  const k = tFactor(replicates);
  const tol = `t(0.99865, ${replicates - 1}) = ${k.toFixed(2)} SE over ${replicates} replicates`;
  const withTrust = replicated({ threat, malicious: x, camouflage: f, reputation: true, hours }, replicates);
  const without = threat === "C" || threat === "A" ? replicated({ threat, malicious: x, camouflage: f, reputation: false, hours }, replicates) : undefined;
  const pct = `${Math.round(x * 100)}% malicious models`;
  const rows: ValidationRow[] = [];
  if (threat !== "C") {
    rows.push({ label: `${threat}, ${pct}: inauthentic share with EigenTrust (paper: around 10% or less)`, measured: withTrust.mean, published: 0.1, tolerance: k * withTrust.se, check: "at-most", toleranceFrom: tol });
    // Without reputation the raters' verdicts never reach routing, so B's and D's runs repeat A's: one row.
    if (threat === "A") rows.push({ label: `${pct}: inauthentic share without reputation (derived: = malicious share under random routing; the same runs for A, B and D)`, measured: without!.mean, published: x, tolerance: k * without!.se, toleranceFrom: tol });
  } else {
    rows.push({
      label: `C, ${pct}, camouflage f = ${f}: with EigenTrust at most without (paper: trust-based selection lowers inauthentic downloads at every f); published = the measured share without, ${without!.mean.toFixed(4)}`,
      measured: withTrust.mean,
      published: without!.mean,
      tolerance: k * combine(withTrust, without!),
      check: "at-most",
      toleranceFrom: `t(0.99865, ${replicates - 1}) = ${k.toFixed(2)} combined SE over ${replicates} replicates each`,
    });
  }
  return rows;
}

/** Collectives (B) against individuals (A) at the same malicious share: the paper finds B gains nothing significant. */
function collectiveGain(x: number, replicates: number, hours: number): ValidationRow {
  const a = replicated({ threat: "A", malicious: x, reputation: true, hours }, replicates);
  const b = replicated({ threat: "B", malicious: x, reputation: true, hours }, replicates);
  return {
    label: `B − A at ${Math.round(x * 100)}% malicious models, with EigenTrust (paper: forming a collective does not boost malicious peers significantly)`,
    measured: b.mean - a.mean,
    published: 0,
    tolerance: tFactor(replicates) * combine(a, b),
    check: "at-most",
    toleranceFrom: `t(0.99865, ${replicates - 1}) = ${tFactor(replicates).toFixed(2)} combined SE over ${replicates} replicates each`,
  };
}

export const eigentrustThreats: ValidationCase = {
  id: "eigentrust-threat-models",
  mechanism: "trust: eigentrust + routing: proportional-trust",
  source: "Kamvar, Schlosser & Garcia-Molina, The EigenTrust Algorithm for Reputation Management in P2P Networks, WWW 2003, §7 (threat models A–D)",
  claim:
    "Choosing download sources by global trust keeps the fraction of inauthentic downloads near 10% (the share sent to zero-trust newcomers) as the malicious share rises to 70%, where it rises with the malicious share without trust; collectives gain little over individuals; camouflage and spies lower the damage less than they raise the malicious peers' trust.",
  run({ quick }) {
    const replicates = quick ? 6 : 8;
    const hours = quick ? 96 : 240;
    const shares = quick ? [0.7] : [0.2, 0.4, 0.7];
    const camouflage = quick ? [0.5] : [0, 0.5, 0.9];
    return [
      ...(["A", "B", "D"] as const).flatMap((t) => shares.flatMap((x) => rowsFor(t, x, 0, replicates, hours))),
      ...camouflage.flatMap((f) => rowsFor("C", 0.4, f, replicates, hours)),
      ...shares.map((x) => collectiveGain(x, replicates, hours)),
    ];
  },
};
