import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { ScenarioError, applyOverride, loadScenario, parseOverride } from "../src/scenario/index.js";

const good = "test/fixtures/scenarios/good.yaml";
const full = "test/fixtures/scenarios/full.yaml";
const load = (file: string, overrides: string[]) => loadScenario(file, { catalog: builtinCatalog, overrides });

function failure(file: string, overrides: string[]): string {
  try {
    load(file, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).message;
  }
  throw new Error("expected the overrides to be rejected");
}

describe("parseOverride", () => {
  it("splits the path on '.' and parses the value as YAML", () => {
    const value = (text: string) => {
      const r = parseOverride(text);
      if (!r.ok) throw new Error(r.message);
      return [r.override.path, r.override.value];
    };
    expect(value("agents.count=100")).toEqual([["agents", "count"], 100]);
    expect(value("policies.routing=least-loaded")).toEqual([["policies", "routing"], "least-loaded"]);
    expect(value("tasks.value={uniform: [1, 2]}")).toEqual([["tasks", "value"], { uniform: [1, 2] }]);
    expect(value("description=a=b")).toEqual([["description"], "a=b"]);
    expect(value("description=")).toEqual([["description"], ""]);
    expect(value("name='007'")).toEqual([["name"], "007"]);
  });

  it("rejects a missing '=', an empty path segment and an unparsable value", () => {
    expect(parseOverride("agents.count")).toEqual({
      ok: false,
      label: "--set agents.count",
      path: "",
      message: "expected path=value, e.g. --set agents.count=100",
    });
    expect(parseOverride("agents..count=1")).toMatchObject({ ok: false, path: "agents..count" });
    expect(parseOverride("=1")).toMatchObject({ ok: false, path: "" });
    expect(parseOverride("tasks.value={uniform: [1,")).toMatchObject({ ok: false, path: "tasks.value" });
  });

  it("an alias without an anchor (`*x`) is a parse error, not a crash", () => {
    expect(parseOverride("tasks.rate=*x")).toEqual({
      ok: false,
      label: "--set tasks.rate=*x",
      path: "tasks.rate",
      message: 'cannot read value "*x": Unresolved alias (the anchor must be set before the alias): x',
    });
  });

  it("applyOverride creates maps on the way and refuses to descend into a scalar", () => {
    const data: Record<string, unknown> = { name: "x", tasks: { rate: 1 } };
    const set = (text: string) => {
      const r = parseOverride(text);
      if (!r.ok) throw new Error(r.message);
      return applyOverride(data, r.override);
    };
    expect(set("tasks.value.uniform=[1, 2]")).toBeUndefined();
    expect(set("tasks.value.uniform.1=5")).toBeUndefined();
    expect(data.tasks).toEqual({ rate: 1, value: { uniform: [1, 5] } });
    expect(set("name.first=1")).toBe('cannot set inside name, which is "x" (not a map)');
    expect(set("__proto__.polluted=1")).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("loadScenario with --set", () => {
  it("overrides numbers, policy names and flow values", () => {
    const s = load(good, ["agents.count=100", "policies.routing=least-loaded", "tasks.value={uniform: [1, 2]}"]);
    expect(s.agents.count).toBe(100);
    expect(s.policies.routing).toEqual({ use: "least-loaded", params: {} });
    expect(s.tasks.value).toEqual({ uniform: [1, 2] });
  });

  it("sets a param of a policy given by name (or defaulted)", () => {
    const s = load(good, ["policies.rewards.params.data=0.45", "policies.rewards.params.model=0.4"]);
    expect(s.policies.rewards).toEqual({ use: "fixed-split", params: { data: 0.45, model: 0.4, agent: 0, validators: 0.1, treasury: 0.05 } });
    expect(load(full, ["policies.coordination.use=independent"]).policies.coordination).toEqual({ use: "independent", params: {} });
  });

  it("later overrides win; the file is untouched between loads", () => {
    expect(load(good, ["agents.count=5", "agents.count=6"]).agents.count).toBe(6);
    expect(load(good, []).agents.count).toBe(20);
  });

  it("issues on overridden values name the override instead of a position", () => {
    expect(failure(good, ["agents.count=abc"])).toBe('(--set agents.count=abc) agents.count: expected an integer in [1,10000000], got "abc"');
    expect(failure(good, ["agents.cuont=3"])).toBe('(--set agents.cuont=3) agents.cuont: unknown key (did you mean "count"?)');
    expect(failure(good, ["policies.routing=fastest"])).toBe(
      '(--set policies.routing=fastest) policies.routing: unknown routing policy "fastest"; known: random, least-loaded, greedy-trust, softmax-trust, proportional-trust',
    );
    expect(failure(good, ["models={}"])).toBe("(--set models={}) models.count: required");
  });

  it("bad --set syntax is an error naming the override", () => {
    expect(failure(good, ["agents.count"])).toBe("(--set agents.count): expected path=value, e.g. --set agents.count=100");
    expect(failure(good, ["tasks.value={uniform: [1,"])).toBe(
      '(--set tasks.value={uniform: [1,) tasks.value: cannot parse value "{uniform: [1,": Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    expect(failure(good, ["name.first=x"])).toBe('(--set name.first=x) name.first: cannot set inside name, which is "good-minimal" (not a map)');
  });

  it("an issue on a file value changed by an override mentions the override", () => {
    expect(failure(full, ["agents.mix.honest=0.5"])).toBe(
      "test/fixtures/scenarios/full.yaml:15:8 agents.mix: expected fractions summing to 1 (or whole counts summing to agents.count = 50), got a sum of 0.5 (with --set agents.mix.honest=0.5)",
    );
  });

  it("file issues come first, then override issues in the order given", () => {
    expect(failure("test/fixtures/scenarios/typo-key.yaml", ["tasks.rate=0", "agents", "models.count=-1"])).toBe(
      [
        'test/fixtures/scenarios/typo-key.yaml:6:3 agents.cuont: unknown key (did you mean "count"?)',
        "(--set tasks.rate=0) tasks.rate: expected a number in (0,1000000000], got 0",
        "(--set agents): expected path=value, e.g. --set agents.count=100",
        "(--set models.count=-1) models.count: expected an integer in [1,10000000], got -1",
      ].join("\n"),
    );
  });
});
