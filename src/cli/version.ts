import { packageRoot } from "../packageRoot.js";

/** coordsim's version from its package.json. */
export function coordsimVersion(): string {
  return packageRoot()?.version ?? "0.0.0-unknown";
}
