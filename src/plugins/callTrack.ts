// Which plugin call a run is inside, kept in shared memory: a call that never
// returns blocks its worker thread, so only the main thread, reading this
// buffer, can say which plugin, which call and at what simulated time it hung.
// Layout: Float64 simulated time, Int32 label length (0 = no call), label bytes.

const LABEL_BYTES = 240;
export const CALL_TRACK_BYTES = 8 + 4 + LABEL_BYTES;

let active: { time: Float64Array; length: Int32Array; label: Uint8Array } | undefined;
let simulatedNow: () => number = () => Number.NaN;

/** Record calls into `buffer` from now on (undefined: stop recording). */
export function trackCallsInto(buffer: SharedArrayBuffer | undefined): void {
  active = buffer === undefined ? undefined : { time: new Float64Array(buffer, 0, 1), length: new Int32Array(buffer, 8, 1), label: new Uint8Array(buffer, 12, LABEL_BYTES) };
}

/** Where calls read the simulated time (the running engine's clock). */
export function setSimulatedClock(now: () => number): void {
  simulatedNow = now;
}

/** A call's label, encoded once when the plugin is wrapped (calls are too frequent to encode each time). */
export function encodeCallLabel(label: string): Uint8Array {
  return new TextEncoder().encode(label).subarray(0, LABEL_BYTES);
}

export function enterCall(label: Uint8Array): void {
  if (active === undefined) return;
  active.time[0] = simulatedNow();
  active.label.set(label);
  active.length[0] = label.length;
}

export function leaveCall(): void {
  if (active !== undefined) active.length[0] = 0;
}

/** The call in progress recorded in `buffer`, if any. */
export function callInProgress(buffer: SharedArrayBuffer): { label: string; time: number } | undefined {
  const length = new Int32Array(buffer, 8, 1)[0]!;
  if (length === 0) return undefined;
  return { label: new TextDecoder().decode(new Uint8Array(buffer, 12, length).slice()), time: new Float64Array(buffer, 0, 1)[0]! };
}
