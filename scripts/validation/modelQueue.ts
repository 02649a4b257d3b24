// M/M/1 and M/M/c through the model queue: one model with capacity c and
// exponential service (mean models.serviceTime), fed by a large population of
// mostly idle agents scanning at exponential intervals, so inference calls are
// close to a Poisson stream. The mean wait of a call for a free server must
// match Erlang C at the measured arrival rate: Wq = C(c, a) / (cμ − λ), a = λ/μ.
// The finite population (at most a few dozen of 20,000 agents busy at once) thins the
// stream by well under 1%: with 1,000 agents the waits came out 4% below Erlang C
// (busy agents stop calling exactly when the queue is long, the finite-source
// effect), outside 3 SE. The tolerance is the t-based 99.73% half-width over replicates.
import { simulate } from "../../src/runner/simulate.js";
import { builtinCatalog } from "../../src/policies/catalog.js";
import { loadScenarioText } from "../../src/scenario/index.js";
import { meanAndSe, meanTolerance, type ValidationCase, type ValidationRow } from "./types.js";

/** Erlang C: the probability that an arrival waits, for c servers at offered load a = λ/μ < c. */
export function erlangC(c: number, a: number): number {
  let term = 1;
  let below = 0;
  for (let k = 0; k < c; k++) {
    below += term;
    term *= a / (k + 1);
  }
  const top = (term * c) / (c - a); // a^c/c! · c/(c − a)
  return top / (below + top);
}

/** Mean wait in queue of M/M/c: C(c, a) / (cμ − λ). */
export function mmcWait(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

const MU = 20; // per hour: serviceTime 0.05 h
const AGENTS = 20_000;

function scenario(c: number, rho: number, hours: number, seed: number): string {
  const lambda = rho * c * MU;
  return `
name: mmc-${c}
seed: ${seed}
duration: ${hours}
window: ${hours}
models: { count: 1, capacity: ${c}, serviceTime: ${1 / MU} }
agents: { count: ${AGENTS}, scanInterval: ${AGENTS / lambda}, workTime: 0.0001 }
tasks: { rate: ${3 * lambda}, deadline: 0.5 }
`;
}

function measure(c: number, rho: number, hours: number, seed: number): { wait: number; lambda: number } {
  const s = simulate(loadScenarioText(scenario(c, rho, hours, seed), `mmc-${c}.yaml`, { catalog: builtinCatalog })).summary;
  return { wait: s.mean_queue_wait_h as number, lambda: (s.inference_calls as number) / hours };
}

export const modelQueue: ValidationCase = {
  id: "model-queue-mmc",
  mechanism: "models: FIFO queue with capacity c",
  source: "Erlang C (M/M/c): Wq = C(c, λ/μ) / (cμ − λ); M/M/1: Wq = λ / (μ(μ − λ))",
  claim: "Inference calls arriving as a Poisson stream at a model of capacity c with exponential service wait Wq on average before service.",
  run({ quick }) {
    const replicates = quick ? 6 : 10;
    const hours = quick ? 400 : 2000;
    return [
      { c: 1, rho: 0.8 },
      { c: 4, rho: 0.8 },
      { c: 4, rho: 0.5 },
    ].map(({ c, rho }): ValidationRow => {
      const runs = Array.from({ length: replicates }, (_, r) => measure(c, rho, hours, r + 1));
      // Each replicate's own Erlang C at its measured arrival rate: the row compares mean measured and mean predicted waits.
      const gap = meanTolerance(runs.map((x) => x.wait - mmcWait(c, x.lambda, MU)));
      const predicted = meanAndSe(runs.map((x) => mmcWait(c, x.lambda, MU))).mean;
      return {
        label: `c = ${c}, ρ = ${rho}: mean wait in queue (h)`,
        measured: meanAndSe(runs.map((x) => x.wait)).mean,
        published: predicted,
        tolerance: gap.tolerance,
        toleranceFrom: `${gap.from} of (measured − Erlang C), ${hours} h each`,
      };
    });
  },
};
