import { configDefaults, defineConfig } from "vitest/config";

/**
 * Test files that are slow or need the build in dist/: they spawn the built CLI
 * (dist/bin/coordsim.js), run sweeps/compares on the worker pool (whose script
 * is dist/src/runner/sweep/worker.js even from sources), build or serve
 * notebooks, drive chromium, fuzz, or simulate every bundled scenario.
 *
 * `npm test` / `vitest run` runs both projects (everything);
 * `npm run test:unit` (`vitest run --project unit`) runs every other test file,
 * straight from sources, no build needed. New test files are unit tests unless
 * listed here; test/testSplit.test.ts fails if a unit file spawns the CLI or
 * uses dist/ (then add it here).
 */
export const SLOW_TESTS = [
  "test/check.cli.test.ts", // spawnCli
  "test/cli.misc.test.ts", // spawnCli, dist/bin is executable
  "test/cli.run.test.ts", // spawnCli
  "test/cluster.docs.test.ts", // spawns dist/bin, cluster docs
  "test/longTables.cli.test.ts", // 1,000-run sweep, shards, merge, --resume (worker pool, dist)
  "test/compare.test.ts", // compare on the worker pool (dist)
  "test/eigentrust.threats.test.ts", // simulates EigenTrust's threat-model worlds (~60 runs, ~30 s)
  "test/notebook.browser.test.ts", // chromium
  "test/notebook.designs.browser.test.ts", // chromium, sobol and morris sweeps, coordsim sensitivity
  "test/notebook.search.browser.test.ts", // chromium, optimize and attack searches (worker pool, dist)
  "test/notebook.cli.test.ts", // notebook build and serve, spawns dist/bin
  "test/notebook.inputs.test.ts", // compare on the worker pool (dist), notebook builds
  "test/notebook.serve.test.ts", // spawnCli
  "test/output.disk.test.ts", // spawnCli: unwritable and filling outputs
  "test/output.verify.test.ts", // sweeps, merge and --resume of damaged folders (worker threads, dist)
  "test/plugins.test.ts", // sweeps and --max-wall runs on the worker pool (dist)
  "test/plugins.fuzz.test.ts", // generated misbehaving plugins through run and sweep (worker threads, dist)
  "test/plugins.hostile.test.ts", // named hostile plugins through run and sweep, spawnCli (worker threads, dist)
  "test/scenario.budgets.test.ts", // spawnCli
  "test/scenario.hostileFiles.test.ts", // spawnCli on /dev/zero, FIFOs, folders
  "test/scenario.numericExtremes.test.ts", // every numeric field's extremes, a sample run through the CLI
  "test/scenario.fuzz.test.ts", // fuzzer, spawnCli
  "test/run.fromManifest.test.ts", // runs, a sweep and plugin runs reproduced from manifests (worker threads, dist)
  "test/scenarios.bundled.test.ts", // simulates every bundled scenario (~15 s)
  "test/designs.cli.test.ts", // sobol design sweeps, shards and merge (worker pool, dist/bin)
  "test/sensitivity.cli.test.ts", // spawnCli on hand-written sweep folders
  "test/sweep.cli.test.ts", // worker pool, spawns dist/bin, SIGKILL crash/resume
  "test/sweep.unpaired.cli.test.ts", // unpaired design sweeps, shards and merge (worker pool, dist)
  "test/optimize.cli.test.ts", // CMA-ES searches on the worker pool, spawns dist/bin, SIGKILL crash/resume
  "test/optimize.shard.test.ts", // optimize generations sharded and merged, as the cluster loop runs them (worker pool, dist)
  "test/attack.cli.test.ts", // attack searches on the worker pool, spawns dist/bin, SIGKILL crash/resume
  "test/attack.resist.test.ts", // two attack searches against data staking (worker pool, ~30 s)
  "test/optimize.worstCase.test.ts", // nested attack searches per candidate (worker pool, ~35 s), spawns dist/bin, SIGKILL crash/resume
  "test/sensitivity.sharded.cli.test.ts", // a 5,120-point sobol design sharded in 4 and merged (worker pool, dist)
];

export default defineConfig({
  test: {
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, ...SLOW_TESTS] } },
      { extends: true, test: { name: "slow", include: SLOW_TESTS } },
    ],
  },
});
