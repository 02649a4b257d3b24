// Run the CLI in-process (fast) or as a real process (for exit codes and stdio).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../../src/cli/main.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const ROOT = resolve(import.meta.dirname, "../..");

/** Call `main` with captured stdout/stderr, from the repository root. */
export async function runCli(...args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "coordsim", ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

/** Spawn the built CLI (dist/bin/coordsim.js), as a user's shell would. */
export function spawnCli(args: string[], cwd = ROOT): CliResult {
  const bin = join(ROOT, "dist/bin/coordsim.js");
  if (!existsSync(bin)) throw new Error("dist/bin/coordsim.js is missing: run `npm run build` (npm test does it first)");
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = "coordsim-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
