// What a plugin call is handed: read-only views in place of the simulation's
// own objects (the task board, the models, a fee call, a game, the validators),
// so a plugin that writes to them, or replaces their methods, changes nothing
// the world reads. The values a plugin hands back into the world through a view
// (a claim tally, a member's stream) are range-checked here.
import { PluginError } from "./pluginError.js";
import type { PolicyFamily } from "../sim/economy/families.js";

interface ViewShape {
  readonly getters: readonly string[];
  readonly methods: readonly string[];
}

const BOARD: ViewShape = { getters: ["openCount"], methods: ["openAt", "inFlight", "serial"] };
const MODELS: ViewShape = { getters: ["count"], methods: ["candidateCount", "candidate", "load", "capacity", "reputation"] };
const FEE_CALL: ViewShape = { getters: ["model", "agent"], methods: ["modelReputation", "totalStake"] };
const GAME: ViewShape = { getters: ["players", "pool"], methods: ["contribution", "provider", "quality", "unitsStart", "unitsEnd", "weight"] };
const CANDIDATES: ViewShape = { getters: ["count"], methods: ["contribution", "quality"] };
const VALIDATORS: ViewShape = { getters: ["count", "models"], methods: ["stake", "slash", "weights"] };
const POPULATION: ViewShape = { getters: ["count", "labels"], methods: ["behavior", "profit", "adoptable"] };

/** Which argument of which call is a view of which shape. */
const VIEW_ARGS: { readonly [F in PolicyFamily]?: Readonly<Record<string, readonly [number, ViewShape]>> } = {
  attribution: { credit: [0, GAME], creditCall: [0, CANDIDATES] },
  rewards: { splitFee: [2, FEE_CALL] },
  trust: { onEpoch: [1, VALIDATORS] },
  coordination: { chooseTask: [1, BOARD], onStart: [2, BOARD], onFinish: [2, BOARD] },
  routing: { chooseModel: [2, MODELS] },
  adaptation: { adapt: [0, POPULATION] },
};

/** A number as text; anything else only by its type (never the value's own toString). */
export function shown(x: unknown): string {
  return typeof x === "number" ? String(x) : `a ${typeof x}`;
}

function readOnlyView(source: Record<string, unknown>, shape: ViewShape): object {
  const view: Record<string, unknown> = {};
  for (const key of shape.getters) Object.defineProperty(view, key, { get: () => source[key], enumerable: true });
  for (const key of shape.methods) view[key] = (...args: unknown[]) => (source[key] as (...a: unknown[]) => unknown)(...args);
  return Object.freeze(view);
}

/** Builds the arguments one plugin's calls receive; views are made once per simulation object and reused. */
export function pluginArguments(family: PolicyFamily, where: string): (method: string, args: readonly unknown[]) => unknown[] {
  const views = new WeakMap<object, object>();
  const viewOf = (source: object, shape: ViewShape) => {
    let view = views.get(source);
    if (view === undefined) views.set(source, (view = readOnlyView(source as Record<string, unknown>, shape)));
    return view;
  };
  const spec = VIEW_ARGS[family] ?? {};
  return (method, args) => {
    const out = [...args];
    const at = Object.hasOwn(spec, method) ? spec[method] : undefined;
    if (at !== undefined && typeof args[at[0]] === "object" && args[at[0]] !== null) out[at[0]] = viewOf(args[at[0]] as object, at[1]);
    if (family === "adaptation" && method === "adapt") {
      out[1] = memberStreams(args[0] as { count: number }, args[1] as (i: number) => unknown, where);
      // A byte array would turn NaN into 0 and 300 into 44 before any check could see them.
      out[2] = Float64Array.from(args[2] as Uint8Array);
    }
    if (family === "coordination" && method === "attachSpread") out[0] = checkedSpreadEnv(args[0] as SpreadEnv, where);
    return out;
  };
}

/** After a call's output passed its check: copy what the plugin wrote into a stand-in (adapt's `next`) into the simulation's own array. */
export function writeBack(family: PolicyFamily, method: string, args: readonly unknown[], given: readonly unknown[]): void {
  if (family !== "adaptation" || method !== "adapt") return;
  const count = (args[0] as { count: number }).count;
  (args[2] as Uint8Array).set((given[2] as Float64Array).subarray(0, count));
}

/** `rng(i)` only for members of the population (a plugin asking for stream 1e9 would otherwise create it). */
function memberStreams(population: { count: number }, rng: (i: number) => unknown, where: string): (i: number) => unknown {
  return (i) => {
    if (!(Number.isInteger(i) && i >= 0 && i < population.count)) throw new PluginError(`${where}: adapt() asked for the stream of member ${shown(i)} (expected 0..${population.count - 1})`);
    return rng(i);
  };
}

interface SpreadEnv {
  agents: number;
  tally: { claimEnded(residue: number, messages: number): void; unheardStart(): void };
}

/** The claim tally, taking only a residue share in [0, 1] and a whole, finite number of messages. */
function checkedSpreadEnv(env: SpreadEnv, where: string): SpreadEnv {
  const tally = env.tally;
  return Object.freeze({
    agents: env.agents,
    tally: Object.freeze({
      claimEnded(residue: number, messages: number) {
        if (!(typeof residue === "number" && residue >= 0 && residue <= 1)) throw new PluginError(`${where}: tally.claimEnded() got residue ${shown(residue)} (expected a share in [0, 1])`);
        if (!(Number.isSafeInteger(messages) && messages >= 0)) throw new PluginError(`${where}: tally.claimEnded() got ${shown(messages)} messages (expected a whole number >= 0)`);
        tally.claimEnded(residue, messages);
      },
      unheardStart: () => tally.unheardStart(),
    }),
  });
}
