// `coordsim attribute <game.json> --policy NAME [--samples N] [--seed S] [--param name=value ...]`: the
// attribution values of a standalone cooperative game, as {"values": [...]} on stdout.
import { readFile } from "node:fs/promises";
import { GameFileError, parseGameFile } from "../../policies/attribution/gameFile.js";
import { AttributionInputError } from "../../policies/attribution/game.js";
import { attributeValues } from "../../policies/attribution/standalone.js";
import type { Outcome } from "../exitCodes.js";
import type { Io } from "../io.js";

export interface AttributeCommandOptions {
  policy: string;
  samples?: number;
  seed?: number;
  /** `name=value` policy params (repeatable `--param`). */
  param?: string[];
}

/** Print one raw value per player (null where the rule leaves it undefined); bad input throws a BadInputError. */
export async function attributeCommand(file: string, options: AttributeCommandOptions, io: Io): Promise<Outcome> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new GameFileError(file, "", `cannot read the game file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const game = parseGameFile(text, file);
  let values: Float64Array;
  try {
    values = attributeValues(game, options.policy, { samples: options.samples, seed: options.seed, params: options.param ?? [] });
  } catch (error) {
    if (error instanceof AttributionInputError) error.message = `${file}: ${error.message}`;
    throw error;
  }
  io.stdout.write(`${JSON.stringify({ values: Array.from(values, (v) => (Number.isFinite(v) ? v : null)) })}\n`);
  return "ok";
}
