// The commit a build records (scripts/buildInfo.ts), which manifests carry as
// coordsim_commit (test/run.fromManifest.test.ts checks a run reads it from the build).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildCommit } from "../scripts/buildInfo.js";
import { ROOT, tempDir } from "./helpers/cli.js";

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: dir, encoding: "utf8" }).trim();
}

describe("build info: the commit coordsim was built from", () => {
  it("is the checkout's HEAD, with -dirty for changed tracked files or untracked source files", () => {
    const repo = tempDir("coordsim-buildinfo-");
    git(repo, "init", "-q");
    mkdirSync(join(repo, "src"));
    writeFileSync(join(repo, "src/a.ts"), "1\n");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "one");
    const head = git(repo, "rev-parse", "HEAD");
    expect(buildCommit(repo)).toBe(head);
    writeFileSync(join(repo, "notes.txt"), "untracked outside the source folders\n");
    expect(buildCommit(repo)).toBe(head);
    writeFileSync(join(repo, "src/b.ts"), "untracked source\n");
    expect(buildCommit(repo)).toBe(`${head}-dirty`);
    git(repo, "add", "src/b.ts");
    git(repo, "commit", "-qm", "two");
    writeFileSync(join(repo, "src/a.ts"), "2\n");
    expect(buildCommit(repo)).toBe(`${git(repo, "rev-parse", "HEAD")}-dirty`);
  });

  it("is unknown outside a git checkout, and for a folder inside another project's checkout", () => {
    expect(buildCommit(tempDir("coordsim-buildinfo-"))).toBe("unknown");
    expect(buildCommit(join(ROOT, "src"))).toBe("unknown");
  });
});
