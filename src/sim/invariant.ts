// A broken law of the economy (DESIGN: conservation, causality, exact splits).
// Exit code 1, like a failed check: the input was valid, the run is wrong.

export class InvariantViolation extends Error {
  readonly exitCode = 1;
  constructor(
    /** Catalogue name, e.g. "ledger-conservation" (src/check/invariants.ts). */
    readonly invariant: string,
    detail: string,
  ) {
    super(`invariant ${invariant} violated: ${detail}`);
    this.name = "InvariantViolation";
  }
}
