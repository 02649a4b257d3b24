// Reading a file a user names (a scenario, a plugin): only a regular file
// (after symlinks) of bounded size, so /dev/zero, a FIFO, a directory or a
// 10 GB file is refused with its path instead of hanging or exhausting memory.
// The reading itself is src/inputFile.ts's; this module words its problems.
import { realpathSync, statSync } from "node:fs";
import { fileKind, readBoundedFile, type BoundedReadProblem } from "../inputFile.js";

/** Largest scenario or plugin file read (16 MiB): far above any real scenario, far below memory trouble. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

function resolved(path: string): string {
  try {
    const real = realpathSync(path);
    return real === path ? "" : ` (${path} resolves to ${real})`;
  } catch {
    return "";
  }
}

const tooLarge = (bytes: number | string) => `file is too large (${typeof bytes === "number" ? bytes.toLocaleString("en-US") : bytes} bytes; the limit is ${MAX_INPUT_BYTES.toLocaleString("en-US")} bytes = 16 MiB)`;

function problemText(path: string, problem: BoundedReadProblem): string {
  switch (problem.code) {
    case "cannot-open":
    case "cannot-read":
      return `cannot read file: ${problem.message}`;
    case "not-regular":
      return `not a regular file: it is ${problem.kind}${resolved(path)}`;
    case "too-large":
      return tooLarge(problem.size ?? `more than ${MAX_INPUT_BYTES.toLocaleString("en-US")}`);
  }
}

/** Why `path` cannot be used as an input file (missing, not regular, too large), or undefined; nothing is read. */
export function inputFileProblem(path: string): string | undefined {
  try {
    const stats = statSync(path);
    if (!stats.isFile()) return problemText(path, { code: "not-regular", kind: fileKind(stats) });
    if (stats.size > MAX_INPUT_BYTES) return problemText(path, { code: "too-large", size: stats.size });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** Read a regular file of at most MAX_INPUT_BYTES (see readBoundedFile). */
export function readInputFile(path: string): ReadResult {
  const read = readBoundedFile(path, MAX_INPUT_BYTES);
  return read.ok ? read : { ok: false, message: problemText(path, read.problem) };
}
