// The benchmark's own arithmetic and correctness checks (its timings are
// never asserted: see docs/performance.md).
import { describe, expect, it } from "vitest";
import { datanetGame } from "../bench/attribution.js";
import { mm1Section } from "../bench/mm1.js";
import { fittedExponent, scaledOverrides } from "../bench/scaling.js";
import { grandValue } from "../src/policies/attribution/game.js";
import { coverageShapley } from "../src/policies/attribution/coverageShapley.js";

const quiet = { quick: true, args: [], clock: () => 0, log: () => undefined };

describe("bench", () => {
  it("fits the exponent of wall time vs events", () => {
    const linear = [1, 4, 16, 64].map((f) => ({ events: 1e6 * f, wall_s: 2 * f }));
    expect(fittedExponent(linear)).toBeCloseTo(1, 12);
    const quadratic = [1, 4, 16, 64].map((f) => ({ events: 1e6 * f, wall_s: f * f }));
    expect(fittedExponent(quadratic)).toBeCloseTo(2, 12);
  });

  it("M/M/1 through the engine: mean wait in queue near lambda / (mu (mu - lambda)) = 9", () => {
    const r = mm1Section(quiet);
    expect(r.events).toBe(2 * r.customers);
    expect(Math.abs(r.mean_wait! - 9)).toBeLessThan(0.6);
  });

  it("scales populations, task rate and (unless told not to) domains together", () => {
    expect(scaledOverrides(16, 250)).toEqual([
      "world.domains=64", "providers.count=16000", "models.count=800", "agents.count=80000", "validators.count=480", "tasks.rate=3200", "duration=250",
    ]);
    expect(scaledOverrides(16, 250, false)[0]).toBe("world.domains=4");
  });

  it("the attribution game is a valid coverage game: coverage-Shapley sums to its grand value", () => {
    const game = datanetGame(300, "test");
    const values = coverageShapley(game);
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(grandValue(game), 9);
  });
});
