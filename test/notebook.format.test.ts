// The notebooks' shared formats (notebooks/format.js) and the pure helpers of
// the sweep and comparison charts, in Node (the browser tests cover the DOM).
import { describe, expect, it } from "vitest";
import { escapeHtml, textWithCode } from "../src/notebook/indexPage.js";

interface Scale { tickFormat(count: number, specifier: string): (v: number) => string; ticks(count: number): number[] }
interface Format {
  unitOf(name: string): string;
  metricLabel(name: string): string;
  toDisplay(name: string, v: number | null): number | null;
  axisFormat(scale: Scale, unit: string, count?: number): (v: number) => string;
  valueFormat(v: number | null, unit?: string): string;
  diffFormat(v: number | null, unit?: string): string;
  percentChange(r: number | null): string;
}
// Plain JavaScript modules (they run in the browser); imported by a computed path so TypeScript does not look for types.
const fmt = (await import(["..", "notebooks", "format.js"].join("/"))) as Format;
const { isGeometric } = (await import(["..", "notebooks", "sweep.js"].join("/"))) as { isGeometric(v: number[]): boolean };
const { relativeChange, sharedScales } = (await import(["..", "notebooks", "compare.js"].join("/"))) as {
  relativeChange(r: object): number | null;
  sharedScales(rows: object[]): { relative_change: number; effect_size: number };
};
const { logTicks } = (await import(["..", "notebooks", "designScatter.js"].join("/"))) as { logTicks(lo: number, hi: number): number[] };
const { rankedFactors, sensitivityModel } = (await import(["..", "notebooks", "sensitivity.js"].join("/"))) as {
  sensitivityModel(rows: Record<string, string>[], sweep: object): object;
  rankedFactors(model: object, metric: string): string[];
};
const d3 = (await import("d3")) as unknown as { scaleLinear(): { domain(d: number[]): Scale & { nice(): Scale } } };

const ticks = (domain: number[], unit: string) => {
  const s = d3.scaleLinear().domain(domain).nice();
  return s.ticks(6).map(fmt.axisFormat(s, unit, 6));
};

describe("notebook number formats", () => {
  it("axis ticks are plain decimals with the precision the step needs, never SI suffixes", () => {
    expect(ticks([0, 1], "number")).toEqual(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
    expect(ticks([0, 0.05], "number")).toEqual(["0.00", "0.01", "0.02", "0.03", "0.04", "0.05"]);
    expect(ticks([0, 2000], "money")).toEqual(["0", "500", "1,000", "1,500", "2,000"]);
    expect(ticks([0, 2e6], "number")).toEqual(["0", "500,000", "1,000,000", "1,500,000", "2,000,000"]);
    expect(ticks([0, 0.5], "share")).toEqual(["0%", "10%", "20%", "30%", "40%", "50%"]);
  });

  it("money columns are drawn in units and labelled so; other units from the name suffix", () => {
    expect(fmt.unitOf("treasury_micro")).toBe("money");
    expect(fmt.unitOf("net_profit_micro_provider")).toBe("money");
    expect(fmt.unitOf("mean_latency_h")).toBe("hours");
    expect(fmt.unitOf("duplicate_execution_share_now")).toBe("share");
    expect(fmt.unitOf("tasks_completed")).toBe("number");
    expect(fmt.toDisplay("treasury_micro", 653_700_000)).toBe(653.7);
    expect(fmt.toDisplay("tasks_completed", 5)).toBe(5);
    expect(fmt.toDisplay("treasury_micro", null)).toBeNull();
    expect(fmt.metricLabel("treasury_micro")).toBe("treasury (units)");
    expect(fmt.metricLabel("net_profit_micro_provider")).toBe("net_profit_provider (units)");
    expect(fmt.metricLabel("copy_gain")).toBe("copy_gain (ratio)");
  });

  it("values: 3 significant digits, separators from 1,000, shares in % and their differences in pp", () => {
    expect(fmt.valueFormat(0.0994)).toBe("0.0994");
    expect(fmt.valueFormat(1963.4)).toBe("1,963");
    expect(fmt.valueFormat(0.3188, "share")).toBe("31.9%");
    expect(fmt.valueFormat(null)).toBe("–");
    expect(fmt.diffFormat(-0.0008, "share")).toBe("−0.08 pp");
    expect(fmt.diffFormat(0.76, "share")).toBe("+76 pp");
    expect(fmt.percentChange(7.03)).toBe("+703%");
    expect(fmt.percentChange(-0.0032)).toBe("−0.32%");
  });
});

describe("sweep explorer scales", () => {
  it("a grid with one constant ratio between 3+ positive values is geometric (log x)", () => {
    expect(isGeometric([250, 500, 1000, 2000])).toBe(true);
    expect(isGeometric([2000, 250, 1000, 500])).toBe(true);
    expect(isGeometric([0.001, 0.01, 0.1])).toBe(true);
    expect(isGeometric([250, 1000, 2000])).toBe(false);
    expect(isGeometric([1, 2, 3, 4])).toBe(false);
    expect(isGeometric([1, 2])).toBe(false);
    expect(isGeometric([0, 1, 2])).toBe(false);
  });
});

describe("policy comparison columns", () => {
  it("relative change is (B − A) / |A|, 0 for equal means, undefined on a zero base", () => {
    expect(relativeChange({ mean_a: 0.1085, mean_b: 0.8715 })).toBeCloseTo(7.032, 3);
    expect(relativeChange({ mean_a: -2, mean_b: -1 })).toBe(0.5);
    expect(relativeChange({ mean_a: 0, mean_b: 0 })).toBe(0);
    expect(relativeChange({ mean_a: 0, mean_b: 1 })).toBeNull();
    expect(relativeChange({ mean_a: null, mean_b: 1 })).toBeNull();
  });

  it("the bars' shared scales hold the largest value, capped so one outlier cannot flatten the rest", () => {
    expect(sharedScales([{ mean_a: 1, mean_b: 1.03, effect_size: 0.3 }])).toEqual({ relative_change: 0.05, effect_size: 0.5 });
    expect(sharedScales([{ mean_a: 1, mean_b: 8, effect_size: 119 }, { mean_a: 1, mean_b: 0.999, effect_size: -0.1 }])).toEqual({ relative_change: 2, effect_size: 5 });
  });
});

describe("index page text", () => {
  it("is escaped once, with the template-literal characters Notebook Kit would read", () => {
    expect(escapeHtml("my_results <x> & `y` ${z} \\")).toBe("my_results &#60;x&#62; &#38; &#96;y&#96; &#36;{z} &#92;");
    expect(textWithCode("run `coordsim compare <scenario>` first")).toBe("run <code>coordsim compare &#60;scenario&#62;</code> first");
  });
});

describe("design explorer and sensitivity helpers", () => {
  it("ticks a log axis at 1, 2, 5 times powers of ten, plus the range's ends where no tick is near them", () => {
    expect(logTicks(0.5, 4)).toEqual([0.5, 1, 2, 4]);
    expect(logTicks(1, 1000)).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]);
    expect(logTicks(0.55, 21)).toEqual([0.55, 1, 2, 5, 10, 20]);
    expect(logTicks(0.55, 30)).toEqual([0.55, 1, 2, 5, 10, 20, 30]);
    expect(logTicks(1.05, 1.9)).toEqual([1.05, 1.9]);
  });

  it("ranks factors by ST (sobol) or mu* (morris), missing estimates last, ties in the scenario's order", () => {
    const row = (factor: string, index: string, estimate: string) => ({ metric: "m", factor, index, estimate, ci_low: "", ci_high: "" });
    const factors = { a: { uniform: [0, 1] }, b: { uniform: [0, 1] }, c: { uniform: [0, 1] }, d: { uniform: [0, 1] } };
    const sobol = sensitivityModel([row("a", "ST", "0.1"), row("b", "ST", ""), row("c", "ST", "0.7"), row("d", "ST", "0.1"), row("a", "S1", "0.9")], { design: { kind: "sobol", factors } });
    expect(rankedFactors(sobol, "m")).toEqual(["c", "a", "d", "b"]);
    const morris = sensitivityModel([row("a", "mu_star", "2"), row("b", "mu_star", "5"), row("c", "ST", "9"), row("d", "mu_star", "-1")], { design: { kind: "morris", factors } });
    expect(rankedFactors(morris, "m")).toEqual(["b", "a", "d", "c"]);
  });
});
