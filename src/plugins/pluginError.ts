/** A plugin failed to load, had the wrong shape, or threw: bad input (exit 2), naming the plugin. */
export class PluginError extends Error {
  readonly exitCode = 2;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PluginError";
  }
}
