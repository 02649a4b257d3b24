// A broken law of the economy (docs/design.md: conservation, causality, exact splits).
// Kind `failed`, like a failed check: the input was valid, the run is wrong.
import { CoordsimError } from "../errors.js";

export class InvariantViolation extends CoordsimError {
  constructor(
    /** Catalogue name, e.g. "ledger-conservation" (src/check/invariants.ts). */
    readonly invariant: string,
    detail: string,
  ) {
    super("failed", `invariant ${invariant} violated: ${detail}`);
    this.name = "InvariantViolation";
  }
}
