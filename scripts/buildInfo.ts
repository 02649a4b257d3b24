// Run by `npm run build` after tsc: record the git commit coordsim is built
// from in dist/build-info.json, so run manifests can name it without coordsim
// ever running git itself. "unknown" when the package folder is not the top of
// a git checkout (installed from a tarball, or nested inside another project's
// repository); "<sha>-dirty" when tracked files differ from the commit or
// source folders hold untracked files.
import { execFileSync } from "node:child_process";
import { realpathSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BUILD_INFO_FILE } from "../src/buildInfo.js";

function git(root: string, args: string[]): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
}

/** The commit of the checkout at `root`, "-dirty" if it has local changes; "unknown" outside a checkout of its own. */
export function buildCommit(root: string): string {
  try {
    if (realpathSync(git(root, ["rev-parse", "--show-toplevel"])) !== realpathSync(root)) return "unknown";
    const commit = git(root, ["rev-parse", "HEAD"]);
    const changed = git(root, ["status", "--porcelain", "--untracked-files=no"]) !== "";
    const untracked = git(root, ["ls-files", "--others", "--exclude-standard", "--", "src", "bin", "scripts", "bench"]) !== "";
    return changed || untracked ? `${commit}-dirty` : commit;
  } catch {
    return "unknown";
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]).endsWith(join("scripts", "buildInfo.js"));
if (isMain) {
  const root = resolve(import.meta.dirname, "../..");
  writeFileSync(join(root, BUILD_INFO_FILE), `${JSON.stringify({ commit: buildCommit(root) })}\n`);
}
