import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** coordsim's version from its package.json (found upward from this file, so it works from src and dist alike). */
export function coordsimVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "coordsim" && pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return "0.0.0-unknown";
}
