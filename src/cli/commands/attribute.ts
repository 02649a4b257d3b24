// `coordsim attribute <game.json> --policy NAME [--samples N] [--seed S] [--param name=value ...]`: the
// attribution values of a standalone cooperative game, as {"values": [...]} on stdout.
import { readTextFile } from "../../inputFile.js";
import { MAX_GAME_FILE_BYTES, parseGameFile } from "../../policies/attribution/gameFile.js";
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

/**
 * A value as printed: null where the rule leaves it undefined (NaN, e.g. a
 * Banzhaf estimate for a player never sampled out). The game file's bounds
 * keep every sum finite, so an infinite value is a coordsim bug, not output.
 */
function printable(v: number, i: number): number | null {
  if (v === Infinity || v === -Infinity) throw new Error(`attribute: player ${i} got the value ${v} from an accepted game (the input bounds should prevent overflow)`);
  return Number.isNaN(v) ? null : v;
}

/** Print one raw value per player (null where the rule leaves it undefined); bad input throws a BadInputError. */
export async function attributeCommand(file: string, options: AttributeCommandOptions, io: Io): Promise<Outcome> {
  const game = parseGameFile(readTextFile(file, "the game file", MAX_GAME_FILE_BYTES), file);
  let values: Float64Array;
  try {
    values = attributeValues(game, options.policy, { samples: options.samples, seed: options.seed, params: options.param ?? [] });
  } catch (error) {
    if (error instanceof AttributionInputError) error.message = `${file}: ${error.message}`;
    throw error;
  }
  io.stdout.write(`${JSON.stringify({ values: Array.from(values, printable) })}\n`);
  return "ok";
}
