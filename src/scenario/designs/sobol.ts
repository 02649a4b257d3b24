// Sobol' low-discrepancy points (I. M. Sobol', "On the distribution of points in
// a cube and the approximate evaluation of integrals", USSR Comput. Math. Math.
// Phys. 7(4), 1967) with Joe & Kuo's direction numbers (joeKuoDirections.ts),
// generated in Gray-code order (Antonov & Saleev 1979; Bratley & Fox, ACM TOMS
// 14(1), 1988, Algorithm 659): point n+1 is point n XOR one direction number, so
// the unscrambled points are exactly scipy.stats.qmc.Sobol(scramble=False)'s.
//
// Scrambling is Matoušek's random linear matrix scramble plus a random digital
// shift (J. Matoušek, "On the L2-discrepancy for anchored boxes", J. Complexity
// 14(4), 1998; the "LMS + shift" of scipy and Owen's survey, 2003): each
// dimension's digits are multiplied by a random lower-triangular binary matrix
// with unit diagonal, then XORed with random bits. Digit i of a scrambled
// coordinate depends only on digits 1..i of the original, bijectively, so the
// (t,m,s)-net structure survives: every prefix of 2^m points still has exactly
// one point in each interval [j/2^m, (j+1)/2^m) of every coordinate.
import { Stream, streamSeed } from "../../sim/rng/index.js";
import { JOE_KUO_DIRECTIONS, SOBOL_MAX_DIMENSIONS } from "./joeKuoDirections.js";

/** Digits per coordinate: points are multiples of 2^-32 (enough for 2^32 points). */
const BITS = 32;
const TWO_POW_32 = 4294967296;

/** Direction numbers v_1..v_32 of dimension `dim` (0-based) as 32-bit integers, v_j = m_j 2^(32-j) (Joe & Kuo 2008, eq. 2 recurrence). */
function directionNumbers(dim: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 0) {
    for (let j = 0; j < BITS; j++) v[j] = 2 ** (BITS - 1 - j);
    return v;
  }
  const row = JOE_KUO_DIRECTIONS[dim - 1]!;
  const a = row[0]!;
  const s = row.length - 1;
  for (let j = 0; j < Math.min(s, BITS); j++) v[j] = (row[j + 1]! * 2 ** (BITS - 1 - j)) >>> 0;
  for (let j = s; j < BITS; j++) {
    let x = v[j - s]! ^ (v[j - s]! >>> s);
    for (let k = 1; k < s; k++) if (((a >>> (s - 1 - k)) & 1) === 1) x ^= v[j - k]!;
    v[j] = x >>> 0;
  }
  return v;
}

function parity(x: number): number {
  let y = x ^ (x >>> 16);
  y ^= y >>> 8;
  y ^= y >>> 4;
  y ^= y >>> 2;
  y ^= y >>> 1;
  return y & 1;
}

/** L·x over GF(2), digits most significant first: rows[i] holds row i of L as a bit mask. */
function multiply(rows: Uint32Array, x: number): number {
  let out = 0;
  for (let i = 0; i < BITS; i++) out |= parity(rows[i]! & x) << (BITS - 1 - i);
  return out >>> 0;
}

/** A random lower-triangular binary matrix with unit diagonal: row i has digit i set and random digits before it. */
function randomLowerTriangular(stream: Stream): Uint32Array {
  const rows = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) {
    const before = i === 0 ? 0 : (stream.uint32() & ~(2 ** (BITS - i) - 1)) >>> 0;
    rows[i] = (before | (2 ** (BITS - 1 - i))) >>> 0;
  }
  return rows;
}

/** Points of a `dimensions`-dimensional Sobol' sequence in [0, 1), one call of `next` per point. */
export class SobolSequence {
  private readonly directions: Uint32Array[];
  private readonly state: Uint32Array;
  private index = 0;

  /** `scrambleSeed`: scramble with streams derived from it (LMS + digital shift); absent: the plain sequence. */
  constructor(
    readonly dimensions: number,
    scrambleSeed?: number,
  ) {
    if (!(Number.isInteger(dimensions) && dimensions >= 1 && dimensions <= SOBOL_MAX_DIMENSIONS)) {
      throw new Error(`SobolSequence: dimensions must be an integer in [1, ${SOBOL_MAX_DIMENSIONS}] (the Joe & Kuo table embedded), got ${dimensions}`);
    }
    this.directions = Array.from({ length: dimensions }, (_, d) => directionNumbers(d));
    this.state = new Uint32Array(dimensions);
    if (scrambleSeed !== undefined) {
      const stream = new Stream(streamSeed(scrambleSeed, "design.sobol.scramble"));
      for (let d = 0; d < dimensions; d++) {
        const rows = randomLowerTriangular(stream);
        this.directions[d] = this.directions[d]!.map((v) => multiply(rows, v));
        this.state[d] = stream.uint32(); // the digital shift: point 0 becomes the shift itself
      }
    }
  }

  /** The next point (the first call returns point 0). */
  next(): number[] {
    if (this.index >= TWO_POW_32) throw new Error("SobolSequence: 2^32 points exhausted");
    const point = Array.from(this.state, (x) => x / TWO_POW_32);
    // Gray code: point n+1 differs from point n by the direction number of n's lowest zero bit.
    let c = 0;
    while (Math.floor(this.index / 2 ** c) % 2 === 1) c++;
    for (let d = 0; d < this.dimensions; d++) this.state[d] = (this.state[d]! ^ this.directions[d]![c]!) >>> 0;
    this.index++;
    return point;
  }
}

/** The first `n` points of the sequence (see SobolSequence). */
export function sobolPoints(n: number, dimensions: number, scrambleSeed?: number): number[][] {
  const sequence = new SobolSequence(dimensions, scrambleSeed);
  return Array.from({ length: n }, () => sequence.next());
}
