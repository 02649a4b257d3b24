// Each metric definition of issue 19 on a hand-made case: the datanet's
// already-covered count, the value split, the inequality of nobody paid, the
// queue wait's denominator, the timeseries names and header, the window warning.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { metricByName } from "../src/metrics/catalogue/index.js";
import type { MetricInputs } from "../src/metrics/catalogue/index.js";
import { paidIndex } from "../src/metrics/catalogue/state.js";
import { gini, jain, theil } from "../src/metrics/inequality.js";
import { writeRunFolder } from "../src/output/writeRun.js";
import { builtinCatalog } from "../src/policies/catalog.js";
import { simulate } from "../src/runner/simulate.js";
import { loadScenarioText } from "../src/scenario/index.js";
import { LARGE_TIMESERIES_ROWS, largeTimeseriesWarning } from "../src/scenario/warnings.js";
import { ContributionStore, Datanets, Knowledge } from "../src/sim/data/index.js";
import { C } from "../src/sim/economy/counters.js";

const BASE = `
name: defs
seed: 5
duration: 48
window: 12
models: { count: 1, capacity: 1, feePerCall: 1000, serviceTime: 0.5 }
agents: { count: 20, scanInterval: 0.5, workTime: 0.3, computeCost: 200, initialBalance: 1000000 }
tasks: { rate: 10, value: { uniform: [500, 5000] }, deadline: 2 }
`;
const run = (overrides: string[] = [], options: Parameters<typeof simulate>[1] = {}) =>
  simulate(loadScenarioText(BASE, "defs.yaml", { catalog: builtinCatalog, overrides }), options);

/** A metric's read on hand-made counter values (window = whole run). */
function readOn(name: string, counts: Record<string, number>): number | null {
  const x = { counts, cumulative: counts, memo: (_k: string, make: () => unknown) => make() } as unknown as MetricInputs;
  return metricByName(name)!.read(x);
}

const tmp = mkdtempSync(join(tmpdir(), "coordsim-defs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("redundant_data_share: units already covered when accepted, over units accepted", () => {
  it("counts, per accepted contribution, the units an earlier accepted one of its datanet covered", () => {
    const knowledge = new Knowledge(2, 4, Float64Array.from([4, 3, 2, 1]));
    const datanets = new Datanets(knowledge, new ContributionStore(), { mode: "exact", threshold: 1 });
    const covered: number[] = [];
    const submit = (domain: number, units: number[]) => {
      datanets.submit(0, domain, Int32Array.from(units), units.length, 1, 0, -1);
      covered.push(datanets.lastAlreadyCovered);
    };
    submit(0, [0, 1, 2]); // new: 0 of 3 covered
    submit(0, [1, 2, 3]); // 1 and 2 were covered
    submit(1, [5, 6]); // another datanet: nothing covered there yet
    submit(0, [1, 2, 3]); // an exact copy: rejected, so not counted
    submit(0, [0, 3]); // both covered
    expect(covered).toEqual([0, 2, 0, 0, 2]);
    // Accepted: 3 + 3 + 2 + 2 = 10 units, 4 already covered.
    expect(readOn("redundant_data_share", { units_already_covered: 4, units_accepted: 10 })).toBe(0.4);
    expect(readOn("redundant_data_share", { units_already_covered: 0, units_accepted: 0 })).toBeNull();
  });

  it("in a run, the counters sum the datanets' counts: 0 for the first upload, at most 1 exactly", () => {
    const r = run(["providers.count=8", "providers.contributionRate=0.5", "world.unitsPerDomain=50", "datanets.dedup=none"]);
    const share = r.summary.redundant_data_share as number;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(1);
    expect(r.timeseries.every((row) => row.redundant_data_share === null || (row.redundant_data_share as number) <= 1)).toBe(true);
  });
});

describe("value_delivered_micro and value_paid_wrong_micro", () => {
  it("split the task value paid by whether the paid result was correct", () => {
    expect(readOn("value_delivered_micro", { task_value_paid_micro: 10_000, value_paid_wrong_micro: 2_500 })).toBe(7_500);
    expect(readOn("value_paid_wrong_micro", { task_value_paid_micro: 10_000, value_paid_wrong_micro: 2_500 })).toBe(2_500);
  });

  it("malicious agents, unchecked (no validators), are paid only for wrong results: nothing is delivered", () => {
    const s = run(["agents.mix.honest=0", "agents.mix.malicious=1"]).summary;
    expect(s.value_delivered_micro).toBe(0);
    expect(s.value_paid_wrong_micro as number).toBeGreaterThan(0);
    expect(s.wrong_results_paid).toBe(s.tasks_completed);
  });
});

describe("inequality of nobody paid is empty", () => {
  it("paidIndex is null when every reward is 0 and the index otherwise; the pure indices keep the reference convention", () => {
    const none = new Float64Array(4);
    expect([gini(none), jain(none), theil(none)]).toEqual([0, 1, 0]);
    expect([paidIndex(gini, none), paidIndex(jain, none), paidIndex(theil, none)]).toEqual([null, null, null]);
    expect(paidIndex(gini, Float64Array.from([0, 0, 0, 4]))).toBe(0.75);
    expect(paidIndex(jain, Float64Array.from([2, 2]))).toBe(1);
  });

  it("a run whose providers upload nothing has empty provider Gini, Jain and Theil", () => {
    const s = run(["providers.count=3", "providers.contributionRate=0"]).summary;
    expect([s.provider_reward_gini, s.provider_reward_jain, s.provider_reward_theil]).toEqual([null, null, null]);
    expect(s.agent_reward_jain as number).toBeLessThanOrEqual(1);
  });

  it("indices stay in their proven bounds exactly where float sums step past them", () => {
    // Near-equal rewards: (Σy)²/(nΣy²) rounds to 1.0000000000000002 without the clamp.
    const nearEqual = [375797494, 375797492, 375797493, 375797492, 375797493, 375797493, 375797492, 375797493, 375797493, 375797494, 375797492, 375797494, 375797493, 375797493, 375797494, 375797493, 375797494, 375797494, 375797494];
    expect(jain(nearEqual)).toBe(1);
    // Equal rewards: Σ(2i−n−1)x_(i) rounds to -1.1e-16 (Gini -2.2e-17) without the clamp.
    expect(gini([0.2, 0.2, 0.2, 0.2, 0.2])).toBe(0);
    expect(theil(new Float64Array(7).fill(0.1))).toBeGreaterThanOrEqual(0);
  });
});

describe("mean_queue_wait_h: over calls that reached a server", () => {
  it("divides the waits by the calls that started service, not by every call", () => {
    // 6 calls, 4 reached a server after waiting 3 h in all, 2 still queued: 0.75 h (the old denominator gave 0.5).
    expect(readOn("mean_queue_wait_h", { queue_wait_sum_h: 3, service_starts: 4, inference_calls: 6 })).toBe(0.75);
  });

  it("in a run with one server and a queue, every call is either started or still queued", () => {
    let checked = 0;
    const r = run([], {
      onSnapshot: (_t, w) => {
        let queued = 0;
        for (let m = 0; m < w.models.count; m++) queued += w.models.load(m) - w.models.busy[m]!;
        expect(w.counters[C.service_starts]! + queued).toBe(w.counters[C.inference_calls]);
        if (queued > 0) checked++;
      },
    });
    expect(checked).toBeGreaterThan(0); // some snapshot had calls waiting, which the old denominator counted
    expect(r.summary.mean_queue_wait_h as number).toBeGreaterThan(0);
  });
});

describe("timeseries.csv", () => {
  it("a run stopped before its first window still writes the header", () => {
    const r = run([], { maxEvents: 3 });
    expect(r.timeseries).toEqual([]);
    expect(r.timeseriesColumns[0]).toBe("t_h");
    expect(r.timeseriesColumns).toContain("open_tasks_now");
    const dir = join(tmp, "early");
    writeRunFolder(dir, r, { coordsim_version: "test" } as Parameters<typeof writeRunFolder>[2]);
    expect(readFileSync(join(dir, "timeseries.csv"), "utf8")).toBe(`${r.timeseriesColumns.join(",")}\n`);
  });
});

describe("large timeseries warning", () => {
  const file = join(tmp, "tiny-window.yaml");
  writeFileSync(file, "name: tiny\nduration: 720\nwindow: 0.001\n");

  it("names the file, line and field with the row count, above the limit only", () => {
    expect(largeTimeseriesWarning({ duration: 720, window: 0.001 }, file, [])).toBe(
      `warning: ${file}:3:9 window: duration / window = 720,000 timeseries rows (more than ${LARGE_TIMESERIES_ROWS.toLocaleString("en-US")}): timeseries.csv will be large and the run much slower; raise window`,
    );
    expect(largeTimeseriesWarning({ duration: 720, window: 24 }, file, [])).toBeUndefined();
    expect(largeTimeseriesWarning({ duration: 100_000, window: 1 }, file, [])).toBeUndefined();
  });

  it("names the --set override that set the window", () => {
    expect(largeTimeseriesWarning({ duration: 720, window: 0.005 }, file, ["window=0.005"])).toMatch(/^warning: \(--set window=0\.005\) window: duration \/ window = 144,000 timeseries rows/);
  });
});
