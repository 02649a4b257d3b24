// The data properties a plugin's policy object may declare (besides its
// methods), read once when it is created and checked: attribution `axioms` and
// `credits`, adaptation `every`, trust `emission` (whose shares are checked on
// every read, since the settlement pays by them).
import type { EmissionShares } from "../sim/economy/seams.js";
import type { PolicyFamily } from "../sim/economy/families.js";
import { PluginError, pluginStep } from "./pluginError.js";
import { shown } from "./views.js";

const AXIOMS = ["efficiency", "symmetry"];

function finiteNonNegative(x: unknown): x is number {
  return typeof x === "number" && x >= 0 && Number.isFinite(x);
}

function checkedEmission(emission: object, where: string): EmissionShares {
  const read = (key: string) => pluginStep(where, `reading emission.${key}`, () => (emission as Record<string, unknown>)[key]);
  const weight = (key: "minerWeight" | "validatorWeight" | "consensus") => {
    const fn = read(key);
    if (typeof fn !== "function") throw new PluginError(`${where}: emission.${key} must be a function`);
    return (i: number): number => {
      const w = pluginStep(where, `emission.${key}(${i})`, () => fn.call(emission, i) as unknown);
      if (!finiteNonNegative(w)) throw new PluginError(`${where}: emission.${key}(${i}) returned ${shown(w)} (expected a finite number >= 0)`);
      return w;
    };
  };
  const minerWeight = weight("minerWeight");
  const validatorWeight = weight("validatorWeight");
  const consensus = weight("consensus");
  return {
    get split() {
      const split = pluginStep(where, "reading emission.split", () => {
        const s = (emission as { split?: Record<string, unknown> }).split;
        return { miners: s?.miners, validators: s?.validators, owner: s?.owner };
      });
      const { miners, validators, owner } = split;
      if (!finiteNonNegative(miners) || !finiteNonNegative(validators) || !finiteNonNegative(owner) || Math.abs(miners + validators + owner - 1) > 1e-9) {
        throw new PluginError(`${where}: emission.split is { miners: ${shown(miners)}, validators: ${shown(validators)}, owner: ${shown(owner)} } (expected fractions >= 0 summing to 1)`);
      }
      return { miners, validators, owner };
    },
    minerWeight,
    validatorWeight,
    consensus,
  };
}

/** The checked data properties of a plugin's policy object, to copy onto its wrapper. */
export function pluginProperties(family: PolicyFamily, read: (key: string) => unknown, where: string): Record<string, unknown> {
  if (family === "adaptation") {
    const every = read("every");
    // Infinity would switch adaptation off silently (the flow schedules only finite periods).
    if (!(typeof every === "number" && every > 0 && Number.isFinite(every))) throw new PluginError(`${where}: adaptation policies need a positive, finite number \`every\` (hours), got ${shown(every)}`);
    return { every };
  }
  if (family === "attribution") {
    const out: Record<string, unknown> = {};
    const axioms = read("axioms");
    if (axioms !== undefined) {
      const list = pluginStep(where, "reading axioms", () => (Array.isArray(axioms) ? Array.from(axioms as unknown[]) : undefined));
      if (list === undefined || !list.every((a) => AXIOMS.includes(a as string))) throw new PluginError(`${where}: axioms must be a list of ${AXIOMS.map((a) => `"${a}"`).join(", ")}`);
      out.axioms = Object.freeze(list);
    }
    const credits = read("credits");
    if (credits !== undefined) {
      if (credits !== "relative" && credits !== "absolute") throw new PluginError(`${where}: credits must be "relative" or "absolute", got ${typeof credits === "string" ? JSON.stringify(credits) : shown(credits)}`);
      out.credits = credits;
    }
    return out;
  }
  if (family === "trust") {
    const emission = read("emission");
    if (emission === undefined) return {};
    if (typeof emission !== "object" || emission === null) throw new PluginError(`${where}: emission must be an object { split, minerWeight, validatorWeight, consensus }`);
    return { emission: checkedEmission(emission, where) };
  }
  return {};
}
