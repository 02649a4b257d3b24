// Atomic file writes: write a temp file beside the target, fsync, rename. A
// reader (or `--resume`) sees either the old file or the complete new one.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";

/** Beside the target; pid plus random hex, since pids repeat across the containers of a cluster sharing storage. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/** Write `data` to `path` atomically. */
export function writeFileAtomic(path: string, data: string): void {
  writeChunksAtomic(path, [data]);
}

/** Write a sequence of chunks to `path` atomically (for large files produced incrementally). */
export function writeChunksAtomic(path: string, chunks: Iterable<string>): void {
  const temp = tempPathFor(path);
  const fd = openSync(temp, "w");
  try {
    for (const chunk of chunks) writeSync(fd, chunk);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
}
