// What went wrong, as a kind, not an exit code: the layers that throw know what
// happened (bad input, a broken law), only src/cli decides what the process
// reports for it (src/cli/exitCodes.ts). Anything that is not a CoordsimError is
// a bug in coordsim. Errors wrap errors (the engine's HandlerError names the
// event, its cause the real problem), so callers look down the `cause` chain.

/**
 * - `bad-input`: a scenario, flag, file, path or user plugin is wrong (the user can fix it);
 * - `failed`: the input was valid but a law of the economy, a check or a run failed;
 * - `interrupted`: the user stopped the work (SIGINT); what finished is kept.
 */
export type ErrorKind = "bad-input" | "failed" | "interrupted";

export const ERROR_KINDS: readonly ErrorKind[] = ["bad-input", "failed", "interrupted"];

export class CoordsimError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CoordsimError";
  }
}

/** Bad input: the message names the file, line and field (or the plugin and the call). */
export class BadInputError extends CoordsimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("bad-input", message, options);
    this.name = "BadInputError";
  }
}

/** The first error in `error`'s cause chain (itself included, at most 10 deep) that passes `test`. */
export function findCause<T extends Error>(error: unknown, test: (e: Error) => e is T): T | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (test(e)) return e;
  }
  return undefined;
}

/**
 * The first coordsim error in the cause chain. Only coordsim's own classes
 * count: a property on a user's error object never decides what the CLI reports.
 */
export function coordsimCause(error: unknown): CoordsimError | undefined {
  return findCause(error, (e): e is CoordsimError => e instanceof CoordsimError);
}

/** The kind of the first coordsim error in the cause chain, or undefined for a bug. */
export function errorKind(error: unknown): ErrorKind | undefined {
  return coordsimCause(error)?.kind;
}
