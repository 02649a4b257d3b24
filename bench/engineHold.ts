/**
 * Hold model on the coordsim Engine: the realistic path, where each event is
 * dispatched through the handler table and its handler reschedules itself.
 */
import { Engine } from "../src/sim/engine/index.js";
import { exponentialStream, type HoldWorkload } from "./prng.js";

/** Run the hold model on the Engine; return wall seconds and the final clock as checksum. */
export function engineHold(w: HoldWorkload, clock: () => number): { seconds: number; checksum: number } {
  const next = exponentialStream(w.seed);
  const engine = new Engine({ initialCapacity: w.pending + 1 });
  const hold = engine.defineKind("hold", (target) => {
    engine.schedule(next(), hold, target);
  });
  for (let i = 0; i < w.pending; i++) engine.scheduleAt(next(), hold, i);
  const start = clock();
  const outcome = engine.run({ until: Infinity, maxEvents: w.holds });
  const seconds = (clock() - start) / 1000;
  if (outcome.events !== w.holds) throw new Error(`engineHold: ran ${outcome.events} events, expected ${w.holds}`);
  return { seconds, checksum: engine.now };
}
