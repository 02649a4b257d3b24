import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** coordsim's install folder and package.json, found upward from this file (so it works from src and dist alike). */
export function packageRoot(): { dir: string; version: string } | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "coordsim") return { dir, version: pkg.version ?? "0.0.0-unknown" };
    }
    dir = dirname(dir);
  }
  return null;
}
