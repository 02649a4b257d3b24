// The beta distribution's CDF (the regularised incomplete beta function I_x(a, b))
// and its quantile, for Whitby–Jøsang–Indulska's unfair-rating filter.
// I_x(a, b) is evaluated by the continued fraction of Press, Teukolsky, Vetterling
// & Flannery, Numerical Recipes (3rd ed., 2007) §6.4, eq. 6.4.5, with the modified
// Lentz method (§5.2), on the side x < (a + 1)/(a + b + 2) where it converges fast
// (else through the symmetry I_x(a, b) = 1 − I_{1−x}(b, a)). The quantile inverts
// the CDF by bisection on [0, 1] (the CDF is continuous and increasing), to
// |interval| < 1e-15. One function, `betaQuantile`, is the interface: a library
// quantile (e.g. @stdlib/stats-base-dists-beta-quantile) can replace its body.

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_TERMS = 10_000;

/** Natural log of the gamma function (Lanczos approximation, g = 7, n = 9; |rel. error| < 1e-15 for x > 0). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x); // reflection
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  const z = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i++) sum += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction for I_x(a, b) (Numerical Recipes eq. 6.4.5), modified Lentz. */
function continuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

function checkShape(where: string, a: number, b: number): void {
  if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b))) throw new RangeError(`${where}: shape parameters must be finite and > 0, got a = ${a}, b = ${b}`);
}

/** Return the regularised incomplete beta function I_x(a, b) = P(X <= x) for X ~ Beta(a, b). */
export function betaCdf(x: number, a: number, b: number): number {
  checkShape("betaCdf", a, b);
  if (!(x > 0)) return 0;
  if (!(x < 1)) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return (front * continuedFraction(x, a, b)) / a;
  return 1 - (front * continuedFraction(1 - x, b, a)) / b;
}

/** Return the p-quantile of Beta(a, b): the x in [0, 1] with I_x(a, b) = p (bisection). */
export function betaQuantile(p: number, a: number, b: number): number {
  checkShape("betaQuantile", a, b);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`betaQuantile: p must be in [0,1], got ${p}`);
  let lo = 0;
  let hi = 1;
  while (hi - lo > 1e-15) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (betaCdf(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
