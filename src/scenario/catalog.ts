// The scenario loader's view of the policy registry. The caller passes one in, so
// src/scenario never imports src/policies (which depends on the simulator).
import type * as z from "zod";

/** Policy names, param schemas and descriptions per family, as the loader and docs need them. */
export interface PolicyCatalog {
  /** Policy families in display order (e.g. "rewards", "coordination", "routing"). */
  readonly families: readonly string[];
  /** Policy names of a family in display order; empty for an unknown family. */
  names(family: string): readonly string[];
  /** The params schema of a policy, or undefined if there is no such policy. */
  schema(family: string, name: string): z.ZodType | undefined;
  /** A one-sentence description of a policy, or undefined if there is no such policy. */
  description(family: string, name: string): string | undefined;
}
