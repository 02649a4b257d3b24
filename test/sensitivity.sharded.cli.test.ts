// The big sharded check at a size a test can afford: the 8-factor Sobol'
// design of test/fixtures/sweeps/sobol-512x8.yaml with 32 base points (320
// runs) sharded in 4 and merged gives the same sensitivity.csv, runs.csv and
// design.csv bytes as unsharded. The full 512-base-point version (5,120 runs)
// is `node dist/scripts/shardedSobol.js` (timings in docs/sensitivity.md).
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "./helpers/cli.js";
import { shardedSobolCheck } from "../scripts/shardedSobol.js";

describe("a sobol design sharded in 4 and merged", () => {
  it("gives the unsharded sensitivity.csv, runs.csv and design.csv bytes", () => {
    const result = shardedSobolCheck({ root: ROOT, n: 32, shards: 4, workers: 2, out: tempDir() });
    expect(result.runs).toBe(32 * (8 + 2));
    expect(result.identical).toEqual({ "sensitivity.csv": true, "runs.csv": true, "design.csv": true });
  }, 180_000);
});
