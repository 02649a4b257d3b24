/** a / b, or null when b is 0 (an undefined rate is not the same as a zero rate). */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}
