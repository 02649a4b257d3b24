/**
 * `npm run bench` entry. Each section is a named function returning its JSON
 * fragment; results.json maps section name -> fragment. Add a section by
 * appending to SECTIONS. `--quick` shrinks every workload but keeps the keys.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { attributionSection } from "./attribution.js";
import { crnSection } from "./crn.js";
import { economyBaselineSection } from "./economyBaseline.js";
import { engineHold } from "./engineHold.js";
import { referenceHold } from "./heapReference.js";
import { mm1Section } from "./mm1.js";
import { longTablesSection } from "./longTables.js";
import { largeSection, scalingSection } from "./scaling.js";
import { sweepSection } from "./sweep.js";
import type { HoldWorkload } from "./prng.js";

export interface BenchContext {
  quick: boolean;
  /** The command line's arguments (section options such as --fixed-domains). */
  args: readonly string[];
  /** Wall clock in milliseconds (bench code only; src/sim must never read it). */
  clock: () => number;
  /** Print one line of human-readable output. */
  log: (line: string) => void;
}

export type BenchFragment = Record<string, unknown>;

export interface BenchSection {
  name: string;
  /** Returns the keys this section adds to results.json (usually `{ [name]: {...} }`). */
  run: (ctx: BenchContext) => BenchFragment | Promise<BenchFragment>;
}

/** A section whose figures go under its own name. */
function keyed(name: string, run: (ctx: BenchContext) => Record<string, number> | Promise<Record<string, number>>): BenchSection {
  return { name, run: async (ctx) => ({ [name]: await run(ctx) }) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Engine vs bare heap on the hold model, interleaved so drift hits both alike. */
function engineHoldSection(ctx: BenchContext): Record<string, number> {
  const w: HoldWorkload = { pending: 10_000, holds: ctx.quick ? 200_000 : 2_000_000, seed: 42 };
  const reps = ctx.quick ? 7 : 9;
  const warmups = ctx.quick ? 1 : 2;
  const refRates: number[] = [];
  const engRates: number[] = [];
  for (let r = 0; r < warmups + reps; r++) {
    // Alternate which loop goes first so neither always runs on a warmer/colder machine
    // (object literals evaluate their properties in order).
    const { reference, engine } =
      r % 2 === 0
        ? { reference: referenceHold(w, ctx.clock), engine: engineHold(w, ctx.clock) }
        : { engine: engineHold(w, ctx.clock), reference: referenceHold(w, ctx.clock) };
    if (reference.checksum !== engine.checksum) {
      throw new Error(`engine_hold: workloads diverged (reference ${reference.checksum}, engine ${engine.checksum})`);
    }
    if (r < warmups) continue;
    refRates.push(w.holds / reference.seconds);
    engRates.push(w.holds / engine.seconds);
  }
  const engineRate = median(engRates);
  const refRate = median(refRates);
  const ratio = engineRate / refRate;
  ctx.log(`engine_hold  pending=${w.pending} holds=${w.holds} reps=${reps} (median)`);
  ctx.log(`  ${"loop".padEnd(12)}${"events/s".padStart(14)}`);
  ctx.log(`  ${"reference".padEnd(12)}${fmt(refRate).padStart(14)}`);
  ctx.log(`  ${"engine".padEnd(12)}${fmt(engineRate).padStart(14)}`);
  ctx.log(`  ${"ratio".padEnd(12)}${ratio.toFixed(3).padStart(14)}   (target >= 0.7)`);
  return {
    events_per_sec: Math.round(engineRate),
    reference_events_per_sec: Math.round(refRate),
    ratio: Number(ratio.toFixed(4)),
  };
}

function fmt(rate: number): string {
  return Math.round(rate).toLocaleString("en-US");
}

export const SECTIONS: BenchSection[] = [
  keyed("engine_hold", engineHoldSection),
  keyed("mm1", mm1Section),
  keyed("economy_baseline", economyBaselineSection),
  {
    name: "scaling",
    run: (ctx) => {
      const { rows, exponent, hours } = scalingSection(ctx);
      return { scaling: rows, scaling_exponent: exponent, scaling_hours: hours };
    },
  },
  keyed("large", largeSection),
  keyed("attribution", attributionSection),
  keyed("sweep", sweepSection),
  keyed("long_tables", longTablesSection),
  keyed("crn", crnSection),
];

async function main(argv: string[]): Promise<void> {
  const ctx: BenchContext = {
    quick: argv.includes("--quick"),
    args: argv,
    clock: () => performance.now(),
    log: (line) => console.log(line),
  };
  const out: BenchFragment = {};
  const only = argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
  for (const section of SECTIONS) if (only === undefined || only.includes(section.name)) Object.assign(out, await section.run(ctx));
  // npm runs scripts from the package root, so this lands in <root>/bench/.
  const file = resolve(process.cwd(), "bench", "results.json");
  writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
  ctx.log(`wrote ${file}${ctx.quick ? " (--quick)" : ""}`);
}

await main(process.argv.slice(2));
