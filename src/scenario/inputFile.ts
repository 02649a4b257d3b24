// Reading a file a user names (a scenario, a plugin): only a regular file
// (after symlinks) of bounded size, so /dev/zero, a FIFO, a directory or a
// 10 GB file is refused with its path instead of hanging or exhausting memory.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import type { Stats } from "node:fs";

/** Largest scenario or plugin file read (16 MiB): far above any real scenario, far below memory trouble. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

function resolved(path: string): string {
  try {
    const real = realpathSync(path);
    return real === path ? "" : ` (${path} resolves to ${real})`;
  } catch {
    return "";
  }
}

/** Why `stats` (of `path`) is not a readable input file, or undefined. */
function statsProblem(path: string, stats: Stats): string | undefined {
  if (!stats.isFile()) return `not a regular file: it is ${kindOf(stats)}${resolved(path)}`;
  if (stats.size > MAX_INPUT_BYTES) return tooLarge(stats.size);
  return undefined;
}

const tooLarge = (bytes: number | string) => `file is too large (${typeof bytes === "number" ? bytes.toLocaleString("en-US") : bytes} bytes; the limit is ${MAX_INPUT_BYTES.toLocaleString("en-US")} bytes = 16 MiB)`;

/** Why `path` cannot be used as an input file (missing, not regular, too large), or undefined; nothing is read. */
export function inputFileProblem(path: string): string | undefined {
  try {
    return statsProblem(path, statSync(path));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export type ReadResult = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/**
 * Read a regular file of at most MAX_INPUT_BYTES. The file is opened without
 * blocking (a FIFO with no writer would block the open) and checked on the
 * open descriptor, and reading stops one byte past the cap, so neither a file
 * swapped for a device nor one that grows while read (or a /proc file that
 * reports size 0) is read without end.
 */
export function readInputFile(path: string): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, message: `cannot read file: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    const stats = fstatSync(fd);
    const problem = statsProblem(path, stats);
    if (problem !== undefined) return { ok: false, message: problem };
    let buffer = Buffer.allocUnsafe(Math.min(MAX_INPUT_BYTES + 1, Math.max(65_536, stats.size + 1)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(Math.min(MAX_INPUT_BYTES + 1, buffer.length * 2));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_INPUT_BYTES) return { ok: false, message: tooLarge(`more than ${MAX_INPUT_BYTES.toLocaleString("en-US")}`) };
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, message: `cannot read file: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    closeSync(fd);
  }
}
