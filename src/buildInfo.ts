// The git commit this copy of coordsim was built from, as recorded at build
// time by scripts/buildInfo.ts (coordsim never runs git): manifests name it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./packageRoot.js";

/** Where the build writes it, relative to the package folder. */
export const BUILD_INFO_FILE = "dist/build-info.json";

let cached: string | undefined;

/** The commit (`<sha>`, `<sha>-dirty`) or "unknown" (no build info: not built from a git checkout, or run from source unbuilt). */
export function coordsimCommit(): string {
  cached ??= readCommit();
  return cached;
}

function readCommit(): string {
  const root = packageRoot();
  if (root === null) return "unknown";
  try {
    const info = JSON.parse(readFileSync(join(root.dir, BUILD_INFO_FILE), "utf8")) as { commit?: unknown };
    return typeof info.commit === "string" && /^[0-9a-f]{40}(-dirty)?$/.test(info.commit) ? info.commit : "unknown";
  } catch {
    return "unknown";
  }
}
