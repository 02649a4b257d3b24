import { BadInputError } from "../errors.js";
/** A plugin failed to load, had the wrong shape, or threw: bad input (exit 2), naming the plugin. */
export class PluginError extends BadInputError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PluginError";
  }
}
