// M/M/1 through the coordsim engine: one server, arrival rate λ = 0.9, service
// rate μ = 1. A correctness check as well as a speed figure: the mean wait in
// queue must approach Wq = λ / (μ(μ − λ)) = 9.
import { Engine } from "../src/sim/engine/index.js";
import { Stream } from "../src/sim/rng/index.js";
import type { BenchContext } from "./index.js";

const LAMBDA = 0.9;
const MU = 1.0;

export function mm1Section(ctx: BenchContext): Record<string, number> {
  const customers = ctx.quick ? 200_000 : 1_000_000;
  const arrivals = new Stream("bench.mm1.arrivals");
  const services = new Stream("bench.mm1.services");
  const engine = new Engine({ initialCapacity: 16 });
  // FIFO of arrival times as a growable ring (no per-customer objects).
  let queue = new Float64Array(1024);
  let head = 0;
  let size = 0;
  let busy = false;
  let arrived = 0;
  let served = 0;
  let waitSum = 0;
  const push = (t: number) => {
    if (size === queue.length) {
      const bigger = new Float64Array(queue.length * 2);
      for (let i = 0; i < size; i++) bigger[i] = queue[(head + i) % queue.length]!;
      queue = bigger;
      head = 0;
    }
    queue[(head + size++) % queue.length] = t;
  };
  const departure = engine.defineKind("departure", () => {
    served++;
    if (size === 0) {
      busy = false;
      return;
    }
    waitSum += engine.now - queue[head]!;
    head = (head + 1) % queue.length;
    size--;
    engine.schedule(services.exponential(MU), departure, 0);
  });
  const arrival = engine.defineKind("arrival", () => {
    arrived++;
    if (arrived < customers) engine.schedule(arrivals.exponential(LAMBDA), arrival, 0);
    if (busy) push(engine.now);
    else {
      busy = true; // served at once: waits 0
      engine.schedule(services.exponential(MU), departure, 0);
    }
  });
  engine.schedule(arrivals.exponential(LAMBDA), arrival, 0);
  const start = ctx.clock();
  const outcome = engine.run({ until: Infinity });
  const wall = (ctx.clock() - start) / 1000;
  if (served !== customers) throw new Error(`mm1: served ${served} of ${customers} customers`);
  const meanWait = waitSum / customers;
  const expected = LAMBDA / (MU * (MU - LAMBDA));
  ctx.log(`mm1  lambda=${LAMBDA} mu=${MU}, ${customers.toLocaleString("en-US")} customers`);
  ctx.log(`  events ${outcome.events.toLocaleString("en-US")}, ${Math.round(outcome.events / wall).toLocaleString("en-US")} events/s, mean wait in queue ${meanWait.toFixed(3)} (theory ${expected.toFixed(3)})`);
  return { customers, events: outcome.events, events_per_sec: Math.round(outcome.events / wall), mean_wait: Number(meanWait.toFixed(4)), theory_mean_wait: expected };
}
