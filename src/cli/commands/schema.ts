// `coordsim schema`: the scenario JSON Schema, for editor autocompletion.
import { builtinCatalog } from "../../policies/catalog.js";
import { scenarioJsonSchema, scenarioReferenceMarkdown } from "../../scenario/index.js";
import type { Outcome } from "../exitCodes.js";
import type { Io } from "../io.js";

export async function schemaCommand(options: { markdown: boolean }, io: Io): Promise<Outcome> {
  io.stdout.write(options.markdown ? scenarioReferenceMarkdown(builtinCatalog) : `${JSON.stringify(scenarioJsonSchema(builtinCatalog), null, 2)}\n`);
  return "ok";
}
