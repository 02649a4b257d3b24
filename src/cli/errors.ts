// Errors that map to exit codes (DESIGN §6). Anything else is an internal error (3).

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

export function isCodedError(error: unknown): error is CodedError {
  return error instanceof Error && typeof (error as Partial<CodedError>).exitCode === "number";
}
