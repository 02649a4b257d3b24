// `coordsim validate <files...>`: schema check only; reports every file, exits 2 if any is bad.
import { loadScenarioIsolated } from "../../runner/sweep/isolatedLoad.js";
import { coordsimCause } from "../../errors.js";
import type { Outcome } from "../exitCodes.js";
import type { Io } from "../io.js";

export async function validateCommand(files: string[], options: { set: string[]; quiet: boolean }, io: Io): Promise<Outcome> {
  let bad = 0;
  for (const file of files) {
    try {
      const scenario = await loadScenarioIsolated({ file, overrides: options.set });
      if (!options.quiet) io.stderr.write(`ok ${file} (${scenario.name})\n`);
    } catch (error) {
      const known = coordsimCause(error);
      if (known === undefined) throw error;
      bad++;
      io.stderr.write(`${known.message}\n`);
    }
  }
  return bad > 0 ? "bad-input" : "ok";
}
