import { resolve } from "node:path";
import { ESLint, type Linter } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// The layering rule (eslint.config.js: bin → cli → {runner, check, notebook} →
// {policies, plugins, metrics, output, search} → scenario → sim) is only worth something
// if it fires. Probe code is linted as if it lived at a path in src/ or bin/; the
// files need not exist, but the modules they import must, or the rule can't
// resolve them (that is reported too, by import-x/no-unresolved).
const ROOT = resolve(import.meta.dirname, "..");
const LAYERS = "(layers: bin → cli → {runner, check, notebook} → {policies, plugins, metrics, output, search} → scenario → sim)";
const LAYER_RULE = "import-x/no-restricted-paths";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  return result!.messages;
}

const brief = (messages: Linter.LintMessage[]) => messages.map((m) => ({ line: m.line, ruleId: m.ruleId, message: m.message }));

function layerError(line: number, importPath: string, intent: string) {
  return { line, ruleId: LAYER_RULE, message: `Unexpected path "${importPath}" imported in restricted zone. ${intent}` };
}

describe("lint: layering rule fires on imports against the layers", () => {
  const cases: { file: string; code: string; errors: ReturnType<typeof layerError>[] }[] = [
    {
      file: "src/sim/economy/bad.ts",
      code: 'import { findPolicy } from "../../policies/registry.js";\nexport const f = findPolicy;\n',
      errors: [layerError(1, "../../policies/registry.js", `src/sim must not import src/policies ${LAYERS}.`)],
    },
    {
      // `import type` obeys the same rules.
      file: "src/sim/economy/badType.ts",
      code: 'import type { Registry } from "../../policies/registry.js";\nexport type R = Registry;\n',
      errors: [layerError(1, "../../policies/registry.js", `src/sim must not import src/policies ${LAYERS}.`)],
    },
    {
      // The scenario describes the world, never the other way round.
      file: "src/sim/economy/badScenario.ts",
      code: 'import { loadScenario } from "../../scenario/index.js";\nexport const f = loadScenario;\n',
      errors: [layerError(1, "../../scenario/index.js", `src/sim must not import src/scenario ${LAYERS}.`)],
    },
    {
      file: "src/scenario/x.ts",
      code: 'import { simulate } from "../runner/simulate.js";\nexport const f = simulate;\n',
      errors: [layerError(1, "../runner/simulate.js", `src/scenario must not import src/runner ${LAYERS}.`)],
    },
    {
      file: "src/metrics/pureBad.ts",
      code: 'import { Economy } from "../sim/economy/world.js";\nexport const E = Economy;\n',
      errors: [
        layerError(
          1,
          "../sim/economy/world.js",
          `the pure metric functions src/metrics/*.ts must not import src/sim: they are pure functions over numbers (observers belong in src/metrics/observers/; ${LAYERS.slice(1, -1)}).`,
        ),
      ],
    },
    {
      file: "src/output/x.ts",
      code: 'export { simulate } from "../runner/simulate.js";\n',
      errors: [layerError(1, "../runner/simulate.js", `src/output must not import src/runner ${LAYERS}.`)],
    },
    {
      file: "bin/x.ts",
      code: 'import { simulate } from "../src/runner/simulate.js";\nexport const f = simulate;\n',
      errors: [layerError(1, "../src/runner/simulate.js", `bin must not import src/runner ${LAYERS}.`)],
    },
    {
      file: "src/policies/x.ts",
      code: 'export async function f() {\n  return import("../metrics/collector.js");\n}\n',
      errors: [layerError(2, "../metrics/collector.js", `src/policies must not import src/metrics ${LAYERS}.`)],
    },
    {
      file: "src/notebook/x.ts",
      code: 'export * from "../plugins/load.js";\n',
      errors: [layerError(1, "../plugins/load.js", `src/notebook must not import src/plugins ${LAYERS}.`)],
    },
    {
      // The optimisers take only the random streams from src/sim.
      file: "src/search/bad.ts",
      code: 'import { Economy } from "../sim/economy/world.js";\nexport const E = Economy;\n',
      errors: [
        layerError(
          1,
          "../sim/economy/world.js",
          `src/search may import only src/sim/rng of src/sim (the optimisers are pure functions of their seeded stream; ${LAYERS.slice(1, -1)}).`,
        ),
      ],
    },
    {
      file: "src/search/badScenario.ts",
      code: 'import { loadScenario } from "../scenario/index.js";\nexport const f = loadScenario;\n',
      errors: [layerError(1, "../scenario/index.js", `src/search must not import src/scenario ${LAYERS}.`)],
    },
    {
      file: "src/metrics/badSearch.ts",
      code: 'import { CmaEs } from "../search/cmaes.js";\nexport const C = CmaEs;\n',
      errors: [layerError(1, "../search/cmaes.js", `src/metrics must not import src/search ${LAYERS}.`)],
    },
    {
      file: "src/newRoot.ts",
      code: 'import { Economy } from "./sim/economy/world.js";\nexport const E = Economy;\n',
      errors: [
        layerError(1, "./sim/economy/world.js", `the shared root modules src/*.ts must not import src/sim (every layer may import them; ${LAYERS.slice(1, -1)}).`),
      ],
    },
  ];
  for (const { file, code, errors } of cases) {
    it(`${file}: ${code.split("\n")[0]}`, async () => {
      expect(brief(await lint(file, code))).toEqual(errors);
    });
  }

  it("forbids inline import() types, which would bypass the layer rule", async () => {
    const messages = await lint("src/sim/economy/inline.ts", 'export type R = import("../../runner/simulate.js").RunResult;\n');
    expect(brief(messages)).toEqual([
      {
        line: 1,
        ruleId: "coordsim/no-import-type-expression",
        message:
          'Inline type import("../../runner/simulate.js") bypasses the layer rule (import-x/no-restricted-paths); write `import type { … } from "../../runner/simulate.js"` instead.',
      },
    ]);
  });

  it("reports imports it cannot resolve instead of skipping them", async () => {
    const messages = await lint("src/sim/economy/typo.ts", 'import { x } from "../../policies/registyr.js";\nexport const y = x;\n');
    expect(brief(messages)).toEqual([
      { line: 1, ruleId: "import-x/no-unresolved", message: "Unable to resolve path to module '../../policies/registyr.js'." },
    ]);
  });
});

describe("lint: layering rule allows imports along the layers", () => {
  const cases: { file: string; code: string }[] = [
    { file: "src/runner/x.ts", code: 'import { writeRunFolder } from "../output/writeRun.js";\nexport const f = writeRunFolder;\n' },
    { file: "src/metrics/observers/x.ts", code: 'import { Economy } from "../../sim/economy/world.js";\nexport const E = Economy;\n' },
    { file: "src/metrics/observers/y.ts", code: 'import type { Registry } from "../../policies/registry.js";\nexport type R = Registry;\n' },
    { file: "src/cli/x.ts", code: 'import { simulate } from "../runner/simulate.js";\nexport const f = simulate;\n' },
    { file: "src/sim/economy/x.ts", code: 'import { CoordsimError } from "../../errors.js";\nimport { Economy } from "./world.js";\nexport const v = [CoordsimError, Economy];\n' },
    { file: "src/metrics/x.ts", code: 'import { CoordsimError } from "../errors.js";\nexport const E = CoordsimError;\n' },
    { file: "src/search/x.ts", code: 'import { Stream } from "../sim/rng/index.js";\nimport { gini } from "../metrics/inequality.js";\nexport const v = [Stream, gini];\n' },
    { file: "src/runner/y.ts", code: 'import { CmaEs } from "../search/cmaes.js";\nexport const C = CmaEs;\n' },
    { file: "src/scenario/y.ts", code: 'import { FAMILIES } from "../sim/economy/families.js";\nexport const f = FAMILIES;\n' },
    { file: "src/output/x.ts", code: 'import type { Scenario } from "../scenario/index.js";\nexport type S = Scenario;\n' },
    { file: "bin/x.ts", code: 'import { main } from "../src/cli/main.js";\nexport const m = main;\n' },
    // Outside the rule.
    { file: "test/x.ts", code: 'import { simulate } from "../src/runner/simulate.js";\nexport const f = simulate;\n' },
    { file: "bench/x.ts", code: 'import { Economy } from "../src/sim/economy/world.js";\nexport const E = Economy;\n' },
  ];
  for (const { file, code } of cases) {
    it(`${file}: ${code.split("\n")[0]}`, async () => {
      expect(brief(await lint(file, code))).toEqual([]);
    });
  }
});

describe("lint: no value-import cycles", () => {
  // Real files: the cycle rule follows imports on disk. test/fixtures/** is
  // ignored by `eslint .`, so lint with ignore: false; eslint.config.js applies
  // import-x/no-cycle to src/** and to these fixtures.
  const CYCLE = "test/fixtures/lint/cycle";
  let byFile: Map<string, Linter.LintMessage[]>;
  beforeAll(async () => {
    const results = await new ESLint({ cwd: ROOT, ignore: false }).lintFiles([`${CYCLE}/**/*.ts`]);
    byFile = new Map(results.map((r) => [r.filePath, r.messages]));
  }, 60_000);
  const messagesOf = (file: string) => {
    const messages = byFile.get(resolve(ROOT, CYCLE, file));
    expect(messages, `${file} was linted`).toBeDefined();
    return brief(messages!);
  };

  it("flags a two-file value cycle from both ends", () => {
    expect(messagesOf("value/a.ts")).toEqual([{ line: 1, ruleId: "import-x/no-cycle", message: "Dependency cycle detected" }]);
    expect(messagesOf("value/b.ts")).toEqual([{ line: 1, ruleId: "import-x/no-cycle", message: "Dependency cycle detected" }]);
  });

  it("flags a longer value cycle and names the route", () => {
    expect(messagesOf("chain/a.ts")).toEqual([{ line: 1, ruleId: "import-x/no-cycle", message: 'Dependency cycle via "./c.js:1"' }]);
    expect(messagesOf("chain/b.ts")).toEqual([{ line: 1, ruleId: "import-x/no-cycle", message: 'Dependency cycle via "./a.js:1"' }]);
    expect(messagesOf("chain/c.ts")).toEqual([{ line: 1, ruleId: "import-x/no-cycle", message: 'Dependency cycle via "./b.js:1"' }]);
  });

  it("allows a cycle closed by a type-only import (`import type` or `import { type X }`)", () => {
    for (const file of ["typeOnly/a.ts", "typeOnly/b.ts", "inlineType/a.ts", "inlineType/b.ts"]) {
      expect(messagesOf(file), file).toEqual([]);
    }
  });
});
