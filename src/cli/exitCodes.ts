// The one table from what happened to the process's exit status (docs/design.md, Errors and exit codes).
// Errors carry a kind (src/errors.ts); commands return an outcome; only this
// table knows the numbers, and only bin/ sets the status.
import type { ErrorKind } from "../errors.js";

/** How a command ended: fine, or one of the error kinds. */
export type Outcome = "ok" | ErrorKind;

export const EXIT_CODES = {
  ok: 0,
  /** A check, an invariant or a run failed; the input was valid. */
  failed: 1,
  /** Usage, scenario, file, path or plugin problem: the message says what to fix. */
  "bad-input": 2,
  /** Anything that is not a coordsim error: a bug in coordsim. */
  internal: 3,
  /** Stopped by SIGINT (128 + 2, as shells report it). */
  interrupted: 130,
} as const satisfies Record<Outcome | "internal", number>;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export function exitCodeOf(outcome: Outcome | "internal"): ExitCode {
  return EXIT_CODES[outcome];
}
