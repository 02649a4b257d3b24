// @ts-check
import path from "node:path";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const ROOT = path.dirname(fileURLToPath(import.meta.url));

// docs/design.md, Determinism: the simulation core must be reproducible, so ambient randomness and
// wall-clock reads are banned where they could leak into results.
const determinism = {
  files: ["src/sim/**/*.ts", "src/policies/**/*.ts", "src/metrics/**/*.ts", "src/scenario/designs/**/*.ts", "src/search/**/*.ts"],
  rules: {
    "no-restricted-properties": [
      "error",
      { object: "Math", property: "random", message: "Use a named seeded stream (src/sim/rng) instead of Math.random (docs/design.md, Determinism)." },
      { object: "Date", property: "now", message: "Wall-clock time is forbidden in the simulation core (docs/design.md, Determinism)." },
      { object: "performance", property: "now", message: "Wall-clock time is forbidden in the simulation core (docs/design.md, Determinism)." },
      { object: "process", property: "hrtime", message: "Wall-clock time is forbidden in the simulation core (docs/design.md, Determinism)." },
      { object: "crypto", property: "getRandomValues", message: "Use a named seeded stream (docs/design.md, Determinism)." },
      { object: "crypto", property: "randomUUID", message: "Use a named seeded stream (docs/design.md, Determinism)." },
    ],
    "no-restricted-syntax": [
      "error",
      { selector: "NewExpression[callee.name='Date']", message: "new Date() reads the wall clock; forbidden in the simulation core (docs/design.md, Determinism)." },
      { selector: "CallExpression[callee.name='Date']", message: "Date() reads the wall clock; forbidden in the simulation core (docs/design.md, Determinism)." },
      { selector: "ForInStatement", message: "for...in iterates inherited and unordered keys; iterate an explicit ordered list (docs/design.md, Determinism)." },
    ],
    "no-restricted-globals": [
      "error",
      { name: "performance", message: "Wall-clock time is forbidden in the simulation core (docs/design.md, Determinism)." },
    ],
  },
};

// Layering: bin → cli → {runner, check, notebook} → {policies, plugins,
// metrics, output, search} → scenario → sim. Each layer may import itself, the
// layers listed here, and the shared root modules src/*.ts. `import type`
// obeys the same rules. bench/, scripts/, test/ are outside the rule.
// src/search (the optimisers) is pure: it may import only src/sim/rng and src/metrics.
const LAYER_DIRS = {
  bin: "bin",
  cli: "src/cli",
  runner: "src/runner",
  check: "src/check",
  notebook: "src/notebook",
  policies: "src/policies",
  plugins: "src/plugins",
  metrics: "src/metrics",
  output: "src/output",
  sim: "src/sim",
  scenario: "src/scenario",
  search: "src/search",
};
/** @type {Record<keyof typeof LAYER_DIRS, (keyof typeof LAYER_DIRS)[]>} */
const MAY_IMPORT = {
  sim: [],
  // The scenario describes the world: its behaviour labels and policy families
  // come from src/sim's tables (src/sim never imports src/scenario).
  scenario: ["sim"],
  policies: ["sim", "scenario"],
  // Observers of the economy use the coverage-Shapley ground truth.
  metrics: ["sim", "policies", "scenario"],
  plugins: ["policies", "sim", "scenario"],
  output: ["metrics", "scenario", "sim"],
  // Only src/sim/rng of src/sim: the zone below forbids the rest.
  search: ["sim", "metrics"],
  runner: ["policies", "plugins", "metrics", "output", "sim", "scenario", "search"],
  check: ["runner", "policies", "plugins", "metrics", "output", "sim", "scenario", "search"],
  notebook: ["runner", "output", "metrics", "scenario"],
  cli: ["runner", "check", "notebook", "policies", "plugins", "metrics", "output", "sim", "scenario", "search"],
  bin: ["cli"],
};
const LAYERS = "layers: bin → cli → {runner, check, notebook} → {policies, plugins, metrics, output, search} → scenario → sim";
// Never imported by shipped code (bin/ and src/).
const OUTSIDE = ["bench", "scripts", "test"];
const layerNames = /** @type {(keyof typeof LAYER_DIRS)[]} */ (Object.keys(LAYER_DIRS));

/** @type {{ target: string, from: string, message: string }[]} */
const layerZones = [];
for (const layer of layerNames) {
  const target = LAYER_DIRS[layer];
  for (const other of layerNames) {
    if (other === layer || MAY_IMPORT[layer].includes(other)) continue;
    layerZones.push({ target, from: LAYER_DIRS[other], message: `${target} must not import ${LAYER_DIRS[other]} (${LAYERS}).` });
  }
  for (const from of OUTSIDE) {
    layerZones.push({ target, from, message: `${target} must not import ${from}/ (shipped code never depends on ${from}/; ${LAYERS}).` });
  }
}
// bin → src/cli only: not even the shared root modules src/*.ts.
layerZones.push({ target: "bin", from: "src/*.ts", message: `bin must import only src/cli, not the root modules src/*.ts (${LAYERS}).` });
// The pure metric functions (files directly in src/metrics/, not observers/) are functions over numbers.
for (const layer of /** @type {const} */ (["sim", "policies", "scenario"])) {
  layerZones.push({
    target: "src/metrics/*.ts",
    from: LAYER_DIRS[layer],
    message: `the pure metric functions src/metrics/*.ts must not import ${LAYER_DIRS[layer]}: they are pure functions over numbers (observers belong in src/metrics/observers/; ${LAYERS}).`,
  });
}
// The optimisers take their random numbers from src/sim/rng and nothing else from the simulator.
layerZones.push({
  target: "src/search",
  from: "src/sim",
  except: ["./rng"],
  message: `src/search may import only src/sim/rng of src/sim (the optimisers are pure functions of their seeded stream; ${LAYERS}).`,
});
// Root modules src/*.ts are the shared base every layer may import, so they import no layer.
for (const from of [...layerNames.map((l) => LAYER_DIRS[l]), ...OUTSIDE]) {
  layerZones.push({ target: "src/*.ts", from, message: `the shared root modules src/*.ts must not import ${from} (every layer may import them; ${LAYERS}).` });
}

/** `import("../x.js").T` type expressions bypass import-x's module visitor; require `import type` instead. */
const noImportTypeExpression = {
  meta: {
    type: "problem",
    messages: {
      inline:
        'Inline type import("{{source}}") bypasses the layer rule (import-x/no-restricted-paths); write `import type { … } from "{{source}}"` instead.',
    },
    schema: [],
  },
  /** @param {import("eslint").Rule.RuleContext} context */
  create(context) {
    return {
      /** @param {any} node */
      TSImportType(node) {
        const source = node.source?.value ?? node.argument?.literal?.value;
        if (typeof source === "string" && source.startsWith(".")) context.report({ node, messageId: "inline", data: { source } });
      },
    };
  },
};

const layering = [
  {
    // Registered for every file so tests can enable the rules on fixtures.
    plugins: { "import-x": importX, coordsim: { rules: { "no-import-type-expression": noImportTypeExpression } } },
    settings: {
      // Imports are relative and end in .js while the sources are .ts: the TS resolver maps them.
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: path.join(ROOT, "tsconfig.json") })],
      "import-x/extensions": [".ts", ".js"],
    },
  },
  {
    files: ["src/**/*.ts", "bin/**/*.ts"],
    rules: {
      "import-x/no-restricted-paths": ["error", { basePath: ROOT, zones: layerZones }],
      // no-restricted-paths silently skips imports it cannot resolve: make that an error.
      "import-x/no-unresolved": ["error", { ignore: ["^[^.]"] }],
      "coordsim/no-import-type-expression": "error",
    },
  },
  {
    // No value-import cycles in src/ (`import type` may form cycles). The fixture
    // folder is ignored by default; test/lint.layers.test.ts lints it with ignore: false.
    files: ["src/**/*.ts", "test/fixtures/lint/cycle/**/*.ts"],
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "results/**", "coverage/**", "test/fixtures/**", ".tmp*/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  determinism,
  ...layering,
  {
    // The notebooks' chart modules run in the browser.
    files: ["notebooks/**/*.js"],
    languageOptions: { globals: { document: "readonly", window: "readonly", Option: "readonly" } },
  },
);
