import { describeThrown } from "../describeThrown.js";
import { BadInputError } from "../errors.js";
import { inPluginCode } from "./processGuard.js";

/** A plugin failed to load, had the wrong shape, or threw: bad input (exit 2), naming the plugin. */
export class PluginError extends BadInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PluginError";
  }
}

/**
 * Run one piece of plugin code (a call, a property read that may be a getter or
 * a Proxy trap) under the process guard; whatever it throws, of whatever class
 * (even coordsim's own), becomes a PluginError saying `where` and `what`.
 */
export function pluginStep<T>(where: string, what: string, run: () => T): T {
  try {
    return inPluginCode(run);
  } catch (error) {
    throw new PluginError(`${where}: ${what} threw: ${describeThrown(error)}`, { cause: error });
  }
}
