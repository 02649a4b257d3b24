import type * as z from "zod";
import type { Stream } from "../sim/rng/index.js";
import type { EconomyPolicies } from "../sim/economy/seams.js";

/** What a policy factory receives besides its params. */
export interface PolicyContext {
  /**
   * A stream private to this policy. Policies draw only from their own streams,
   * so switching policy never shifts the world's exogenous draws (common random numbers).
   */
  stream(name: string): Stream;
}

/** One registered policy: validated params in, a small typed interface out. */
export interface PolicyDefinition<I, P = unknown> {
  name: string;
  description: string;
  /** Params schema; defaults documented with `.describe()`; unknown keys rejected. */
  schema: z.ZodType<P>;
  create(params: P, ctx: PolicyContext): I;
}

/** The interface each family's policies implement (the world's seams). */
export type PolicyInterfaces = EconomyPolicies;
export { POLICY_FAMILIES, type PolicyFamily } from "../sim/economy/families.js";
