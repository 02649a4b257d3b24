// The scenario schema: the single source of truth for validation, defaults, the
// JSON Schema printed by `coordsim schema`, and the README's scenario reference.
import * as z from "zod";
import { count, distribution, hours, micro, mix, num, showValue } from "./fields.js";

/** A policy choice: a built-in name, or `{ use, params }`. Params are checked against the policy's own schema later. */
export const policySpec = (fallback: string) =>
  z
    .union([z.string().min(1), z.object({ use: z.string().min(1).describe("Policy name."), params: z.record(z.string(), z.unknown()).optional().describe("Policy parameters (see `coordsim policies`).") }).strict()], {
      error: (iss) => `expected a policy name or { use, params }, got ${showValue(iss.input)}`,
    })
    .default(fallback)
    .describe(`Policy name or { use, params }. Default: ${fallback}.`);

export const AGENT_BEHAVIORS = ["honest"] as const;

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
    models: z
      .object({
        count: count(1).describe("Number of models serving inference."),
        feePerCall: micro().default(20_000).describe("Inference fee per call, micro-units, paid by the calling agent."),
        capacity: num({ min: 1, max: 1e6, int: true }).default(4).describe("Calls a model serves at once; more wait in its FIFO queue."),
        serviceTime: num({ gt: 0, max: 1e6 }).default(0.05).describe("Mean hours per inference call (exponential)."),
      })
      .strict()
      .describe("Models serving inference for a fee."),
    agents: z
      .object({
        count: count(1).describe("Number of agents."),
        mix: mix(AGENT_BEHAVIORS, { honest: 1 }).describe("Fraction of agents per behaviour (ground truth policies never see)."),
        scanInterval: num({ gt: 0, max: 1e6 }).default(1).describe("Mean hours between an idle agent's scans of the task market (exponential)."),
        workTime: num({ gt: 0, max: 1e6 }).default(0.5).describe("Mean hours an agent works on a task after its inference call (exponential)."),
        computeCost: micro().default(5_000).describe("Cost an agent pays (to outside the economy) per task execution, micro-units."),
        initialBalance: micro().default(100_000_000).describe("Starting balance of each agent, micro-units."),
      })
      .strict()
      .describe("Agents that pick tasks, call models and deliver results."),
    tasks: z
      .object({
        rate: num({ gt: 0, max: 1e9 }).describe("Task arrivals per hour (Poisson)."),
        value: distribution().default({ uniform: [1_000, 100_000] }).describe("Task value in micro-units, paid to the first valid result."),
        deadline: hours().default(24).describe("Hours after arrival until an unfinished task expires."),
      })
      .strict()
      .describe("The exogenous task source."),
    policies: z
      .object({
        rewards: policySpec("fixed-split"),
        coordination: policySpec("independent"),
        routing: policySpec("random"),
      })
      .strict()
      .default({ rewards: "fixed-split", coordination: "independent", routing: "random" })
      .describe("Mechanisms under study (DESIGN §2)."),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.window !== undefined && s.window > s.duration) ctx.addIssue({ code: "custom", path: ["window"], message: `expected at most duration (${s.duration}), got ${s.window}` });
  });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioParsed = z.output<typeof scenarioSchema>;

/** A policy choice after its params were validated and defaults filled. */
export interface ResolvedPolicy {
  use: string;
  params: Record<string, unknown>;
}

/** The scenario as the simulator consumes it: every default filled, every policy resolved. */
export type Scenario = Omit<ScenarioParsed, "policies" | "$schema" | "window"> & {
  window: number;
  policies: { rewards: ResolvedPolicy; coordination: ResolvedPolicy; routing: ResolvedPolicy };
};
