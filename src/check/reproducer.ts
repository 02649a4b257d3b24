// The reproducer a failed check leaves behind: the original scenario file
// (comments kept) with the shrunk case's seed and overrides written in, the
// check and sweep blocks removed, and plugin paths re-pointed from its folder.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../output/atomic.js";
import { guardWrite } from "../output/writeError.js";
import { mkdirs } from "../output/writable.js";
import { rewriteScenario } from "../scenario/rewrite.js";

export interface ReproducerInput {
  file: string;
  text: string;
  seed: number;
  overrides: string[];
  invariant: string;
  message: string;
  dir: string;
  name: string;
}

function freshFile(dir: string, base: string): string {
  for (let i = 1; ; i++) {
    const path = join(dir, i === 1 ? `${base}.yaml` : `${base}-${i}.yaml`);
    if (!existsSync(path)) return path;
  }
}

/** Write the reproducer and return its path. */
export function writeReproducer(r: ReproducerInput): string {
  guardWrite(`--repro-dir ${r.dir}`, () => mkdirs(r.dir), "cannot create the folder");
  const path = freshFile(r.dir, `${r.name}-${r.invariant}`);
  const doc = rewriteScenario({ file: r.file, text: r.text, target: path, overrides: r.overrides, drop: ["check", "sweep"], seed: r.seed });
  const header = [
    ` Reproducer written by coordsim check from ${r.file}`,
    ` ${r.message.split("\n")[0]}`,
    ` Shrunk case: seed ${r.seed}${r.overrides.length > 0 ? `, ${r.overrides.join(", ")}` : ""}`,
    ` Reproduce with: coordsim run ${path}`,
  ].join("\n");
  doc.commentBefore = doc.commentBefore ? `${header}\n\n${doc.commentBefore}` : header;
  writeFileAtomic(path, doc.toString());
  return path;
}
