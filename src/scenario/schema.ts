// The scenario schema: the single source of truth for validation, defaults, the
// JSON Schema printed by `coordsim schema`, and the README's scenario reference.
import * as z from "zod";
import { AGENT_BEHAVIORS, MODEL_BEHAVIORS, PROVIDER_BEHAVIORS, VALIDATOR_BEHAVIORS } from "../sim/economy/behaviors.js";
import { FAMILIES, perFamily, type PolicyFamily } from "../sim/economy/families.js";
import { count, distribution, hours, micro, mix, mixProblem, num, prob, showValue, stakeSpec } from "./fields.js";
import { dataStakingSchema } from "./stakingSchema.js";
import { designSchema } from "./designSchema.js";
import { optimizeSchema } from "./optimizeSchema.js";
import { attackSchema } from "./attackSchema.js";
import { designPointCount } from "./designs/design.js";

/** A policy choice: a built-in name, or `{ use, params }`. Params are checked against the policy's own schema later. */
/** The block-level check of a population's mix against its count (a block's refinement runs whenever the block itself parsed). */
const mixMatchesCount =
  (population: string) =>
  (block: { count: number; mix: Partial<Record<string, number>> }, ctx: z.RefinementCtx): void => {
    const problem = mixProblem(block.mix, block.count, `${population}.count`);
    if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["mix"], message: problem });
  };

const MIX_TEXT = (population: string) =>
  `Behaviours of the ${population}: fractions per behaviour summing to 1 (each member draws its own), or whole counts summing to ${population}.count (exactly that many of each).`;

export const policySpec = (fallback: string) =>
  z
    .union([z.string().min(1), z.object({ use: z.string().min(1).describe("Policy name."), params: z.record(z.string(), z.unknown()).optional().describe("Policy parameters (see `coordsim policies`).") }).strict()], {
      error: (iss) => `expected a policy name or { use, params }, got ${showValue(iss.input)}`,
    })
    .default(fallback)
    .describe(`Policy name or { use, params }. Default: ${fallback}.`);

export { AGENT_BEHAVIORS, MODEL_BEHAVIORS, PROVIDER_BEHAVIORS, VALIDATOR_BEHAVIORS } from "../sim/economy/behaviors.js";

const unitWeights = z
  .object({
    zipf: num({ min: 0, max: 10 }).optional().describe("Zipf exponent: local unit k has weight 1/(k+1)^s."),
    explicit: z.array(num({ gt: 0 })).min(1).optional().describe("One weight per local unit (length must equal unitsPerDomain)."),
  })
  .strict()
  .refine((w) => (w.zipf === undefined) !== (w.explicit === undefined), { error: "expected exactly one of zipf, explicit" });

/**
 * Top-level fields no run's outcome depends on, with why: a sweep axis or a
 * compare variant over one of them would run identical simulations (seeds
 * come from replicates). The one rule for `sweep.grid` keys and `--vary`.
 */
const UNVARYING: Readonly<Record<string, string>> = {
  seed: "use replicates: replicate r gets its own derived seed",
  sweep: "each run ignores the sweep block; it defines the sweep",
  check: "only `coordsim check` reads the check block; runs ignore it",
  optimize: "each run ignores the optimize block; it defines the search",
  attack: "each run ignores the attack block; it defines the attack search",
  name: "it identifies the sweep and cannot change a run",
  description: "free text that no run reads",
  $schema: "an editor hint that no run reads",
};
export const UNSWEEPABLE = Object.keys(UNVARYING);

/** Why the field at dotted `path` cannot be varied across runs (sweep axis, compare variant), or undefined if it can. */
export function unvaryingReason(path: string): string | undefined {
  const head = path.split(".")[0]!;
  return Object.hasOwn(UNVARYING, head) ? `${head} (${UNVARYING[head]})` : undefined;
}

const sweepSchema = z
  .object({
    replicates: num({ min: 1, max: 100_000, int: true }).default(1).describe("Runs per grid or design point; replicate r uses the same derived seed at every point (common random numbers)."),
    grid: z
      .record(
        z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, { error: (iss) => `expected a dotted field path such as policies.attribution, got ${showValue(iss.input)}` }),
        z.array(z.unknown()).min(1, { error: "expected a non-empty list of values" }),
      )
      .optional()
      .describe("Field path -> list of values; the runs are every combination (the last path varies fastest). Not with design."),
    design: designSchema.optional().describe("An experiment design over factors (lhs, sobol, morris, or a grid of levels) instead of grid; see the README's sweep section."),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.grid !== undefined && s.design !== undefined) ctx.addIssue({ code: "custom", path: ["design"], message: "expected grid or design, not both (a design lists its own factors)" });
    // Count before anything expands the grid or design: a 20^8-point grid must fail here, not exhaust the heap.
    if (s.design !== undefined) {
      const points = designPointCount(s.design);
      const runs = points * s.replicates;
      if (!(runs <= MAX_SWEEP_RUNS)) ctx.addIssue({ code: "custom", path: ["design"], message: `the sweep would plan ${runs.toLocaleString("en-US")} runs (${points.toLocaleString("en-US")} ${s.design.kind} design points × ${s.replicates} replicates); the limit is ${MAX_SWEEP_RUNS.toLocaleString("en-US")}` });
      for (const key of Object.keys(s.design.factors)) {
        const reason = unvaryingReason(key);
        if (reason !== undefined) ctx.addIssue({ code: "custom", path: ["design", "factors", key], message: `cannot sweep ${reason}` });
      }
      return;
    }
    const grid = s.grid ?? {};
    const runs = Object.values(grid).reduce((n, values) => n * values.length, 1) * s.replicates;
    if (!(runs <= MAX_SWEEP_RUNS)) {
      const sizes = Object.values(grid).map((v) => v.length).join(" × ");
      ctx.addIssue({ code: "custom", path: ["grid"], message: `the sweep would plan ${runs.toLocaleString("en-US")} runs (${sizes || "1"} grid points × ${s.replicates} replicates); the limit is ${MAX_SWEEP_RUNS.toLocaleString("en-US")}` });
    }
    for (const key of Object.keys(grid)) {
      const reason = unvaryingReason(key);
      if (reason !== undefined) ctx.addIssue({ code: "custom", path: ["grid", key], message: `cannot sweep ${reason}` });
    }
  });

const checkSchema = z
  .object({
    runs: num({ min: 1, max: 100_000, int: true }).optional().describe("Generated cases per check (default 20; `--runs` overrides)."),
    duration: hours().optional().describe("Longest simulated time of a generated case (default: the scenario's duration, at most 240 h)."),
    perturb: z
      .record(
        z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, { error: (iss) => `expected a dotted field path such as agents.count, got ${showValue(iss.input)}` }),
        z
          .tuple([num({ min: -1e15, max: 1e15 }), num({ min: -1e15, max: 1e15 })])
          .refine(([a, b]) => a <= b, { error: "expected [min, max] with min <= max" }),
      )
      .optional()
      .describe("Field path -> [min, max]: the numeric fields the check varies (integers when both ends are). Default: entity counts (capped at 40 providers and agents, 8 validators, 12 models) and tasks.rate (at most 10)."),
  })
  .strict();

export const scenarioSchema = z
  .object({
    $schema: z.string().optional().describe("Optional JSON Schema reference for editors; ignored."),
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,80}$/, { error: (iss) => `expected a name of letters, digits, '.', '_' or '-' (at most 80), got ${showValue(iss.input)}` })
      .describe("Scenario name; used in default output folder names."),
    description: z.string().max(2000).optional().describe("Free text shown nowhere but the manifest."),
    seed: num({ min: 0, max: 2 ** 32 - 1, int: true }).default(1).describe("Run seed; `--seed` overrides. Every random stream derives from it."),
    duration: hours().describe("Simulated hours to run."),
    window: hours().optional().describe("Metrics snapshot interval in simulated hours (one timeseries.csv row each). Default: 24, or the duration if shorter."),
    maxEvents: num({ min: 1, max: 1e12, int: true }).optional().describe("Stop after this many events (the run is marked truncated)."),
    epoch: hours().default(24).describe("Settlement interval in hours: accrued data and validator shares are paid out, emissions minted."),
    settlement: z
      .enum(["epoch", "final"], { error: (iss) => `expected epoch or final, got ${showValue(iss.input)}` })
      .default("epoch")
      .describe("When data fees are paid: `epoch` (each epoch, by the current versions' credits) or `final` (once, after the run, by versions retrained on the final datanets)."),
    world: z
      .object({
        domains: num({ min: 1, max: 10_000, int: true }).default(1).describe("Number of knowledge domains (one datanet each)."),
        unitsPerDomain: num({ min: 1, max: 10_000_000, int: true }).default(1000).describe("Knowledge units per domain (the ground truth data value is defined over)."),
        unitWeights: unitWeights.default({ zipf: 1 }).describe("Importance of each unit: `{ zipf: s }` or `{ explicit: [...] }`."),
      })
      .strict()
      .default({ domains: 1, unitsPerDomain: 1000, unitWeights: { zipf: 1 } })
      .describe("Ground truth: domains of weighted knowledge units. A model's value is the weighted, quality-scaled coverage of its training data."),
    providers: z
      .object({
        count: count(0).default(0).describe("Number of data providers."),
        mix: mix(PROVIDER_BEHAVIORS, { honest: 1 }).describe(MIX_TEXT("providers")),
        contributionRate: num({ min: 0, max: 1e6 }).default(0.02).describe("Contributions per provider per hour (Poisson)."),
        datasetSize: num({ min: 1, max: 1e6, int: true }).default(20).describe("Mean units per contribution (1 + Poisson)."),
        nicheSpread: num({ gt: 0, max: 1e7 }).default(25).describe("Spread (sd, in units) of an honest provider's data around its niche."),
        quality: z.tuple([prob(), prob()]).default([0.6, 1]).describe("Quality range [min, max] of honest data (uniform)."),
        spamSizeFactor: num({ min: 1, max: 1000 }).default(5).describe("Spammer datasets are this many times larger."),
        spamQuality: prob().default(0.1).describe("Quality of spam data."),
        nearCopyShare: prob().default(0.5).describe("Share of a duplicator's uploads that are near-copies rather than exact copies."),
        nearCopyNoise: prob().default(0.2).describe("Share of units a near-copy replaces."),
        sybilIdentities: num({ min: 1, max: 1000, int: true }).default(4).describe("Identities per sybil cluster; one dataset is split over them."),
        costPerContribution: micro().default(20_000).describe("Fixed cost of uploading one contribution, micro-units (paid outside)."),
        costPerUnit: micro().default(500).describe("Cost of producing one unit of data at quality 1, micro-units (paid outside); a unit of quality q costs q times this, and a copy pays only for the units it changes."),
        initialBalance: micro().default(100_000_000).describe("Starting balance of each provider, micro-units."),
      })
      .strict()
      .superRefine(mixMatchesCount("providers"))
      .prefault({})
      .describe("Data providers contributing to datanets."),
    datanets: z
      .object({
        dedup: z.enum(["none", "exact", "overlap"], { error: (iss) => `expected one of none, exact, overlap, got ${showValue(iss.input)}` }).default("none").describe("Duplicate check at submission."),
        overlapThreshold: prob().default(0.8).describe("With dedup: overlap, reject a contribution sharing at least this share of its units with an accepted one; data review also judges a contribution redundant at this share of already-accepted units."),
        staking: dataStakingSchema.optional().describe("Optional data staking and review (OpenLedger's datanet staking): providers lock a stake per contribution, validators review a sample and slash bad ones, repeat offenders earn less. Absent: off."),
      })
      .strict()
      .default({ dedup: "none", overlapThreshold: 0.8 })
      .describe("Per-domain registries of contributions."),
    models: z
      .object({
        count: count(1).describe("Number of models serving inference (model m serves domain m mod domains)."),
        mix: mix(MODEL_BEHAVIORS, { honest: 1 }).describe(MIX_TEXT("models")),
        retrainEvery: hours().default(168).describe("Hours between retrains on the datanet's accepted contributions (each retrain is a new version)."),
        baseQuality: prob().default(0.3).describe("Chance of a correct output on a unit no training contribution covers."),
        degradedFactor: prob().default(0.5).describe("A degraded model's chance of a correct output is multiplied by this."),
        maliciousErrorRate: prob().default(0.5).describe("A malicious model returns a wrong output with this probability."),
        feePerCall: micro().default(20_000).describe("Inference fee per call, micro-units, paid by the calling agent."),
        capacity: num({ min: 1, max: 1e6, int: true }).default(4).describe("Calls a model serves at once; more wait in its FIFO queue."),
        serviceTime: num({ gt: 0, max: 1e6 }).default(0.05).describe("Mean hours per inference call (exponential)."),
      })
      .strict()
      .superRefine(mixMatchesCount("models"))
      .describe("Models serving inference for a fee."),
    agents: z
      .object({
        count: count(1).describe("Number of agents."),
        mix: mix(AGENT_BEHAVIORS, { honest: 1 }).describe(`${MIX_TEXT("agents")} Ground truth policies never see.`),
        scanInterval: num({ gt: 0, max: 1e6 }).default(1).describe("Mean hours between an idle agent's scans of the task market (exponential)."),
        workTime: num({ gt: 0, max: 1e6 }).default(0.5).describe("Mean hours an agent works on a task after its inference call (exponential)."),
        computeCost: micro().default(5_000).describe("Cost an agent pays (to outside the economy) per task execution, micro-units."),
        lazyEffort: prob().default(0.5).describe("A lazy agent's result is correct only with this probability (given a correct model output)."),
        whitewashThreshold: prob().default(0.3).describe("A whitewasher whose reputation falls below this re-enters under a new identity."),
        initialBalance: micro().default(100_000_000).describe("Starting balance of each agent, micro-units."),
      })
      .strict()
      .superRefine(mixMatchesCount("agents"))
      .describe("Agents that pick tasks, call models and deliver results."),
    validators: z
      .object({
        count: count(0).default(0).describe("Number of validators."),
        mix: mix(VALIDATOR_BEHAVIORS, { honest: 1 }).describe(MIX_TEXT("validators")),
        sampleRate: prob().default(0.05).describe("Share of accepted results a validator verifies."),
        stake: micro().default(1_000_000_000).describe("Stake each validator locks at the start, micro-units (unless `stakes` is set)."),
        stakes: stakeSpec()
          .optional()
          .describe("Per-validator stakes, micro-units, replacing `stake`: `{ explicit: [...] }` (one per validator, in id order) or a distribution (`fixed`, `uniform`, `exponential`, `lognormal`) drawn once per validator and rounded."),
        checkCost: micro().default(1_000).describe("Cost of one verification, micro-units (paid outside)."),
        initialBalance: micro().default(100_000_000).describe("Starting balance of each validator besides its stake, micro-units."),
        weightMemory: prob()
          .default(0.5)
          .describe("Under a trust policy that reads weight vectors (yuma): share of its past epochs' verdict counts an honest validator keeps when it weighs each model by the share of its results it approved (0 = this epoch's checks only)."),
        colludeOnModels: z
          .boolean({ error: (iss) => `expected true or false, got ${showValue(iss.input)}` })
          .default(false)
          .describe("Colluding validators also approve every result made with a degraded or malicious model's output (a malicious collective of models, EigenTrust's threat models B and C); false: they vouch for adversarial agents only."),
        honestFirst: z
          .boolean({ error: (iss) => `expected true or false, got ${showValue(iss.input)}` })
          .default(false)
          .describe("With a mix of counts, validators take the labels in id order, honest first (ids 0..honest-1), instead of by their own draws, so eigentrust's pre-trusted validators 0..preTrusted-1 are honest (EigenTrust's pre-trusted peers are good by construction). false: places by draw."),
      })
      .strict()
      .superRefine(mixMatchesCount("validators"))
      .superRefine((v, ctx) => {
        const explicit = v.stakes?.explicit;
        if (explicit !== undefined && explicit.length !== v.count) ctx.addIssue({ code: "custom", path: ["stakes", "explicit"], message: `expected ${v.count} stakes (validators.count), got ${explicit.length}` });
      })
      .prefault({})
      .describe("Validators that verify a sample of results and report to the trust policy."),
    emissions: z
      .object({
        perEpoch: micro().default(0).describe("Micro-units minted into the treasury each epoch."),
        decay: prob().default(0).describe("Each epoch's emission is the previous one times (1 - decay)."),
      })
      .strict()
      .default({ perEpoch: 0, decay: 0 })
      .describe("Optional inflation schedule."),
    tasks: z
      .object({
        rate: num({ gt: 0, max: 1e9 }).describe("Task arrivals per hour (Poisson); each task needs one knowledge unit of a random domain."),
        burst: z
          .object({
            every: hours().describe("Hours between burst starts."),
            duration: hours().describe("Hours a burst lasts."),
            factor: num({ min: 1, max: 1e6 }).describe("Arrival rate multiplier during a burst."),
          })
          .strict()
          .optional()
          .describe("Optional periodic bursts of arrivals."),
        value: distribution().default({ uniform: [1_000, 100_000] }).describe("Task value in micro-units, paid to the first valid result."),
        deadline: hours().default(24).describe("Hours after arrival until an unfinished task expires."),
      })
      .strict()
      .describe("The exogenous task source."),
    policies: z
      .object(perFamily((family) => policySpec(FAMILIES[family].default)))
      .strict()
      .default(perFamily((family) => FAMILIES[family].default))
      .describe("Mechanisms under study: one policy per family (see `coordsim policies`)."),
    sweep: sweepSchema.optional().describe("Grid or design × replicates for `coordsim sweep` (ignored by `coordsim run`)."),
    check: checkSchema.optional().describe("How `coordsim check` perturbs this scenario (ignored by `coordsim run`)."),
    optimize: optimizeSchema.optional().describe("Factors, objective, constraints and budget for `coordsim optimize` (ignored by `coordsim run` and `coordsim sweep`)."),
    attack: attackSchema.optional().describe("Attacker factors, gain, cap, threshold and budget for `coordsim attack` (ignored by `coordsim run` and `coordsim sweep`)."),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.window !== undefined && s.window > s.duration) ctx.addIssue({ code: "custom", path: ["window"], message: `expected at most duration (${s.duration}), got ${s.window}` });
    const explicit = s.world.unitWeights.explicit;
    if (explicit !== undefined && explicit.length !== s.world.unitsPerDomain) {
      ctx.addIssue({ code: "custom", path: ["world", "unitWeights", "explicit"], message: `expected ${s.world.unitsPerDomain} weights (world.unitsPerDomain), got ${explicit.length}` });
    }
    // Refinements can run beside field issues; compare only values that passed their own checks.
    if (Number.isInteger(s.models.count) && s.models.count >= 1 && s.models.count < s.world.domains) {
      ctx.addIssue({ code: "custom", path: ["models", "count"], message: `expected at least one model per domain (world.domains = ${s.world.domains}), got ${s.models.count}` });
    }
    const [qMin, qMax] = s.providers.quality;
    if (qMin > qMax) ctx.addIssue({ code: "custom", path: ["providers", "quality"], message: `expected [min, max] with min <= max, got [${qMin}, ${qMax}]` });
    const staking = s.datanets.staking;
    if (staking !== undefined && staking.reviewDelay > staking.lockPeriod) {
      ctx.addIssue({ code: "custom", path: ["datanets", "staking", "reviewDelay"], message: `expected at most datanets.staking.lockPeriod (${staking.lockPeriod}), got ${staking.reviewDelay}` });
    }
    if (staking !== undefined && s.datanets.overlapThreshold === 0) {
      ctx.addIssue({ code: "custom", path: ["datanets", "overlapThreshold"], message: "expected a number in (0,1] with datanets.staking (review judges redundancy by it), got 0" });
    }
    if (s.tasks.burst !== undefined && s.tasks.burst.duration > s.tasks.burst.every) {
      ctx.addIssue({ code: "custom", path: ["tasks", "burst", "duration"], message: `expected at most burst.every (${s.tasks.burst.every}), got ${s.tasks.burst.duration}` });
    }
    for (const key of Object.keys(s.optimize?.factors ?? {})) {
      const reason = unvaryingReason(key);
      if (reason !== undefined) ctx.addIssue({ code: "custom", path: ["optimize", "factors", key], message: `cannot optimise ${reason}` });
    }
    if (s.optimize?.worst_case === "attack") {
      if (s.attack === undefined) ctx.addIssue({ code: "custom", path: ["optimize", "worst_case"], message: "worst_case: attack searches the scenario's attack block against each candidate; add an attack block (factors, gain, cap, budget)" });
      for (const key of Object.keys(s.attack?.factors ?? {})) {
        if (key in s.optimize.factors) ctx.addIssue({ code: "custom", path: ["attack", "factors", key], message: `${key} is both an optimize factor (the mechanism's) and an attack factor (the attacker's); with worst_case they must differ` });
      }
    }
    for (const block of ["optimize", "attack"] as const) {
      const search = s[block];
      if (search === undefined) continue;
      if (block === "attack") {
        for (const key of Object.keys(search.factors)) {
          const reason = unvaryingReason(key);
          if (reason !== undefined) ctx.addIssue({ code: "custom", path: ["attack", "factors", key], message: `cannot search ${reason}` });
        }
      }
      if (!(search.budget * search.replicates <= MAX_SWEEP_RUNS)) {
        ctx.addIssue({ code: "custom", path: [block, "budget"], message: `the search would plan ${(search.budget * search.replicates).toLocaleString("en-US")} runs (budget × replicates); the limit is ${MAX_SWEEP_RUNS.toLocaleString("en-US")}` });
      }
    }
    // Resource guards: a run that would exhaust memory fails here, with the field named, not hours later.
    const entities = s.providers.count + s.models.count + s.agents.count + s.validators.count;
    if (Number.isFinite(entities) && entities > MAX_ENTITIES) {
      const largest = (["providers", "models", "agents", "validators"] as const).reduce((a, b) => (s[b].count > s[a].count ? b : a));
      ctx.addIssue({ code: "custom", path: [largest, "count"], message: `the scenario has ${entities.toLocaleString("en-US")} entities (providers + models + agents + validators); the limit per run is ${MAX_ENTITIES.toLocaleString("en-US")} (about 1 GB per 10^6 entities)` });
    }
    const units = s.world.domains * s.world.unitsPerDomain;
    if (Number.isFinite(units) && units > MAX_UNITS) {
      ctx.addIssue({ code: "custom", path: ["world", "unitsPerDomain"], message: `world.domains × world.unitsPerDomain = ${units.toLocaleString("en-US")} knowledge units; the limit per run is ${MAX_UNITS.toLocaleString("en-US")} (about 2 GB of per-unit state)` });
    }
    const trust = typeof s.policies.trust === "string" ? s.policies.trust : s.policies.trust.use;
    const cells = s.validators.count * s.models.count;
    if (trust === "yuma" && Number.isFinite(cells) && cells > MAX_WEIGHT_CELLS) {
      ctx.addIssue({ code: "custom", path: ["validators", "count"], message: `yuma keeps a weight and a bond per (validator, model): ${s.validators.count.toLocaleString("en-US")} validators × ${s.models.count.toLocaleString("en-US")} models = ${cells.toLocaleString("en-US")} cells; the limit is ${MAX_WEIGHT_CELLS.toLocaleString("en-US")} (about 1 GB)` });
    }
    // A window so small that duration / window overflows (5e-324) is the largest series of all, not one to skip.
    const windows = s.duration / (s.window ?? Math.min(24, s.duration));
    if (Number.isFinite(s.duration) && (s.window === undefined || Number.isFinite(s.window)) && !(windows <= MAX_WINDOWS)) {
      ctx.addIssue({ code: "custom", path: ["window"], message: `duration / window = ${Math.ceil(windows).toLocaleString("en-US")} timeseries rows; the limit is ${MAX_WINDOWS.toLocaleString("en-US")} (raise window)` });
    }
  });

/** Most entities (all populations together) one run may hold. */
export const MAX_ENTITIES = 10_000_000;
/** Most knowledge units (domains × unitsPerDomain) one run may hold. */
export const MAX_UNITS = 50_000_000;
/** Most runs one sweep may plan (grid or design points × replicates). */
export const MAX_SWEEP_RUNS = 1_000_000;
/** Most (validator, model) cells of Yuma's weight and bond matrices one run may hold. */
export const MAX_WEIGHT_CELLS = 10_000_000;
/** Most metrics windows (timeseries rows) one run may write. */
export const MAX_WINDOWS = 1_000_000;

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioParsed = z.output<typeof scenarioSchema>;

/** A policy choice after its params were validated and defaults filled. */
export interface ResolvedPolicy {
  use: string;
  params: Record<string, unknown>;
  /** For a user plugin: the module's absolute path (resolved against the scenario file's folder). */
  module?: string;
}

/** A `use` value naming a module rather than a built-in: a relative or absolute path, or a .js/.mjs file. */
export function isPluginPath(use: string): boolean {
  return use.startsWith("./") || use.startsWith("../") || use.startsWith("/") || /\.m?js$/.test(use);
}

/** The scenario as the simulator consumes it: every default filled, every policy resolved. */
export type Scenario = Omit<ScenarioParsed, "policies" | "$schema" | "window"> & {
  window: number;
  policies: Record<PolicyFamily, ResolvedPolicy>;
};
