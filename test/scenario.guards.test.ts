// Resource guards checked before anything is allocated: products and counts
// that would exhaust memory fail at load with the field named (exit 2).
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { loadScenarioText } from "../src/scenario/index.js";

const BASE = "name: g\nduration: 100\nmodels: { count: 1 }\nagents: { count: 1 }\ntasks: { rate: 1 }\n";
const load = (extra: string, overrides: string[] = []) => loadScenarioText(`${BASE}${extra}`, "g.yaml", { catalog: builtinCatalog, overrides });

describe("resource guards", () => {
  it("a window so small that duration / window overflows is refused, not skipped", () => {
    for (const window of ["5e-324", "1e-300", "0.00001"]) {
      expect(() => load(`window: ${window}\n`), window).toThrow(/window: duration \/ window = .* timeseries rows; the limit is 1,000,000 \(raise window\)/);
    }
    expect(() => load("window: 0.001\n")).not.toThrow(); // 100,000 rows: within the limit
  });

  it("world.domains × world.unitsPerDomain is bounded (each factor alone is within its own range)", () => {
    expect(() => load("world: { domains: 200, unitsPerDomain: 10000000 }\n", ["models.count=200"])).toThrow(
      /world\.unitsPerDomain: world\.domains × world\.unitsPerDomain = 2,000,000,000 knowledge units; the limit per run is 50,000,000/,
    );
    expect(() => load("", ["world.domains=10000", "world.unitsPerDomain=10000", "models.count=10000"])).toThrow(/100,000,000 knowledge units/);
    expect(() => load("world: { domains: 5, unitsPerDomain: 10000000 }\n", ["models.count=5"])).not.toThrow();
  });

  it("a sweep's size is counted before its grid is expanded", () => {
    const axes = Array.from({ length: 8 }, (_, k) => `    ${["agents.count", "tasks.rate", "models.capacity", "agents.scanInterval", "agents.workTime", "models.serviceTime", "tasks.deadline", "agents.lazyEffort"][k]}: [${Array.from({ length: 20 }, (_, v) => v + 1).join(", ")}]`).join("\n");
    expect(() => load(`sweep:\n  grid:\n${axes}\n`)).toThrow(/sweep\.grid: the sweep would plan 25,600,000,000 runs \(20 × 20 × 20 × 20 × 20 × 20 × 20 × 20 grid points × 1 replicates\); the limit is 1,000,000/);
    expect(() => load("sweep:\n  replicates: 100000\n  grid: { agents.count: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }\n")).toThrow(/1,100,000 runs \(11 grid points × 100000 replicates\)/);
    expect(() => load("sweep:\n  replicates: 10\n  grid: { agents.count: [1, 2] }\n")).not.toThrow();
  });
});
