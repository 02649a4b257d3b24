// Reading a file the user names, defensively: only regular files (a FIFO,
// device or folder is refused before reading, so /dev/zero cannot hang or
// exhaust memory), at most a given size (a file that grows while read is cut
// at the cap and refused), strictly UTF-8. Every failure is bad input naming
// the path and the OS reason.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { BadInputError } from "./errors.js";

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ?? (error instanceof Error ? error.message : String(error));
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 2 ** 20) * 10) / 10} MiB`;
}

/** The bytes of the regular file `path` (at most `maxBytes`); `what` names it in messages ("the game file"). */
export function readRegularFile(path: string, what: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new BadInputError(`${path}: cannot read ${what} (${reason(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new BadInputError(`${path}: cannot read ${what} (EISDIR: it is a folder)`);
    if (!stat.isFile()) throw new BadInputError(`${path}: cannot read ${what}: not a regular file (a device, FIFO or socket)`);
    if (stat.size > maxBytes) throw new BadInputError(`${path}: ${what} is ${mib(stat.size)}, above the limit of ${mib(maxBytes)}`);
    // Read in chunks up to the cap: st_size may be 0 (procfs) or stale.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stat.size - total, 0) + 65_536, maxBytes + 1 - total));
      let read: number;
      try {
        read = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw new BadInputError(`${path}: cannot read ${what} (${reason(error)})`);
      }
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) throw new BadInputError(`${path}: ${what} is larger than the limit of ${mib(maxBytes)}`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
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
