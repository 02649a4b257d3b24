// Errors wrap errors (the engine's HandlerError names the event, its cause the
// real problem); callers look down the `cause` chain for the one they handle.

/** The first error in `error`'s cause chain (itself included, at most 10 deep) that passes `test`. */
export function findCause<T extends Error>(error: unknown, test: (e: Error) => e is T): T | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (test(e)) return e;
  }
  return undefined;
}
