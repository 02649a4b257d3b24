// Atomic file writes: write a temp file beside the target, fsync, rename. A
// reader (or `--resume`) sees either the old file or the complete new one, and
// a failed write leaves neither a temp file nor a partial target behind.
import { closeSync, fsyncSync, lstatSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { OutputWriteError, asWriteError } from "./writeError.js";

/** Beside the target; pid plus random hex, since pids repeat across the containers of a cluster sharing storage. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/** What a written file holds, as a run's manifest records it (and `--resume` and `merge` verify it). */
export interface FileDigest {
  bytes: number;
  sha256: string;
}

/** Write `data` to `path` atomically. */
export function writeFileAtomic(path: string, data: string): FileDigest {
  return writeChunksAtomic(path, [data]);
}

/** Refuse to replace a folder, device or other non-file with a file (rename would fail late, or replace a device node). */
function checkTarget(path: string): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return; // absent (or unreachable: the write below reports why)
  }
  if (stat.isDirectory()) throw new OutputWriteError(`${path}: is a folder (give a file path)`);
  if (!stat.isFile() && !stat.isSymbolicLink()) throw new OutputWriteError(`${path}: exists and is not a regular file`);
}

/** Write a sequence of chunks to `path` atomically (for large files produced incrementally). OS errors name `path`. */
export function writeChunksAtomic(path: string, chunks: Iterable<string>): FileDigest {
  checkTarget(path);
  const temp = tempPathFor(path);
  const hash = createHash("sha256");
  let bytes = 0;
  let fd: number | undefined;
  let renamed = false;
  try {
    fd = openSync(temp, "wx");
    for (const chunk of chunks) {
      const buffer = Buffer.from(chunk, "utf8");
      writeAll(fd, buffer);
      hash.update(buffer);
      bytes += buffer.length;
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
    renamed = true;
  } catch (error) {
    throw asWriteError(path, error);
  } finally {
    if (fd !== undefined) closeQuietly(fd);
    if (!renamed) removeQuietly(temp);
  }
  return { bytes, sha256: hash.digest("hex") };
}

/** writeSync may write less than asked (a nearly full disk): loop until all is written. */
export function writeAll(fd: number, buffer: Uint8Array): void {
  for (let offset = 0; offset < buffer.length; ) offset += writeSync(fd, buffer, offset, buffer.length - offset);
}

/** Remove a file coordsim created, ignoring failure (the original error is the one to report). */
export function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // nothing more can be done; the caller reports the original error
  }
}

export function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // the write already failed; that error is the one to report
  }
}
