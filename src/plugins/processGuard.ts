// Plugins run inside coordsim's process. While plugin code runs (its module's
// import, create(), a schema, a call), process.exit, process.reallyExit,
// process.abort and process.kill throw instead, so the plugin's caller reports
// it (exit 2, naming the plugin and the call) rather than the process ending
// with whatever code the plugin chose. In worker threads, signalling the
// process is refused at any time (a plugin's timer could otherwise kill the
// whole sweep); a late process.exit there ends only that thread.
import { isMainThread } from "node:worker_threads";

let depth = 0;
let installed = false;

function refused(name: string, args: readonly unknown[]): Error {
  const shown = args.map((a) => (typeof a === "number" || typeof a === "string" ? JSON.stringify(a) : typeof a)).join(", ");
  return new Error(`called process.${name}(${shown}); a policy plugin must not end or signal coordsim's process`);
}

function install(): void {
  if (installed) return;
  installed = true;
  const proc = process as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ["exit", "reallyExit", "abort"]) {
    const original = proc[name];
    if (typeof original !== "function") continue;
    proc[name] = function guarded(...args: unknown[]) {
      if (depth > 0) throw refused(name, args);
      return original.apply(process, args);
    };
  }
  const kill = proc.kill!;
  proc.kill = function guardedKill(...args: unknown[]) {
    const pid = args[0];
    const self = pid === process.pid || (typeof pid === "number" && pid <= 0);
    if (depth > 0 || (!isMainThread && self)) throw refused("kill", args);
    return kill.apply(process, args);
  };
}

/** Run plugin code with the process guard up. */
export function inPluginCode<T>(run: () => T): T {
  install();
  depth++;
  try {
    return run();
  } finally {
    depth--;
  }
}

/** The same for an await (a plugin module's import). */
export async function inPluginImport<T>(run: () => Promise<T>): Promise<T> {
  install();
  depth++;
  try {
    return await run();
  } finally {
    depth--;
  }
}
