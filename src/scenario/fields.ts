// Field builders for the scenario schema. Every numeric field produces the same
// message shape for every way it can be wrong ("expected a number in [0,1], got
// "high""), which is what a user reading an error wants to see.
import * as z from "zod";
import { isCountMix } from "../sim/economy/behaviors.js";

/** Render a user-supplied value for an error message, truncated so a huge value cannot flood stderr. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export interface NumberConstraints {
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  gt?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Require an integer (safe integer range). */
  int?: boolean;
}

function describeNumber(c: NumberConstraints): string {
  const noun = c.int ? "an integer" : "a number";
  if (c.min !== undefined && c.max !== undefined) return `${noun} in [${c.min},${c.max}]`;
  if (c.gt !== undefined && c.max !== undefined) return `${noun} in (${c.gt},${c.max}]`;
  if (c.min !== undefined) return `${noun} >= ${c.min}`;
  if (c.gt !== undefined) return `${noun} > ${c.gt}`;
  if (c.max !== undefined) return `${noun} <= ${c.max}`;
  return noun;
}

/** A finite number (or integer) with bounds; every failure reads "expected <range>, got <value>". */
export function num(c: NumberConstraints = {}): z.ZodNumber {
  const wanted = describeNumber(c);
  const error = { error: (iss: { input?: unknown }) => `expected ${wanted}, got ${showValue(iss.input)}` };
  let schema = c.int ? z.number(error).int(error) : z.number(error);
  if (c.min !== undefined) schema = schema.min(c.min, error);
  if (c.gt !== undefined) schema = schema.gt(c.gt, error);
  if (c.max !== undefined) schema = schema.max(c.max, error);
  return schema;
}

/** A probability or share in [0,1]. */
export const prob = (): z.ZodNumber => num({ min: 0, max: 1 });
/** A non-negative integer amount of micro-units (1 unit = 1,000,000 micro). */
export const micro = (): z.ZodNumber => num({ min: 0, max: Number.MAX_SAFE_INTEGER, int: true });
/** A count of entities. */
export const count = (min = 0): z.ZodNumber => num({ min, max: 10_000_000, int: true });
/** A duration or time interval in simulated hours, strictly positive. */
export const hours = (): z.ZodNumber => num({ gt: 0, max: 1e9 });

const distributionShape = () => ({
  fixed: num({ min: 0 }).optional().describe("Always this value."),
  uniform: z
    .tuple([num({ min: 0 }), num({ min: 0 })], {
      error: (iss) => `expected [min, max], got ${showValue(iss.input)}`,
    })
    .refine(([a, b]) => a <= b, { error: "expected [min, max] with min <= max" })
    .optional()
    .describe("Uniform on [min, max]."),
  exponential: z.object({ mean: num({ gt: 0 }) }).strict().optional().describe("Exponential with this mean."),
  lognormal: z
    .object({ mu: num(), sigma: num({ min: 0, max: 10 }) })
    .strict()
    .optional()
    .describe("exp(Normal(mu, sigma))."),
});

const exactlyOne = (keys: string) => ({ error: `expected exactly one of ${keys}` });
const oneGiven = (d: object) => Object.values(d).filter((v) => v !== undefined).length === 1;

/**
 * A distribution of non-negative values, written as exactly one of
 * `{ fixed: v }`, `{ uniform: [a, b] }`, `{ exponential: { mean } }`,
 * `{ lognormal: { mu, sigma } }`.
 */
export const distribution = () => z.object(distributionShape()).strict().refine(oneGiven, exactlyOne("fixed, uniform, exponential, lognormal"));

/** Per-entity amounts of micro-units: an explicit list (one per entity) or a distribution drawn per entity. */
export const stakeSpec = () =>
  z
    .object({ explicit: z.array(micro()).min(1).optional().describe("One amount per entity, in id order."), ...distributionShape() })
    .strict()
    .refine(oneGiven, exactlyOne("explicit, fixed, uniform, exponential, lognormal"));

export type Distribution = z.output<ReturnType<typeof distribution>>;

/**
 * A behaviour mix: per behaviour label, either a fraction (the fractions sum to
 * 1) or a whole count (the counts sum to the population's count, checked by the
 * scenario where the count is known: see `mixProblem`). Only the labels given
 * are allowed, so a typo ("honnest") is an error rather than a silent 0.
 */
export function mix<const L extends readonly [string, ...string[]]>(labels: L, fallback: Partial<Record<L[number], number>>) {
  const shape = Object.fromEntries(labels.map((l) => [l, num({ min: 0, max: 10_000_000 }).optional()])) as Record<L[number], z.ZodOptional<z.ZodNumber>>;
  return z.object(shape).strict().default(fallback as never);
}


/** Why a mix is invalid for a population of `count`, or undefined when it is fractions summing to 1 or whole counts summing to `count`. */
export function mixProblem(m: Partial<Record<string, number>>, count: number, countField: string): string | undefined {
  if (!isCountMix(m)) return undefined;
  const sum = Object.values(m).reduce<number>((total, v) => total + (v ?? 0), 0);
  const whole = Object.values(m).every((v) => v === undefined || Number.isInteger(v));
  if (whole && sum === count) return undefined;
  return `expected fractions summing to 1 (or whole counts summing to ${countField} = ${count}), got a sum of ${Number(sum.toFixed(9))}`;
}
