// Standalone game files for `coordsim attribute`, shaped like one entry of
// `games` in the reference vectors: `n`, `characteristic_function` (coalition
// key "0,2" -> number or exact fraction string "7/3"; "" is the empty set) and,
// for coverage games, `definition: { type: "coverage", item_weights,
// player_items [, player_quality] }`. The vectors' annotations (id,
// description, expected values, ...) are allowed and ignored; any other key is
// refused, as are duplicate keys and "__proto__". Every error names the file,
// the line and column, and the field.
import { closest } from "../../scenario/suggest.js";
import { BadInputError } from "../../errors.js";
import { CoverageGame } from "./coverage.js";
import { MAX_TABLE_PLAYERS, TableGame, valueTable, type Game } from "./game.js";
import { readGameNumber } from "./gameNumber.js";
import { JsonSyntaxError, lineColumn, locateJsonPath, parseStrictJson, showJson as showValue, type JsonPath } from "./strictJson.js";

export { MAX_GAME_MAGNITUDE, parseExactNumber } from "./gameNumber.js";

/** Largest game file read (bytes): about a 2^20-coalition table at n = 20 fits several times over. */
export const MAX_GAME_FILE_BYTES = 256 * 1024 * 1024;
/** Deepest nesting of arrays and objects in a game file (a game needs 3 levels; the vectors' annotations 6). */
export const MAX_GAME_DEPTH = 32;
export const MAX_COVERAGE_PLAYERS = 10_000_000;

const GAME_KEYS = ["n", "characteristic_function", "definition"];
/** Fields of a reference-vector entry that describe or check the game; a game file may carry them. */
const ANNOTATION_KEYS = [
  "id",
  "description",
  "characteristic_function_float",
  "characteristic_function_by_mask",
  "v_grand",
  "shapley",
  "banzhaf_raw",
  "banzhaf_normalized",
  "banzhaf_efficient",
  "loo",
  "null_players",
  "symmetric_pairs",
  "fingerprint",
  "closed_form_matches_brute_force",
  "sampling",
];
const COVERAGE_KEYS = ["type", "item_weights", "player_items", "player_quality"];
/** definition.type: "coverage" is read; the reference vectors' other types only describe a game given by its characteristic function. */
const DEFINITION_TYPES = ["coverage", "glove", "airport", "weighted_voting", "unanimity", "additive", "explicit"];

/** Bad game file (bad input). */
export class GameFileError extends BadInputError {
  constructor(file: string, field: string, message: string) {
    super(`${file}${field ? ` ${field}` : ""}: ${message}`);
    this.name = "GameFileError";
  }
}

/** A field path as users read it: definition.player_items[1][0], characteristic_function["0,2"]. */
export function fieldName(path: JsonPath): string {
  let name = "";
  for (const part of path) {
    if (typeof part === "number") name += `[${part}]`;
    else if (part.length <= 60 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) name += name === "" ? part : `.${part}`;
    else name += `[${showValue(part)}]`;
  }
  return name;
}

type Fail = (path: JsonPath, message: string) => never;
type Json = Map<string, unknown>;

const isObject = (v: unknown): v is Json => v instanceof Map;

function checkKeys(object: Json, allowed: readonly string[], path: JsonPath, fail: Fail): void {
  for (const key of object.keys()) {
    if (allowed.includes(key)) continue;
    const guess = key.length <= 100 ? closest(key, allowed) : undefined;
    fail([...path, key], guess !== undefined ? `unknown key (did you mean "${guess}"?)` : `unknown key (allowed: ${allowed.join(", ")})`);
  }
}

/** Parse and validate a game file's text into a Game (a CoverageGame when it has a coverage definition). */
export function parseGameFile(text: string, file: string): Game {
  const where = (offset: number): string => {
    const { line, column } = lineColumn(text, offset);
    return `${file}:${line}:${column}`;
  };
  let data: unknown;
  try {
    data = parseStrictJson(text, MAX_GAME_DEPTH);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new BadInputError(`${where(error.offset)}${error.path.length > 0 ? ` ${fieldName(error.path)}` : ""}: ${error.message}`);
  }
  const fail: Fail = (path, message) => {
    throw new GameFileError(where(locateJsonPath(text, path, MAX_GAME_DEPTH)), fieldName(path), message);
  };
  return gameOf(data, fail);
}

function gameOf(data: unknown, fail: Fail): Game {
  if (!isObject(data)) fail([], `expected a JSON object with "n" and "characteristic_function", got ${showValue(data)}`);
  const root = data as Json;
  checkKeys(root, [...GAME_KEYS, ...ANNOTATION_KEYS], [], fail);
  const number = (value: unknown, path: JsonPath): number => {
    const read = readGameNumber(value, showValue);
    return read.ok ? read.value : fail(path, read.problem);
  };

  const definition = root.get("definition");
  if (definition !== undefined && !isObject(definition)) fail(["definition"], `expected an object such as {"type": "coverage", ...}, got ${showValue(definition)}`);
  if (isObject(definition) && !DEFINITION_TYPES.includes(definition.get("type") as string)) {
    fail(["definition", "type"], `expected one of ${DEFINITION_TYPES.join(", ")} ("coverage" is read; the others only describe the characteristic function), got ${showValue(definition.get("type"))}`);
  }
  const coverage = isObject(definition) && definition.get("type") === "coverage" ? definition : undefined;
  const nMax = coverage ? MAX_COVERAGE_PLAYERS : MAX_TABLE_PLAYERS;
  const n = root.get("n");
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > nMax) {
    fail(["n"], `expected an integer in [1,${nMax}]${coverage ? "" : " (games without a coverage definition are given by all 2^n coalition values)"}, got ${showValue(n)}`);
  }
  const players = n as number;

  let game: Game | undefined;
  if (coverage) game = parseCoverage(coverage, players, number, fail);
  const cf = root.get("characteristic_function");
  if (cf === undefined) {
    if (game) return game;
    fail(["characteristic_function"], `missing: a game without definition.type "coverage" needs the value of every coalition`);
  }
  if (!isObject(cf)) fail(["characteristic_function"], `expected an object mapping coalition keys such as "0,2" to values, got ${showValue(cf)}`);
  if (players > MAX_TABLE_PLAYERS) fail(["characteristic_function"], `has 2^${players} coalitions; give n <= ${MAX_TABLE_PLAYERS} or drop it and keep the coverage definition`);
  const table = new Float64Array(2 ** players).fill(NaN);
  for (const [key, value] of cf as Json) {
    const path = ["characteristic_function", key];
    table[coalitionMask(key, players, (m) => fail(path, `key ${showValue(key)} ${m}`))] = number(value, path);
  }
  for (let m = 0; m < table.length; m++) {
    if (Number.isNaN(table[m]!)) fail(["characteristic_function"], `missing the coalition ${JSON.stringify(coalitionKey(m, players))} (every one of the 2^${players} coalitions needs a value)`);
  }
  if (table[0] !== 0) fail(["characteristic_function", ""], `v(empty set) must be 0, got ${table[0]}`);
  if (!game) return new TableGame(players, table);
  const implied = valueTable(game);
  for (let m = 0; m < table.length; m++) {
    const a = table[m]!;
    const b = implied[m]!;
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) {
      fail(["characteristic_function", coalitionKey(m, players)], `is ${a} but the coverage definition gives ${b}`);
    }
  }
  return game;
}

function parseCoverage(def: Json, n: number, number: (value: unknown, path: JsonPath) => number, fail: Fail): CoverageGame {
  checkKeys(def, COVERAGE_KEYS, ["definition"], fail);
  const list = (field: string, length?: number): unknown[] => {
    const value = def.get(field);
    if (!Array.isArray(value)) return fail(["definition", field], `expected an array, got ${showValue(value)}`);
    if (length !== undefined && value.length !== length) fail(["definition", field], `expected ${length} entries (one per player), got ${value.length}`);
    return value;
  };
  const nonNegative = (value: unknown, path: JsonPath): number => {
    const x = number(value, path);
    return x >= 0 ? x : fail(path, `expected a number >= 0, got ${showValue(value)}`);
  };
  const weights = list("item_weights").map((w, j) => nonNegative(w, ["definition", "item_weights", j]));
  const units = list("player_items", n).map((items, i) => {
    if (!Array.isArray(items)) return fail(["definition", "player_items", i], `expected an array of item indices, got ${showValue(items)}`);
    return items.map((j: unknown, k) =>
      typeof j === "number" && Number.isInteger(j) && j >= 0 && j < weights.length
        ? j
        : fail(["definition", "player_items", i, k], weights.length === 0 ? `item_weights is empty, so there is no item ${showValue(j)}` : `expected an item index in [0,${weights.length - 1}], got ${showValue(j)}`),
    );
  });
  const quality = def.get("player_quality") === undefined ? undefined : list("player_quality", n).map((q, i) => nonNegative(q, ["definition", "player_quality", i]));
  return CoverageGame.fromSpec({ units, weights, ...(quality ? { quality } : {}) });
}

/** The canonical key of a bitmask coalition: sorted members joined by ",", "" for the empty set. */
export function coalitionKey(mask: number, n: number): string {
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (mask & (1 << i)) members.push(i);
  return members.join(",");
}

/** The bitmask of a canonical coalition key; `bad` explains a malformed one. One pass over the key (a table has up to 2^20 of them). */
export function coalitionMask(key: string, n: number, bad: (message: string) => never): number {
  if (key === "") return 0;
  const malformed = 'is not a coalition key (sorted player indices joined by "," with no spaces, "" for the empty set)';
  let mask = 0;
  let previous = -1;
  for (let at = 0; at <= key.length; at++) {
    const start = at;
    let i = 0;
    for (; at < key.length && key.charCodeAt(at) !== 44; at++) {
      const digit = key.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9 || (at > start && i === 0)) bad(malformed);
      i = i * 10 + digit;
      if (i >= n) bad(`names player ${key.slice(start).split(",")[0]}, but players are 0..${n - 1}`);
    }
    if (at === start) bad(malformed);
    if (i <= previous) bad("must list players in increasing order without repeats");
    previous = i;
    mask |= 1 << i;
  }
  return mask;
}
