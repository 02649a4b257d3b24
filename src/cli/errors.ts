// Errors that map to exit codes (DESIGN §6). Anything else is an internal error (3).
import { findCause } from "../causes.js";

/** Bad usage or bad input: exit 2, message only, no stack trace. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** An error carrying its own exit code (ScenarioError, OutputDirError, ...). */
export interface CodedError {
  exitCode: number;
  message: string;
}

export function isCodedError(error: unknown): error is CodedError & Error {
  return error instanceof Error && typeof (error as Partial<CodedError>).exitCode === "number";
}

/**
 * The first error in the `cause` chain that carries an exit code. A policy plugin
 * that throws mid-run surfaces as the engine's HandlerError (naming the event,
 * time and entity) caused by a PluginError (naming the plugin and call): bad input, exit 2.
 */
export function codedCause(error: unknown): CodedError | undefined {
  return findCause(error, isCodedError);
}
