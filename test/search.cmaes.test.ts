import { describe, expect, it } from "vitest";
import { CmaEs, type CmaEsOptions } from "../src/search/cmaes.js";

type Loss = (x: number[]) => number;

/** Run ask/tell until a stop criterion, the budget, or `done(best loss)`; return the evaluations used. */
function run(es: CmaEs, loss: Loss, budget: number, done: (best: number) => boolean = () => false): number {
  let evals = 0;
  while (es.stopReason() === undefined && evals < budget && !done(es.best()?.loss ?? Infinity)) {
    const xs = es.ask();
    const ls = xs.map(loss);
    evals += xs.length;
    es.tell(xs, ls);
  }
  return evals;
}

const sphere: Loss = (x) => x.reduce((s, v) => s + v * v, 0);

describe("CmaEs API", () => {
  it("asks populationSize candidates, tells them back, tracks the best and serialises", () => {
    const es = new CmaEs({ dimension: 3, seed: 7 });
    expect(es.populationSize).toBe(4 + Math.floor(3 * Math.log(3)));
    const xs = es.ask();
    expect(xs).toHaveLength(es.populationSize);
    es.tell(xs, xs.map(sphere));
    expect(es.generation).toBe(1);
    expect(es.best()!.generation).toBe(0);
    const again = CmaEs.fromState(JSON.parse(JSON.stringify(es.state())));
    expect(again.ask()).toEqual(es.ask());
  });

  it("minimises a 10-D sphere", () => {
    const opts: CmaEsOptions = { dimension: 10, seed: 1, mean: new Array(10).fill(1), sigma: 0.5 };
    const es = new CmaEs(opts);
    run(es, sphere, 3000, (b) => b < 1e-10);
    expect(es.best()!.loss).toBeLessThan(1e-10);
  });
});
