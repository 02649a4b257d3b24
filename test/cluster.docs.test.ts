// docs/cluster.md ships scheduler scripts: a Slurm job array, a Kubernetes
// Indexed Job and a GitHub Actions matrix. This test extracts them from the
// page (the fenced blocks with a `# file: NAME` line), runs each shard command
// locally with bash, once per shard index with the scheduler's variables set,
// then the documented merge, and checks the merged folder against an unsharded
// `coordsim sweep` of the same scenario. The scripts reach coordsim through
// $COORDSIM and read the scenario and results folder from $SCENARIO and
// $RESULTS, so the test points them at the built CLI and a temp folder.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { ROOT, tempDir, type CliResult } from "./helpers/cli.js";

const DOC = readFileSync(join(ROOT, "docs/cluster.md"), "utf8");
const BIN = join(ROOT, "dist/bin/coordsim.js");
const TINY = join(ROOT, "test/fixtures/sweeps/tiny.yaml");
const FAILING = join(ROOT, "test/fixtures/sweeps/with-failure.yaml");
/** A 2-generation search (4 candidates x 2 replicates each), for the optimize loop. */
const OPTIMIZE = join(ROOT, "test/fixtures/optimize/two-generations.yaml");
/** How the scripts reach coordsim here (they default to `npx --no coordsim`). */
const COORDSIM = `${process.execPath} ${BIN}`;

// ---- the page ----

/** The fenced block of the page that has the line `# file: <name>`. */
function fileBlock(name: string): { lang: string; text: string } {
  const found = [...DOC.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)]
    .map((m) => ({ lang: m[1]!, text: m[2]! }))
    .filter((b) => b.text.split("\n").includes(`# file: ${name}`));
  expect(found, `docs/cluster.md: one block with "# file: ${name}"`).toHaveLength(1);
  return found[0]!;
}

// ---- processes ----

/** A task's environment: ours, less anything a scheduler sets or the scripts read, plus `vars`. */
function taskEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(SLURM_|JOB_COMPLETION_INDEX$|SHARDS?$|GENERATION$|SCENARIO$|RESULTS$|WORKERS$|COORDSIM$)/.test(key)) env[key] = value;
  }
  return { ...env, ...vars };
}

function exec(command: string, args: string[], vars: Record<string, string>, cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: taskEnv(vars), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

// ---- the reference and the comparison ----

const work = tempDir("coordsim-cluster-");
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An unsharded sweep of the same scenario, started by the first test that needs it. */
let reference: Promise<string> | undefined;
function unshardedSweep(): Promise<string> {
  reference ??= (async () => {
    const out = join(work, "unsharded");
    const r = await exec(process.execPath, [BIN, "sweep", TINY, "--out", out, "--workers", "1", "--quiet"], {});
    expect(r.code, r.stderr).toBe(0);
    return out;
  })();
  return reference;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** A manifest without its wall-clock and command-line fields (sweep.json records the command that wrote the folder), the only part of a sweep folder allowed to differ. */
function withoutWallClock(path: string): unknown {
  const { started_at: _s, wall_time_s: _w, command_line: _c, cwd: _d, ...rest } = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  return rest;
}

/** The merged folder is the unsharded one: runs.csv byte for byte, every other file too, manifests up to wall-clock fields. */
async function expectSameSweep(merged: string): Promise<void> {
  const unsharded = await unshardedSweep();
  expect(readFileSync(join(merged, "runs.csv"), "utf8")).toBe(readFileSync(join(unsharded, "runs.csv"), "utf8"));
  const files = filesUnder(unsharded);
  expect(filesUnder(merged)).toEqual(files);
  for (const file of files) {
    const [a, b] = [join(merged, file), join(unsharded, file)];
    if (file.endsWith("manifest.json") || file === "sweep.json") expect(withoutWallClock(a), file).toEqual(withoutWallClock(b));
    else expect(readFileSync(a).equals(readFileSync(b)), file).toBe(true);
  }
}

// ---- Kubernetes and GitHub Actions documents ----

interface Container {
  name: string;
  image: string;
  command: string[];
  args: string[];
  env: { name: string; value?: string; valueFrom?: unknown }[];
  volumeMounts: { name: string; mountPath: string }[];
}

interface JobSpec {
  completionMode?: string;
  completions?: number;
  parallelism?: number;
  backoffLimitPerIndex?: number;
  podFailurePolicy?: { rules: { action: string; onExitCodes?: { values: number[] } }[] };
  template: { spec: { restartPolicy: string; containers: Container[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[] } };
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: unknown;
}

function manifests(name: string): K8sObject[] {
  const block = fileBlock(name);
  expect(block.lang).toBe("yaml");
  return YAML.parseAllDocuments(block.text).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as K8sObject;
  });
}

function onlyJob(objects: K8sObject[]): JobSpec {
  const jobs = objects.filter((o) => o.kind === "Job");
  expect(jobs).toHaveLength(1);
  expect(jobs[0]!.apiVersion).toBe("batch/v1");
  return jobs[0]!.spec as JobSpec;
}

/** A Job's one container, its `bash -c` script and its literal env values (valueFrom entries are the test's to set). */
function containerOf(job: JobSpec): { container: Container; script: string; env: Record<string, string> } {
  const [container, ...others] = job.template.spec.containers;
  expect(others).toEqual([]);
  expect(container!.command).toEqual(["bash", "-c"]);
  expect(container!.args).toHaveLength(1);
  const env = Object.fromEntries(container!.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
  return { container: container!, script: container!.args[0]!, env };
}

interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

interface Workflow {
  env: Record<string, string | number>;
  defaults: { run: { shell: string } };
  jobs: { shard: { strategy: { matrix: { shard: number[] } }; steps: Step[] }; merge: { needs: string; steps: Step[] } };
}

/** GitHub runs a `shell: bash` step as `bash --noprofile --norc -eo pipefail <file>`. */
const GITHUB_BASH = ["--noprofile", "--norc", "-eo", "pipefail", "-c"];

// The tests are independent (each has its own results folder) and mostly wait on child processes: run them together.
describe.concurrent("docs/cluster.md", () => {
  describe("Slurm job array", () => {
    const shardScript = fileBlock("coordsim-shard.sbatch");
    const mergeScript = fileBlock("coordsim-merge.sbatch");
    /** N as a script defaults it: SHARDS="${SHARDS:-N}". */
    const defaultShards = (text: string) => Number(/^SHARDS="\$\{SHARDS:-(\d+)\}"/m.exec(text)?.[1]);
    const n = defaultShards(shardScript.text);
    const scripts = join(work, "slurm");

    beforeAll(() => {
      mkdirSync(scripts);
      writeFileSync(join(scripts, "shard.sbatch"), shardScript.text);
      writeFileSync(join(scripts, "merge.sbatch"), mergeScript.text);
    });

    /** One array task, as slurmstepd starts it (to bash, the #SBATCH lines are comments). */
    const task = (i: number, vars: Record<string, string>) =>
      exec("bash", [join(scripts, "shard.sbatch")], { SLURM_ARRAY_TASK_ID: String(i), SLURM_CPUS_PER_TASK: "1", COORDSIM, ...vars });
    const merge = (vars: Record<string, string>) => exec("bash", [join(scripts, "merge.sbatch")], { COORDSIM, ...vars });

    it("are bash scripts whose --array range matches their SHARDS default", () => {
      expect(shardScript.lang).toBe("bash");
      expect(shardScript.text.startsWith("#!/bin/bash\n")).toBe(true);
      expect(mergeScript.text.startsWith("#!/bin/bash\n")).toBe(true);
      const last = Number(/^#SBATCH --array=0-(\d+)\b/m.exec(shardScript.text)?.[1]);
      expect(n).toBe(last + 1);
      expect(defaultShards(mergeScript.text)).toBe(n);
      expect(shardScript.text).toMatch(/^#SBATCH --cpus-per-task=\d+/m);
      expect(shardScript.text).toContain("${SLURM_ARRAY_TASK_ID");
      expect(shardScript.text).toContain("--resume");
      expect(DOC).toMatch(/sbatch --dependency=afterok:"\$\{jobid%%;\*\}" .*coordsim-merge\.sbatch/);
    });

    it("every array task, a retry, a killed task resumed, then the merge: the unsharded sweep", async () => {
      const vars = { SCENARIO: TINY, RESULTS: join(work, "slurm-results") };
      const results = await Promise.all(range(n).map((i) => task(i, { ...vars, SLURM_ARRAY_TASK_COUNT: String(n) })));
      for (const r of results) expect(r.code, r.stderr).toBe(0);

      // A retried task finds its shard complete. A task killed mid-run leaves a run folder without
      // its manifest (written last): the rerun redoes that run only.
      const runsOf = (i: number) => readdirSync(join(vars.RESULTS, `shard-${i}`, "runs")).sort();
      const last = n - 1;
      rmSync(join(vars.RESULTS, `shard-${last}`, "runs", runsOf(last)[0]!, "manifest.json"));
      const [retry, resumed] = await Promise.all([task(0, vars), task(last, vars)]);
      expect(retry.code, retry.stderr).toBe(0);
      expect(retry.stderr).toContain(`${runsOf(0).length} runs (${runsOf(0).length} already complete)`);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).toContain(`${runsOf(last).length} runs (${runsOf(last).length - 1} already complete)`);

      const merged = await merge(vars);
      expect(merged.code, merged.stderr).toBe(0);
      await expectSameSweep(join(vars.RESULTS, "merged"));
      expect(existsSync(join(vars.RESULTS, "merged.partial"))).toBe(false);

      const again = await merge(vars);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toContain("already merged");
    });

    it("a task outside 0..SHARDS-1 exits 2 before running anything", async () => {
      const results = join(work, "slurm-outside");
      const r = await task(n, { SCENARIO: TINY, RESULTS: results });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--array and SHARDS disagree");
      expect(existsSync(results)).toBe(false);
    });

    it("the merge refuses missing shards (exit 2) and publishes nothing", async () => {
      const results = join(work, "slurm-missing");
      mkdirSync(results);
      const r = await merge({ RESULTS: results });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("shard-0: no sweep.json");
      expect(existsSync(join(results, "merged"))).toBe(false);
    });

    it("failed runs: the task and the merge exit 1, and the merged folder records them (SHARDS=1)", async () => {
      const vars = { SHARDS: "1", SCENARIO: FAILING, RESULTS: join(work, "slurm-failing") };
      const shard = await task(0, vars);
      expect(shard.code, shard.stderr).toBe(1);
      const r = await merge(vars);
      expect(r.code, r.stderr).toBe(1);
      const rows = readFileSync(join(vars.RESULTS, "merged", "runs.csv"), "utf8").trim().split("\n");
      expect(rows).toHaveLength(5);
      expect(rows.filter((row) => row.includes(",failed,"))).toHaveLength(2);
    });
  });

  describe("Kubernetes Indexed Job", () => {
    const sweepObjects = manifests("coordsim-sweep.yaml");
    const sweepJob = onlyJob(sweepObjects);
    const mergeJob = onlyJob(manifests("coordsim-merge.yaml"));
    const shard = containerOf(sweepJob);
    const merge = containerOf(mergeJob);

    it("is an Indexed Job with one completion per shard, on a ReadWriteMany claim shared with the merge Job", () => {
      expect(sweepJob.completionMode).toBe("Indexed");
      expect(sweepJob.completions).toBe(Number(shard.env.SHARDS));
      expect(merge.env.SHARDS).toBe(shard.env.SHARDS);
      expect(sweepJob.parallelism).toBeLessThanOrEqual(sweepJob.completions!);
      expect(sweepJob.backoffLimitPerIndex).toBeGreaterThanOrEqual(1);
      expect(sweepJob.template.spec.restartPolicy).toBe("Never");
      expect(sweepJob.podFailurePolicy?.rules.find((r) => r.action === "FailJob")?.onExitCodes?.values).toEqual([2]);
      expect(shard.script).toContain("${JOB_COMPLETION_INDEX");
      expect(shard.script).toContain("--resume");

      const pvc = sweepObjects.find((o) => o.kind === "PersistentVolumeClaim")!;
      expect((pvc.spec as { accessModes: string[] }).accessModes).toEqual(["ReadWriteMany"]);
      for (const job of [sweepJob, mergeJob]) {
        const { container, env } = containerOf(job);
        expect(container.image).toBe(shard.container.image);
        expect(env.RESULTS).toBe(shard.env.RESULTS);
        const [mount] = container.volumeMounts;
        expect(env.RESULTS!.startsWith(`${mount!.mountPath}/`)).toBe(true);
        const volume = job.template.spec.volumes.find((v) => v.name === mount!.name);
        expect(volume?.persistentVolumeClaim?.claimName).toBe(pvc.metadata.name);
      }
    });

    it("each index's container command, then the merge Job's: the unsharded sweep", async () => {
      const n = sweepJob.completions!;
      const vars = { COORDSIM, SCENARIO: TINY, RESULTS: join(work, "k8s-results"), WORKERS: "1" };
      const results = await Promise.all(range(n).map((i) => exec("bash", ["-c", shard.script], { ...shard.env, ...vars, JOB_COMPLETION_INDEX: String(i) })));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const merged = await exec("bash", ["-c", merge.script], { ...merge.env, COORDSIM, RESULTS: vars.RESULTS });
      expect(merged.code, merged.stderr).toBe(0);
      expect(readdirSync(vars.RESULTS).sort()).toEqual([...range(n).map((i) => `shard-${i}`), "merged"].sort());
      await expectSameSweep(join(vars.RESULTS, "merged"));
    });
  });

  describe("GitHub Actions matrix", () => {
    const workflow = YAML.parse(fileBlock(".github/workflows/sweep.yml").text) as Workflow;
    const env = Object.fromEntries(Object.entries(workflow.env).map(([k, v]) => [k, String(v)]));
    const shardSteps = workflow.jobs.shard.steps;
    const mergeSteps = workflow.jobs.merge.steps;
    const sweepStep = shardSteps.find((s) => s.run?.includes(" sweep "))!;
    const upload = shardSteps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    const download = mergeSteps.find((s) => s.uses?.startsWith("actions/download-artifact@"))!;
    const mergeStep = mergeSteps.find((s) => s.run?.includes(" merge "))!;
    const matrix = (template: string, i: number) => template.replaceAll("${{ matrix.shard }}", String(i));

    it("has one matrix entry per shard and merges after them", () => {
      expect(workflow.jobs.shard.strategy.matrix.shard).toEqual(range(Number(env.SHARDS)));
      expect(workflow.jobs.merge.needs).toBe("shard");
      expect(workflow.defaults.run.shell).toBe("bash");
      expect(sweepStep.env?.SHARD).toBe("${{ matrix.shard }}");
    });

    it("each matrix job's sweep step, the artifacts laid out as download-artifact does, then the merge step: the unsharded sweep", async () => {
      const shards = workflow.jobs.shard.strategy.matrix.shard;
      const vars = { ...env, COORDSIM, SCENARIO: TINY };
      const runners = shards.map((i) => join(work, "gha", `runner-${i}`));
      for (const dir of runners) mkdirSync(dir, { recursive: true });
      const results = await Promise.all(shards.map((i) => exec("bash", [...GITHUB_BASH, sweepStep.run!], { ...vars, SHARD: String(i) }, runners[i])));
      for (const r of results) expect(r.code, r.stderr).toBe(0);

      // download-artifact with a pattern and without merge-multiple puts each artifact in <path>/<artifact name>/.
      const mergeRunner = join(work, "gha", "merge-runner");
      const downloaded = join(mergeRunner, download.with!.path!);
      for (const i of shards) cpSync(join(runners[i]!, matrix(upload.with!.path!, i)), join(downloaded, matrix(upload.with!.name!, i)), { recursive: true });
      const pattern = new RegExp(`^${download.with!.pattern!.replace("*", ".*")}$`);
      expect(readdirSync(downloaded).every((name) => pattern.test(name))).toBe(true);
      const merged = await exec("bash", [...GITHUB_BASH, mergeStep.run!], vars, mergeRunner);
      expect(merged.code, merged.stderr).toBe(0);
      await expectSameSweep(join(mergeRunner, "merged"));
    });
  });

  describe("coordsim optimize: the Slurm driver loop", () => {
    const shardScript = fileBlock("coordsim-optimize-shard.sbatch");
    const driver = fileBlock("coordsim-optimize.sh");
    const scripts = join(work, "slurm-optimize");
    /** Stands in for sbatch: runs the --array's tasks one after another with the --export variables, exit 1 if one failed (as --wait does). */
    const FAKE_SBATCH = [
      "#!/bin/bash",
      "set -euo pipefail",
      "array=; script=",
      "for a in \"$@\"; do",
      "  case \"$a\" in",
      "    --wait) ;;",
      "    --array=*) array=\"${a#--array=}\" ;;",
      "    --export=ALL,*) IFS=, read -ra pairs <<< \"${a#--export=ALL,}\"; for p in \"${pairs[@]}\"; do export \"$p\"; done ;;",
      "    -*) echo \"fake sbatch: unexpected $a\" >&2; exit 1 ;;",
      "    *) script=\"$a\" ;;",
      "  esac",
      "done",
      "rc=0",
      "for ((i = ${array%-*}; i <= ${array#*-}; i++)); do SLURM_ARRAY_TASK_ID=$i SLURM_CPUS_PER_TASK=1 bash \"$script\" || rc=1; done",
      "exit $rc",
      "",
    ].join("\n");

    beforeAll(() => {
      mkdirSync(join(scripts, "bin"), { recursive: true });
      writeFileSync(join(scripts, "coordsim-optimize-shard.sbatch"), shardScript.text);
      writeFileSync(join(scripts, "coordsim-optimize.sh"), driver.text);
      writeFileSync(join(scripts, "bin", "sbatch"), FAKE_SBATCH, { mode: 0o755 });
    });

    it("writes the search an unsharded coordsim optimize writes, and does nothing once it is complete", async () => {
      expect(shardScript.lang).toBe("bash");
      expect(driver.lang).toBe("bash");
      const results = join(work, "optimize-sharded");
      const vars = { COORDSIM, SCENARIO: OPTIMIZE, RESULTS: results, PATH: `${join(scripts, "bin")}:${process.env.PATH ?? ""}` };
      const first = await exec("bash", [join(scripts, "coordsim-optimize.sh")], vars, scripts);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toMatch(/generation 0: 2 shard\(s\)[\s\S]*generation 1: 2 shard\(s\)/);
      expect(readdirSync(join(results, "shards", "g001")).sort()).toEqual(["shard-0", "shard-1"]);
      const unsharded = join(work, "optimize-unsharded");
      const r = await exec(process.execPath, [BIN, "optimize", OPTIMIZE, "--out", unsharded, "--workers", "1", "--quiet"], {});
      expect(r.code, r.stderr).toBe(0);
      const files = (dir: string) => filesUnder(dir).filter((f) => !f.startsWith("shards/") && !f.endsWith("manifest.json") && !f.endsWith("sweep.json"));
      expect(files(results)).toEqual(files(unsharded));
      for (const file of files(unsharded)) expect(readFileSync(join(results, file)).equals(readFileSync(join(unsharded, file))), file).toBe(true);
      const again = await exec("bash", [join(scripts, "coordsim-optimize.sh")], vars, scripts);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).not.toMatch(/generation \d+:/);
    });
  });
});
