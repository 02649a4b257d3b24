// Reading a file the user names, defensively: only regular files (a FIFO,
// device or folder is refused before reading, so /dev/zero cannot hang or
// exhaust memory), at most a given size (a file that grows while read, or a
// /proc file reporting size 0, is cut one byte past the cap and refused).
// readBoundedFile is the one reader; callers word its problems their way
// (scenario files as line-less scenario issues, others as bad input).
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import type { Stats } from "node:fs";
import { BadInputError } from "./errors.js";

export type BoundedReadProblem =
  /** `reason`: the OS code (ENOENT...); `message`: the OS's whole message. */
  | { code: "cannot-open" | "cannot-read"; reason: string; message: string }
  | { code: "not-regular"; kind: string }
  /** `size` is undefined when the file grew past the cap while read. */
  | { code: "too-large"; size: number | undefined };

export type BoundedRead = { ok: true; bytes: Buffer } | { ok: false; problem: BoundedReadProblem };

/** What a non-regular file is ("a directory", "a FIFO", ...). */
export function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

function osProblem(code: "cannot-open" | "cannot-read", error: unknown): BoundedReadProblem {
  const message = error instanceof Error ? error.message : String(error);
  return { code, reason: (error as NodeJS.ErrnoException).code ?? message, message };
}

/**
 * The bytes of the regular file `path`, at most `maxBytes`. Opened without
 * blocking (a FIFO with no writer would block the open) and checked on the
 * open descriptor, so a file swapped for a device after a stat is refused too.
 */
export function readBoundedFile(path: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, problem: osProblem("cannot-open", error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, problem: { code: "not-regular", kind: fileKind(stats) } };
    if (stats.size > maxBytes) return { ok: false, problem: { code: "too-large", size: stats.size } };
    // Read in chunks up to the cap: st_size may be 0 (procfs) or stale.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stats.size - total, 0) + 65_536, maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) return { ok: false, problem: { code: "too-large", size: undefined } };
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    return { ok: false, problem: osProblem("cannot-read", error) };
  } finally {
    closeSync(fd);
  }
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 2 ** 20) * 10) / 10} MiB`;
}

/** The bytes of the regular file `path` (at most `maxBytes`); `what` names it in messages ("the game file"). */
export function readRegularFile(path: string, what: string, maxBytes: number): Buffer {
  const read = readBoundedFile(path, maxBytes);
  if (read.ok) return read.bytes;
  const { problem } = read;
  switch (problem.code) {
    case "cannot-open":
    case "cannot-read":
      throw new BadInputError(`${path}: cannot read ${what} (${problem.reason})`);
    case "not-regular":
      if (problem.kind === "a directory") throw new BadInputError(`${path}: cannot read ${what} (EISDIR: it is a folder)`);
      throw new BadInputError(`${path}: cannot read ${what}: not a regular file (a device, FIFO or socket)`);
    case "too-large":
      if (problem.size === undefined) throw new BadInputError(`${path}: ${what} is larger than the limit of ${mib(maxBytes)}`);
      throw new BadInputError(`${path}: ${what} is ${mib(problem.size)}, above the limit of ${mib(maxBytes)}`);
  }
}

/** The text of a regular UTF-8 file (a leading BOM dropped); an invalid byte is reported with its line. */
export function readTextFile(path: string, what: string, maxBytes: number): string {
  const bytes = readRegularFile(path, what, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder("utf-8").decode(bytes);
    const line = lossy.slice(0, Math.max(0, lossy.indexOf("\uFFFD"))).split("\n").length;
    throw new BadInputError(`${path}:${line}: ${what} is not UTF-8 text (an invalid byte on this line; is it a binary file?)`);
  }
}
