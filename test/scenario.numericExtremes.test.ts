// Numeric extremes at every numeric field of the schema (issue 18): the paths
// come from the scenario's JSON Schema (so a new field is covered without
// editing this test), each gets 0, -0, -1, 1e-300, 5e-324, 1e300, 2^53, 2^53+1,
// 1e308, -1e308 and NaN / infinity spellings on the quickstart scenario. The
// contract: loading either succeeds or throws a ScenarioError (validate's exit
// 0 or 2, never 3), and a sample of what is accepted runs under --max-events
// and --max-wall without exit 3 and without hanging.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { ScenarioError, loadScenarioText, scenarioJsonSchema } from "../src/scenario/index.js";
import type { JsonSchema } from "../src/scenario/index.js";
import { ROOT, tempDir } from "./helpers/cli.js";

const BASE_FILE = "scenarios/quickstart.yaml";
const BASE = readFileSync(join(ROOT, BASE_FILE), "utf8");
const EXTREMES = ["0", "-0", "-1", "1e-300", "5e-324", "1e300", "9007199254740992", "9007199254740993", "1e308", "-1e308", ".nan", ".inf", "-.inf", "1e999"];

/** One numeric field: its dotted path and the overrides that put value `x` there (whole blocks where a field cannot stand alone). */
interface NumericField {
  path: string;
  overrides: (x: string) => string[];
}

/** Where one field needs its siblings: distributions (exactly one kind), bursts (all three fields), perturb ranges (a record of pairs). */
function template(path: readonly string[], x: string): string[] | undefined {
  const at = path.join(".");
  const dist: Record<string, string> = {
    fixed: `{fixed: ${x}}`,
    "uniform.0": `{uniform: [${x}, 100000]}`,
    "uniform.1": `{uniform: [0, ${x}]}`,
    "exponential.mean": `{exponential: {mean: ${x}}}`,
    "lognormal.mu": `{lognormal: {mu: ${x}, sigma: 1}}`,
    "lognormal.sigma": `{lognormal: {mu: 5, sigma: ${x}}}`,
    "explicit.0": `{explicit: [${x}, ${x}]}`,
  };
  for (const base of ["tasks.value", "validators.stakes"]) {
    if (at.startsWith(`${base}.`) && dist[at.slice(base.length + 1)] !== undefined) return [...(base.startsWith("validators") ? ["validators.count=2"] : []), `${base}=${dist[at.slice(base.length + 1)]}`];
  }
  if (at === "world.unitWeights.zipf") return [`world.unitWeights={zipf: ${x}}`];
  if (at === "world.unitWeights.explicit.0") return ["world.unitsPerDomain=2", `world.unitWeights={explicit: [${x}, 1]}`];
  if (at.startsWith("tasks.burst.")) {
    const burst: Record<string, string> = { every: "24", duration: "2", factor: "2" };
    burst[path[2]!] = x;
    return [`tasks.burst={every: ${burst.every}, duration: ${burst.duration}, factor: ${burst.factor}}`];
  }
  if (at.startsWith("check.perturb.")) return [`check.perturb={"agents.count": ${path.at(-1) === "0" ? `[${x}, 10]` : `[1, ${x}]`}}`];
  return undefined;
}

/** Every numeric field of the JSON Schema, with policy params under the policy that declares them. */
function numericFields(schema: JsonSchema): NumericField[] {
  const out: NumericField[] = [];
  const walk = (node: JsonSchema, path: string[], tuple: { path: string[]; items: number } | undefined, pre: string[]) => {
    if (node.type === "number" || node.type === "integer") {
      const name = path.join(".");
      const tpl = (x: string) => template(path, x);
      out.push({
        path: name,
        overrides: (x) => {
          const t = tpl(x);
          if (t !== undefined) return [...pre, ...t];
          if (tuple !== undefined) {
            const at = Number(path.at(-1));
            const items = Array.from({ length: tuple.items }, (_, i) => (i === at ? x : "1"));
            return [...pre, `${tuple.path.join(".")}=[${items.join(", ")}]`];
          }
          return [...pre, `${name}=${x}`];
        },
      });
    }
    const props = node.properties as Record<string, JsonSchema> | undefined;
    for (const [key, child] of Object.entries(props ?? {})) walk(child, [...path, key], undefined, pre);
    if (typeof node.additionalProperties === "object" && node.additionalProperties !== null) walk(node.additionalProperties as JsonSchema, [...path, "*"], undefined, pre);
    const prefix = node.prefixItems as JsonSchema[] | undefined;
    prefix?.forEach((child, i) => walk(child, [...path, String(i)], { path, items: prefix.length }, pre));
    if (prefix === undefined && typeof node.items === "object" && node.items !== null) walk(node.items as JsonSchema, [...path, "0"], undefined, pre);
    for (const branch of [...((node.anyOf as JsonSchema[] | undefined) ?? []), ...((node.oneOf as JsonSchema[] | undefined) ?? [])]) {
      // A policy's { use, params } branch: select the policy, then its params.
      const use = (branch.properties as Record<string, JsonSchema> | undefined)?.use?.const;
      walk(branch, path, tuple, typeof use === "string" ? [...pre, `${path.join(".")}.use=${use}`] : pre);
    }
  };
  walk(schema, [], undefined, []);
  // The same path reached through several anyOf branches is one field per selection.
  const seen = new Set<string>();
  return out.filter((f) => {
    const key = `${f.path} ${f.overrides("X").join(" ")}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

const FIELDS = numericFields(scenarioJsonSchema(builtinCatalog));

describe("numeric extremes at every numeric field", () => {
  const accepted: { field: string; overrides: string[] }[] = [];

  it("the JSON Schema lists the numeric fields (scenario and policy params)", () => {
    const paths = new Set(FIELDS.map((f) => f.path));
    for (const p of ["epoch", "duration", "agents.scanInterval", "tasks.rate", "tasks.burst.every", "tasks.value.lognormal.mu", "validators.stakes.exponential.mean", "emissions.perEpoch", "policies.adaptation.params.every", "policies.coordination.params.round", "datanets.staking.stake", "check.perturb.*.1"]) {
      expect(paths.has(p), p).toBe(true);
    }
    expect(FIELDS.length).toBeGreaterThan(100);
  });

  it("loading gives a scenario or a ScenarioError (validate's 0 or 2), never anything else", () => {
    let refused = 0;
    for (const field of FIELDS) {
      for (const x of EXTREMES) {
        const overrides = field.overrides(x);
        try {
          loadScenarioText(BASE, BASE_FILE, { catalog: builtinCatalog, overrides });
          accepted.push({ field: field.path, overrides });
        } catch (error) {
          if (!(error instanceof ScenarioError)) throw new Error(`${overrides.join(" ")}: ${String(error)}`, { cause: error });
          refused++;
          for (const issue of error.issues) expect(issue.set ?? issue.line, overrides.join(" ")).toBeTruthy();
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
  });

  it("a sample of the accepted extremes runs under --max-events and --max-wall: never exit 3, never a hang", () => {
    // The tiny, huge and boundary values first: those are the ones that once hung or overflowed.
    const extreme = accepted.filter((a) => /(1e-300|5e-324|1e300|1e308|900719925474099[23])\b/.test(a.overrides.join(" ")));
    const step = Math.max(1, Math.floor(extreme.length / 14));
    const sample = extreme.filter((_, i) => i % step === 0).slice(0, 14);
    expect(sample.length).toBeGreaterThan(5);
    const out = tempDir("coordsim-extremes-");
    sample.forEach((a, i) => {
      const args = ["run", BASE_FILE, "--max-events", "20000", "--max-wall", "5", "--out", join(out, String(i)), ...a.overrides.flatMap((o) => ["--set", o])];
      // Not a timed test: the 120 s kill only turns a hang into a failure instead of a stuck suite.
      const r = spawnSync(process.execPath, [join(ROOT, "dist/bin/coordsim.js"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
      expect(r.signal, `${a.overrides.join(" ")}: did not finish`).toBeNull();
      expect([0, 1, 2], `${a.overrides.join(" ")}: ${r.stderr}`).toContain(r.status);
    });
  });
});
