// `npm run build && node dist/scripts/shardedSobol.js [--n 512] [--shards 4] [--workers 2] [--out DIR]`:
// the issue's big sharded check. Runs the 8-factor Sobol' design of
// test/fixtures/sweeps/sobol-512x8.yaml (N base points, N(8+2) runs) once
// unsharded and once as `--shard i/S` folders joined by `coordsim merge`, runs
// `coordsim sensitivity` on both, and checks sensitivity.csv, runs.csv and
// design.csv are byte-identical; prints each step's wall time.
// test/sensitivity.sharded.cli.test.ts runs it with a smaller N.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const SOBOL_512X8 = "test/fixtures/sweeps/sobol-512x8.yaml";
export const COMPARED_FILES = ["sensitivity.csv", "runs.csv", "design.csv"] as const;

export interface ShardedSobolOptions {
  /** The repository root (holds dist/bin/coordsim.js and the fixture). */
  root: string;
  n: number;
  shards: number;
  workers: number;
  out: string;
}

export interface ShardedSobolResult {
  runs: number;
  /** Wall seconds per step: the unsharded sweep, each shard, the merge, the two analyses. */
  seconds: Record<string, number>;
  /** Per compared file: identical bytes in the unsharded and the merged folder. */
  identical: Record<(typeof COMPARED_FILES)[number], boolean>;
}

function coordsim(root: string, args: string[]): number {
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(root, "dist/bin/coordsim.js"), ...args], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`coordsim ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return (performance.now() - started) / 1000;
}

export function shardedSobolCheck(options: ShardedSobolOptions): ShardedSobolResult {
  const common = ["--set", `sweep.design.n=${options.n}`, "--workers", String(options.workers), "--quiet"];
  const whole = join(options.out, "whole");
  const seconds: Record<string, number> = {};
  const run = (args: string[]) => coordsim(options.root, args);
  seconds.sweep = run(["sweep", SOBOL_512X8, ...common, "--out", whole]);
  const shards = Array.from({ length: options.shards }, (_, i) => join(options.out, `shard${i}`));
  shards.forEach((dir, i) => (seconds[`shard ${i}/${options.shards}`] = run(["sweep", SOBOL_512X8, ...common, "--shard", `${i}/${options.shards}`, "--out", dir])));
  const merged = join(options.out, "merged");
  seconds.merge = run(["merge", ...shards, "--out", merged, "--quiet"]);
  seconds["sensitivity (unsharded)"] = run(["sensitivity", whole, "--metrics", "all", "--quiet"]);
  seconds["sensitivity (merged)"] = run(["sensitivity", merged, "--metrics", "all", "--quiet"]);
  const identical = Object.fromEntries(COMPARED_FILES.map((f) => [f, readFileSync(join(whole, f)).equals(readFileSync(join(merged, f)))])) as ShardedSobolResult["identical"];
  const runs = readFileSync(join(whole, "runs.csv"), "utf8").trimEnd().split("\n").length - 1;
  return { runs, seconds, identical };
}

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  return i < 0 ? fallback : Number(args[i + 1]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--out");
  const out = at >= 0 ? args[at + 1]! : mkdtempSync(join(tmpdir(), "coordsim-sharded-sobol-"));
  const result = shardedSobolCheck({ root: resolve(import.meta.dirname, "../.."), n: flag(args, "--n", 512), shards: flag(args, "--shards", 4), workers: flag(args, "--workers", 2), out });
  console.log(`${result.runs} runs in ${out}`);
  for (const [step, s] of Object.entries(result.seconds)) console.log(`  ${step.padEnd(26)} ${s.toFixed(1)} s`);
  for (const [file, same] of Object.entries(result.identical)) console.log(`  ${file.padEnd(26)} ${same ? "identical" : "DIFFERENT"}`);
  if (!Object.values(result.identical).every(Boolean)) process.exitCode = 1;
}
