// Standalone game files for `coordsim attribute`, shaped like one entry of
// `games` in the reference vectors: `n`, `characteristic_function` (coalition
// key "0,2" -> number or exact fraction string "7/3"; "" is the empty set) and,
// for coverage games, `definition: { type: "coverage", item_weights,
// player_items [, player_quality] }`. Other fields (id, description, expected
// values, ...) are ignored. Every error names the file and the field.
import { showValue } from "../../scenario/fields.js";
import { CoverageGame } from "./coverage.js";
import { MAX_TABLE_PLAYERS, TableGame, valueTable, type Game } from "./game.js";
import { BadInputError } from "../../errors.js";

/** Bad game file (bad input). */
export class GameFileError extends BadInputError {
  constructor(file: string, field: string, message: string) {
    super(`${file}: ${field ? `${field}: ` : ""}${message}`);
    this.name = "GameFileError";
  }
}

const MAX_COVERAGE_PLAYERS = 10_000_000;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;

/** Parse a number or an exact numeric string ("7/3", "-2", "0.5"); undefined if it is neither. */
export function parseExactNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const fraction = FRACTION.exec(text);
  if (fraction) {
    const q = Number(fraction[2]);
    return q > 0 ? Number(fraction[1]) / q : undefined;
  }
  if (!DECIMAL.test(text)) return undefined;
  const x = Number(text);
  return Number.isFinite(x) ? x : undefined;
}

/** Parse and validate a game file's text into a Game (a CoverageGame when it has a coverage definition). */
export function parseGameFile(text: string, file: string): Game {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new GameFileError(file, "", `not valid JSON (${(error as Error).message})`);
  }
  const fail = (field: string, message: string): never => {
    throw new GameFileError(file, field, message);
  };
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(data)) fail("", `expected a JSON object with "n" and "characteristic_function", got ${showValue(data)}`);
  const root = data as Record<string, unknown>;
  const number = (value: unknown, field: string): number =>
    parseExactNumber(value) ?? fail(field, `expected a number or an exact fraction string like "7/3", got ${showValue(value)}`);

  const definition = root.definition;
  if (definition !== undefined && !isObject(definition)) fail("definition", `expected an object such as {"type": "coverage", ...}, got ${showValue(definition)}`);
  const coverage = isObject(definition) && definition.type === "coverage" ? definition : undefined;
  const nMax = coverage ? MAX_COVERAGE_PLAYERS : MAX_TABLE_PLAYERS;
  const n = root.n;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > nMax) {
    fail("n", `expected an integer in [1,${nMax}]${coverage ? "" : " (games without a coverage definition are given by all 2^n coalition values)"}, got ${showValue(n)}`);
  }
  const players = n as number;

  let game: Game | undefined;
  if (coverage) game = parseCoverage(coverage, players, number, fail);
  const cf = root.characteristic_function;
  if (cf === undefined) {
    if (game) return game;
    fail("characteristic_function", `missing: a game without definition.type "coverage" needs the value of every coalition`);
  }
  if (!isObject(cf)) fail("characteristic_function", `expected an object mapping coalition keys such as "0,2" to values, got ${showValue(cf)}`);
  if (players > MAX_TABLE_PLAYERS) fail("characteristic_function", `has 2^${players} coalitions; give n <= ${MAX_TABLE_PLAYERS} or drop it and keep the coverage definition`);
  const table = new Float64Array(2 ** players).fill(NaN);
  for (const [key, value] of Object.entries(cf as Record<string, unknown>)) {
    const field = `characteristic_function[${JSON.stringify(key)}]`;
    table[coalitionMask(key, players, (m) => fail("characteristic_function", `key ${JSON.stringify(key)} ${m}`))] = number(value, field);
  }
  for (let m = 0; m < table.length; m++) {
    if (Number.isNaN(table[m]!)) fail("characteristic_function", `missing the coalition ${JSON.stringify(coalitionKey(m, players))} (every one of the 2^${players} coalitions needs a value)`);
  }
  if (table[0] !== 0) fail('characteristic_function[""]', `v(empty set) must be 0, got ${table[0]}`);
  if (!game) return new TableGame(players, table);
  const implied = valueTable(game);
  for (let m = 0; m < table.length; m++) {
    const a = table[m]!;
    const b = implied[m]!;
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) {
      fail(`characteristic_function[${JSON.stringify(coalitionKey(m, players))}]`, `is ${a} but the coverage definition gives ${b}`);
    }
  }
  return game;
}

function parseCoverage(
  def: Record<string, unknown>,
  n: number,
  number: (value: unknown, field: string) => number,
  fail: (field: string, message: string) => never,
): CoverageGame {
  const list = (field: string, length?: number): unknown[] => {
    const value = def[field];
    if (!Array.isArray(value)) return fail(`definition.${field}`, `expected an array, got ${showValue(value)}`);
    if (length !== undefined && value.length !== length) fail(`definition.${field}`, `expected ${length} entries (one per player), got ${value.length}`);
    return value;
  };
  const weights = list("item_weights").map((w, j) => number(w, `definition.item_weights[${j}]`));
  const units = list("player_items", n).map((items, i) => {
    if (!Array.isArray(items)) return fail(`definition.player_items[${i}]`, `expected an array of item indices, got ${showValue(items)}`);
    return items.map((j: unknown, k) =>
      typeof j === "number" && Number.isInteger(j) && j >= 0 && j < weights.length
        ? j
        : fail(`definition.player_items[${i}][${k}]`, `expected an item index in [0,${weights.length - 1}], got ${showValue(j)}`),
    );
  });
  const quality =
    def.player_quality === undefined
      ? undefined
      : list("player_quality", n).map((q, i) => {
          const x = number(q, `definition.player_quality[${i}]`);
          return x >= 0 ? x : fail(`definition.player_quality[${i}]`, `expected a number >= 0, got ${showValue(q)}`);
        });
  return CoverageGame.fromSpec({ units, weights, ...(quality ? { quality } : {}) });
}

/** The canonical key of a bitmask coalition: sorted members joined by ",", "" for the empty set. */
export function coalitionKey(mask: number, n: number): string {
  const members: number[] = [];
  for (let i = 0; i < n; i++) if (mask & (1 << i)) members.push(i);
  return members.join(",");
}

/** The bitmask of a canonical coalition key; `bad` explains a malformed one. */
export function coalitionMask(key: string, n: number, bad: (message: string) => never): number {
  if (key === "") return 0;
  let mask = 0;
  let previous = -1;
  for (const part of key.split(",")) {
    if (!/^\d+$/.test(part)) bad('is not a coalition key (sorted player indices joined by "," with no spaces, "" for the empty set)');
    const i = Number(part);
    if (i >= n) bad(`names player ${i}, but players are 0..${n - 1}`);
    if (i <= previous) bad("must list players in increasing order without repeats");
    previous = i;
    mask |= 1 << i;
  }
  if (key !== coalitionKey(mask, n)) bad('is not a coalition key (sorted player indices joined by "," with no spaces, "" for the empty set)');
  return mask;
}
