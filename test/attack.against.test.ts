import { describe, expect, it } from "vitest";
import { splitAgainst } from "../src/runner/attack/problem.js";

describe("--against", () => {
  it("splits a=b,c=d into overrides, keeping commas inside a value, and accepts repeats", () => {
    expect(splitAgainst(["policies.attribution=volume,datanets.dedup=none"])).toEqual(["policies.attribution=volume", "datanets.dedup=none"]);
    expect(splitAgainst(["tasks.value.uniform=[1, 2],datanets.dedup=exact", "a.b=c"])).toEqual(["tasks.value.uniform=[1, 2]", "datanets.dedup=exact", "a.b=c"]);
    expect(splitAgainst([])).toEqual([]);
  });
});
