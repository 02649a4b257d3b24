// Numbers in game files: JSON numbers, decimal strings ("0.5", "-2") or exact
// fractions "p/q". Values are doubles, so a fraction is exact only as far as
// one rounding allows: p and q must be integers a double holds exactly, and
// p/q is then their correctly rounded quotient. Every value is bounded so that
// no sum or product a rule computes can overflow (see MAX_GAME_MAGNITUDE).

/**
 * Largest |value| of any number in a game file. The rules multiply at most a
 * weight by a quality, sum at most 2^27 such terms (a file holds fewer numbers
 * than that), average over at most 10^7 samples and scale by a noise factor
 * below 10^17: 1e100 keeps every intermediate under 1e250, far below the
 * double range (1.8e308), so values are finite whenever the input is accepted.
 */
export const MAX_GAME_MAGNITUDE = 1e100;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;
const FRACTION_LIKE = /\//;

export type GameNumber = { ok: true; value: number } | { ok: false; problem: string };

const BAD_FORMAT = 'expected a number or an exact fraction string like "7/3"';

function bounded(x: number, text: () => string): GameNumber {
  if (Number.isFinite(x) && Math.abs(x) <= MAX_GAME_MAGNITUDE) return { ok: true, value: x };
  const what = Number.isFinite(x) ? `${text()} is` : `${text()} is too large for a double, and`;
  return { ok: false, problem: `${what} outside the supported range [-1e100, 1e100] (larger values could overflow the rules' sums)` };
}

/** Read a game-file number, or say precisely why it is not one. */
export function readGameNumber(value: unknown, show: (v: unknown) => string): GameNumber {
  if (typeof value === "number") return bounded(value, () => (Number.isFinite(value) ? String(value) : "the number"));
  if (typeof value !== "string") return { ok: false, problem: `${BAD_FORMAT}, got ${show(value)}` };
  const text = value.trim();
  const fraction = FRACTION.exec(text);
  if (fraction) {
    const p = Number(fraction[1]);
    const q = Number(fraction[2]);
    if (!Number.isSafeInteger(p) || !Number.isSafeInteger(q)) {
      return { ok: false, problem: `the fraction ${show(value)} has a numerator or denominator beyond 2^53 - 1 = 9007199254740991 (the largest integer a double holds exactly)` };
    }
    if (q === 0) return { ok: false, problem: `the fraction ${show(value)} divides by zero` };
    return { ok: true, value: p / q };
  }
  if (FRACTION_LIKE.test(text)) return { ok: false, problem: `${show(value)} is not an exact fraction: expected integers p/q such as "7/3"` };
  if (!DECIMAL.test(text)) return { ok: false, problem: `${BAD_FORMAT}, got ${show(value)}` };
  return bounded(Number(text), () => show(value));
}

/** Parse a number or an exact numeric string ("7/3", "-2", "0.5") as game files allow; undefined if it is not one. */
export function parseExactNumber(value: unknown): number | undefined {
  const read = readGameNumber(value, String);
  return read.ok ? read.value : undefined;
}
