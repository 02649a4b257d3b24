// Check an output path can be written before any work is done (a run must not
// simulate for an hour and then find the disk full or the path impossible):
// create the missing parent folders, write and remove a probe file where the
// output will go. The claim's undo() removes the folders it created, for a
// command that then fails before it wrote its output.
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { closeQuietly, removeQuietly, tempPathFor } from "./atomic.js";
import { OutputWriteError, asWriteError } from "./writeError.js";

/** Enough bytes to need a data block: a full disk refuses them, where an empty file might still fit. */
const PROBE_BYTES = 4096;

export interface OutputClaim {
  /** Remove the parent folders the probe created (only call it when the command failed). */
  undo(): void;
}

const NO_CLAIM: OutputClaim = { undo: () => {} };

function refuseEmpty(target: string, flag: string): void {
  if (target.trim() === "") throw new OutputWriteError(`${flag} ${JSON.stringify(target)}: empty path`);
}

/** What is at `path` without following a final symlink, or undefined. A dangling symlink is refused (a write would fail or land elsewhere). */
function kindOf(path: string, flag: string): "dir" | "file" | "other" | undefined {
  let link;
  try {
    link = lstatSync(path);
  } catch {
    return undefined;
  }
  if (!link.isSymbolicLink()) return link.isDirectory() ? "dir" : link.isFile() ? "file" : "other";
  try {
    const target = statSync(path);
    return target.isDirectory() ? "dir" : target.isFile() ? "file" : "other";
  } catch (error) {
    throw asWriteError(`${flag} ${path}`, error, "is a symbolic link to a missing or unreachable target");
  }
}

/** The nearest ancestor of `dir` (itself included) that exists but is not a folder: mkdir -p cannot get past it. */
function fileInTheWay(dir: string): string | undefined {
  for (let path = dir; ; path = dirname(path)) {
    const kind = statOrUndefined(path);
    if (kind !== undefined) return kind.isDirectory() ? undefined : path;
    if (dirname(path) === path) return undefined;
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * mkdir -p, one level at a time from the nearest existing ancestor; returns
 * the first folder created, if any. (Node's recursive mkdir loops forever
 * where mkdir fails with ENOENT under an existing folder, as in /proc.)
 */
export function mkdirs(dir: string): string | undefined {
  const missing: string[] = [];
  for (let path = resolve(dir); statOrUndefined(path) === undefined; path = dirname(path)) {
    missing.push(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing.reverse()) mkdirSync(path);
  return missing[0];
}

/** Create `dir` and its parents; returns the first folder created (to undo), if any. */
function makeDirs(dir: string, flag: string, label: string): string | undefined {
  const file = fileInTheWay(dir);
  if (file !== undefined) throw new OutputWriteError(`${flag} ${label}: cannot create the folder: ENOTDIR (${file} is a file, not a folder)`);
  try {
    return mkdirs(dir);
  } catch (error) {
    throw asWriteError(`${flag} ${label}`, error, "cannot create the folder");
  }
}

/** Write PROBE_BYTES to a temp file in `dir`, fsync, remove it. */
function probeIn(dir: string, name: string, flag: string, label: string): void {
  const probe = tempPathFor(join(dir, name));
  let fd: number | undefined;
  try {
    fd = openSync(probe, "wx");
    const bytes = Buffer.alloc(PROBE_BYTES);
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    const open = fd;
    fd = undefined;
    closeSync(open);
  } catch (error) {
    throw asWriteError(`${flag} ${label}`, error);
  } finally {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(probe);
  }
}

function claimOf(created: string | undefined): OutputClaim {
  return created === undefined ? NO_CLAIM : { undo: () => removeQuietly(created) };
}

/**
 * An output folder `dir` (created later, as a sibling temp folder renamed into
 * place, or filled if it exists): its parent must be writable, and so must
 * `dir` itself if it exists already.
 */
export function claimOutputDir(dir: string, flag = "--out"): OutputClaim {
  refuseEmpty(dir, flag);
  const kind = kindOf(dir, flag);
  if (kind === "file" || kind === "other") throw new OutputWriteError(`${flag} ${dir}: exists and is not a folder`);
  const parent = dirname(resolve(dir));
  const created = makeDirs(parent, flag, dir);
  try {
    probeIn(parent, basename(resolve(dir)), flag, dir);
    if (kind === "dir") probeIn(dir, ".coordsim-probe", flag, dir);
  } catch (error) {
    if (created !== undefined) removeQuietly(created);
    throw error;
  }
  return claimOf(created);
}

/** An output file `file` (written atomically at the end, as a temp file beside it renamed into place). */
export function claimOutputFile(file: string, flag = "--out"): OutputClaim {
  refuseEmpty(file, flag);
  const kind = kindOf(file, flag);
  if (kind === "dir") throw new OutputWriteError(`${flag} ${file}: is a folder (give a file path)`);
  if (kind === "other") throw new OutputWriteError(`${flag} ${file}: exists and is not a regular file`);
  const parent = dirname(resolve(file));
  const created = makeDirs(parent, flag, file);
  try {
    probeIn(parent, basename(resolve(file)), flag, file);
  } catch (error) {
    if (created !== undefined) removeQuietly(created);
    throw error;
  }
  return claimOf(created);
}
