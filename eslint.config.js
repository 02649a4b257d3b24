// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// DESIGN §4: the simulation core must be reproducible, so ambient randomness and
// wall-clock reads are banned where they could leak into results.
const determinism = {
  files: ["src/sim/**/*.ts", "src/policies/**/*.ts", "src/metrics/**/*.ts"],
  rules: {
    "no-restricted-properties": [
      "error",
      { object: "Math", property: "random", message: "Use a named seeded stream (src/sim/rng) instead of Math.random (DESIGN §4)." },
      { object: "Date", property: "now", message: "Wall-clock time is forbidden in the simulation core (DESIGN §4)." },
      { object: "performance", property: "now", message: "Wall-clock time is forbidden in the simulation core (DESIGN §4)." },
      { object: "process", property: "hrtime", message: "Wall-clock time is forbidden in the simulation core (DESIGN §4)." },
      { object: "crypto", property: "getRandomValues", message: "Use a named seeded stream (DESIGN §4)." },
      { object: "crypto", property: "randomUUID", message: "Use a named seeded stream (DESIGN §4)." },
    ],
    "no-restricted-syntax": [
      "error",
      { selector: "NewExpression[callee.name='Date']", message: "new Date() reads the wall clock; forbidden in the simulation core (DESIGN §4)." },
      { selector: "CallExpression[callee.name='Date']", message: "Date() reads the wall clock; forbidden in the simulation core (DESIGN §4)." },
      { selector: "ForInStatement", message: "for...in iterates inherited and unordered keys; iterate an explicit ordered list (DESIGN §4)." },
    ],
    "no-restricted-globals": [
      "error",
      { name: "performance", message: "Wall-clock time is forbidden in the simulation core (DESIGN §4)." },
    ],
  },
};

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
  {
    // The notebooks' chart modules run in the browser.
    files: ["notebooks/**/*.js"],
    languageOptions: { globals: { document: "readonly", window: "readonly", Option: "readonly" } },
  },
);
