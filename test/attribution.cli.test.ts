// `coordsim attribute` as a typed function (no spawning): output shape, values,
// and exit-2 errors that name the file and the field.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attributeCommand, type AttributeCommandOptions } from "../src/cli/commands/attribute.js";
import { coordsimCause } from "../src/errors.js";
import { runCli } from "./helpers/cli.js";

const GAMES = join(import.meta.dirname, "fixtures/games");

async function attribute(file: string, options: AttributeCommandOptions) {
  let stdout = "";
  const code = await attributeCommand(join(GAMES, file), options, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } });
  return { code, stdout, values: (JSON.parse(stdout) as { values: (number | null)[] }).values };
}

/** The coordsim error a call rejects with (kind and message). */
async function failure(file: string, options: AttributeCommandOptions): Promise<{ kind: string; message: string }> {
  try {
    await attributeCommand(join(GAMES, file), options, { stdout: { write: () => true }, stderr: { write: () => true } });
  } catch (error) {
    const known = coordsimCause(error);
    if (known !== undefined) return { kind: known.kind, message: known.message };
    throw error;
  }
  throw new Error("expected attributeCommand to fail");
}

const near = (values: (number | null)[], expected: number[]) => expected.forEach((x, i) => expect(values[i]).toBeCloseTo(x, 12));

describe("coordsim attribute", () => {
  it('prints {"values": [...]} with one raw value per player, in player order', async () => {
    const r = await attribute("glove.json", { policy: "shapley-exact" });
    expect(r.code).toBe("ok");
    expect(r.stdout).toMatch(/^\{"values":\[[^\]]*\]\}\n$/);
    near(r.values, [2 / 3, 1 / 6, 1 / 6]);
    near((await attribute("glove.json", { policy: "leave-one-out" })).values, [1, 0, 0]);
    near((await attribute("glove.json", { policy: "banzhaf-mc", samples: 20000, seed: 1 })).values.map((v) => Math.round(v! * 20) / 20), [0.75, 0.25, 0.25]);
  });

  it("coverage games: coverage-shapley equals shapley-exact; quality-scaled units split by the airport rule", async () => {
    const exact = (await attribute("coverage.json", { policy: "shapley-exact" })).values;
    near((await attribute("coverage.json", { policy: "coverage-shapley" })).values, exact as number[]);
    near((await attribute("coverage-quality.json", { policy: "coverage-shapley" })).values, [2 / 3, 13 / 6, 67 / 6]);
    near((await attribute("coverage-quality.json", { policy: "shapley-exact" })).values, [2 / 3, 13 / 6, 67 / 6]);
    near((await attribute("coverage-quality.json", { policy: "first-contributor" })).values, [2, 3, 9]);
    near((await attribute("coverage-quality.json", { policy: "volume" })).values, [14 / 4, 14 / 4, 7]);
  });

  it("Monte Carlo policies are deterministic for a seed and honour --samples", async () => {
    const a = await attribute("coverage.json", { policy: "shapley-mc", samples: 50, seed: 9 });
    const b = await attribute("coverage.json", { policy: "shapley-mc", samples: 50, seed: 9 });
    const c = await attribute("coverage.json", { policy: "shapley-mc", samples: 51, seed: 9 });
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it("bad input exits 2 with a message naming the file and the field", async () => {
    const cases: [string, AttributeCommandOptions, RegExp][] = [
      ["missing.json", { policy: "shapley-exact" }, /missing\.json: cannot read the game file \(ENOENT\)/],
      ["not-json.json", { policy: "shapley-exact" }, /not-json\.json:1:52 characteristic_function: not valid JSON: expected a key in double quotes/],
      ["bad-value.json", { policy: "shapley-exact" }, /bad-value\.json:\d+:\d+ characteristic_function\["1"\]: expected a number or an exact fraction string like "7\/3", got true/],
      ["missing-coalition.json", { policy: "shapley-exact" }, /missing-coalition\.json:\d+:\d+ characteristic_function: missing the coalition "1"/],
      ["bad-key.json", { policy: "shapley-exact" }, /bad-key\.json:\d+:\d+ characteristic_function\["1,0"\]: key "1,0" must list players in increasing order/],
      ["bad-items.json", { policy: "coverage-shapley" }, /bad-items\.json:15:9 definition\.player_items\[1\]\[1\]: expected an item index in \[0,1\], got 2/],
      ["inconsistent.json", { policy: "coverage-shapley" }, /inconsistent\.json:\d+:\d+ characteristic_function\["0,1"\]: is 4 but the coverage definition gives 3/],
      ["glove.json", { policy: "coverage-shapley" }, /glove\.json: attribution policy coverage-shapley needs a coverage game/],
      ["glove.json", { policy: "first-contributor" }, /attribution policy first-contributor needs a coverage game/],
      ["glove.json", { policy: "shapley" }, /glove\.json: unknown attribution policy "shapley"; known: uniform, volume, leave-one-out, shapley-exact, shapley-mc, banzhaf-mc, coverage-shapley, first-contributor, replication-robust, influence-noisy/],
      ["glove.json", { policy: "shapley-exact", samples: 10 }, /--samples applies only to shapley-mc, banzhaf-mc; attribution policy shapley-exact takes no samples/],
      ["glove.json", { policy: "shapley-mc", samples: 0 }, /attribution policy shapley-mc: samples: expected an integer in \[1,10000000\], got 0/],
    ];
    for (const [file, options, message] of cases) {
      const f = await failure(file, options);
      expect(f.kind, file).toBe("bad-input");
      expect(f.message).toMatch(message);
    }
  });

  it("--param sets a policy param (repeatable; numbers, booleans and strings parsed like --set)", async () => {
    // 3 players holding one item: Shapley 1/3 each; replication-robust withholds, paying (1/3) e^{-2λ} each (λ = 1 by default).
    near((await attribute("one-item.json", { policy: "replication-robust" })).values, [1, 1, 1].map(() => Math.exp(-2) / 3));
    near((await attribute("one-item.json", { policy: "replication-robust", param: ["penalty=0"] })).values, [1 / 3, 1 / 3, 1 / 3]);
    near((await attribute("one-item.json", { policy: "replication-robust", param: ["penalty=0.5", "similarity=jaccard"] })).values, [1, 1, 1].map(() => Math.exp(-1) / 3));
    near((await attribute("one-item.json", { policy: "replication-robust", param: ["penalty=3", "penalty=0.25"] })).values, [1, 1, 1].map(() => Math.exp(-0.5) / 3)); // the last one wins
    const a = await attribute("coverage.json", { policy: "shapley-mc", param: ["samples=50"], seed: 9 });
    expect(a.stdout).toBe((await attribute("coverage.json", { policy: "shapley-mc", samples: 50, seed: 9 })).stdout);
  });

  it("a bad --param exits 2 naming the param", async () => {
    const cases: [AttributeCommandOptions, RegExp][] = [
      [{ policy: "replication-robust", param: ["penalty=abc"] }, /one-item\.json: --param penalty=abc: attribution policy replication-robust: penalty: expected a number in \[0,1000\], got "abc"/],
      [{ policy: "replication-robust", param: ["penalty=-1"] }, /--param penalty=-1: attribution policy replication-robust: penalty: expected a number in \[0,1000\], got -1/],
      [{ policy: "replication-robust", param: ["similarity=cosine"] }, /--param similarity=cosine: attribution policy replication-robust: similarity: expected one of jaccard, containment, got "cosine"/],
      [{ policy: "replication-robust", param: ["penalty=true"] }, /--param penalty=true: attribution policy replication-robust: penalty: expected a number/],
      [{ policy: "replication-robust", param: ["penalty.scale=2"] }, /--param penalty\.scale=2: attribution policy replication-robust: penalty: expected a number/],
      [{ policy: "replication-robust", param: ["lambda=2"] }, /--param lambda=2: attribution policy replication-robust has no param "lambda"/],
      [{ policy: "shapley-exact", param: ["penalty=2"] }, /--param penalty=2: attribution policy shapley-exact has no param "penalty"/],
      [{ policy: "replication-robust", param: ["penalty"] }, /--param penalty: expected path=value, e\.g\. --param penalty=100/],
      [{ policy: "replication-robust", param: ["=2"] }, /--param =2: expected a dotted field path before '=', e\.g\. penalty, got ""/],
    ];
    for (const [options, message] of cases) {
      const f = await failure("one-item.json", options);
      expect(f.kind, options.param!.join(" ")).toBe("bad-input");
      expect(f.message).toMatch(message);
    }
  });

  it("through the CLI: --param is repeatable, a bad one exits 2, and --help describes it", async () => {
    const ok = await runCli("attribute", join(GAMES, "one-item.json"), "--policy", "replication-robust", "--param", "penalty=0", "--param", "similarity=jaccard");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ values: [1 / 3, 1 / 3, 1 / 3] });
    const bad = await runCli("attribute", join(GAMES, "one-item.json"), "--policy", "replication-robust", "--param", "penalty=abc");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--param penalty=abc: attribution policy replication-robust: penalty: expected a number/);
    const help = await runCli("attribute", "--help");
    expect(help.stdout).toMatch(/--param <name=value>/);
    expect(help.stdout).toMatch(/repeatable/);
  });
});
