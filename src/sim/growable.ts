// Typed-array growth helpers: tables double their capacity, so appends are
// amortised O(1). `fill` initialises the new tail (e.g. -1 for "none").

export function growF64(a: Float64Array, capacity: number, fill = 0): Float64Array {
  const b = new Float64Array(capacity);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

export function growI32(a: Int32Array, capacity: number, fill = 0): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

export function growU8(a: Uint8Array, capacity: number): Uint8Array {
  const b = new Uint8Array(capacity);
  b.set(a);
  return b;
}
