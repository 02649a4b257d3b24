// A failed write to an output path is bad input (the user picked the path, or
// the disk is full), never a coordsim bug: it names the path and the OS reason
// (ENOSPC, EROFS, ENOTDIR, EACCES...), and the CLI exits 2.
import { getSystemErrorName } from "node:util";
import { BadInputError } from "../errors.js";

export class OutputWriteError extends BadInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OutputWriteError";
  }
}

/** An error from the operating system (it has an errno code such as ENOSPC). */
export function isFsError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && /^E[A-Z0-9]+$/.test((error as NodeJS.ErrnoException).code!);
}

/** "ENOSPC (no space left on device)" from Node's "ENOSPC: no space left on device, write". */
export function fsReason(error: NodeJS.ErrnoException & { code: string }): string {
  const text = /^[A-Z0-9]+: ([^,]+)/.exec(error.message)?.[1];
  return text === undefined ? error.code : `${error.code} (${text})`;
}

/** Run `write`; an OS error becomes an OutputWriteError naming `path` (what the user asked for, not a temp file). */
export function guardWrite<T>(path: string, write: () => T, what = "cannot write"): T {
  try {
    return write();
  } catch (error) {
    throw asWriteError(path, error, what);
  }
}

/**
 * `error` as an OutputWriteError naming `path`, if it is an OS error (or a
 * write error caused by one, whose path was a temp file); otherwise unchanged.
 */
export function asWriteError(path: string, error: unknown, what = "cannot write"): unknown {
  const os = error instanceof OutputWriteError ? error.cause : error;
  const reason = isFsError(os) ? fsReason(os) : nativeOsReason(os);
  if (reason === undefined) return error;
  return new OutputWriteError(`${path || '""'}: ${what}: ${reason}`, { cause: os });
}

/**
 * The notebook bundler (native code) reports a failed write as text: "No
 * space left on device (os error 28)". Its errno, as "ENOSPC (no space left
 * on device)", or undefined for any other error.
 */
function nativeOsReason(error: unknown): string | undefined {
  const match = error instanceof Error ? /([^\n:]+?) \(os error (\d+)\)/.exec(error.message) : null;
  if (match === null) return undefined;
  let code: string;
  try {
    code = getSystemErrorName(-Number(match[2]));
  } catch {
    return undefined;
  }
  return `${code} (${match[1]!.trim().toLowerCase()})`;
}
