// Output folder policy: never clobber results by accident, never leave a folder
// behind for a run that did not happen.
import { existsSync, readdirSync, statSync } from "node:fs";
import { BadInputError } from "../errors.js";
import { mkdirs } from "./writable.js";
import { guardWrite } from "./writeError.js";

export class OutputDirError extends BadInputError {
  constructor(message: string) {
    super(message);
    this.name = "OutputDirError";
  }
}

function isNonEmptyDir(path: string): boolean {
  return statSync(path).isDirectory() && readdirSync(path).length > 0;
}

/**
 * Check that `dir` may receive a run's files: it must not exist as a file, and
 * must be empty unless `force`. Does not create anything.
 */
export function checkOutDir(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new OutputDirError(`--out ${dir}: exists and is not a directory`);
  if (!force && isNonEmptyDir(dir)) throw new OutputDirError(`--out ${dir}: directory is not empty (use --force to overwrite its run files, or choose another --out)`);
}

/** The first of `base`, `base-2`, `base-3`, ... that is absent or empty. */
export function freshDir(base: string): string {
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? base : `${base}-${i}`;
    if (!existsSync(candidate)) return candidate;
    if (statSync(candidate).isDirectory() && readdirSync(candidate).length === 0) return candidate;
  }
}

/** mkdir -p that names `dir` and the OS reason when it fails. */
export function ensureDir(dir: string): void {
  guardWrite(dir, () => mkdirs(dir), "cannot create the folder");
}
