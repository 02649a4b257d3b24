// The policy families, declared once: for each seam of EconomyPolicies, the
// default policy a scenario gets, the methods a policy object must have, and
// the checks on what a method hands back (applied to user plugins before the
// simulation uses an output; built-ins are held to them by the contract tests).
import { firstInvalidCredit } from "./credits.js";
import { feeSplitProblem } from "./feeSplit.js";
import type { EconomyPolicies } from "./seams.js";

/** What is wrong with a call's output (given its arguments), or undefined when it is fine. */
export type OutputCheck = (args: readonly unknown[], result: unknown) => string | undefined;

export interface FamilySpec {
  /** One sentence: what the family decides. */
  readonly decides: string;
  /** The built-in a scenario gets when it names none. */
  readonly default: string;
  /** Methods every policy object of the family has. */
  readonly methods: readonly string[];
  /** Output checks by method name. */
  readonly checks: Readonly<Record<string, OutputCheck>>;
  /** Methods whose bad output breaks a named invariant (`coordsim check`, kind failed) rather than being bad input. */
  readonly invariants?: Readonly<Record<string, string>>;
}

function show(x: unknown): string {
  return typeof x === "number" ? String(x) : (JSON.stringify(x) ?? String(x));
}

/** `out` (the method's output array) over its first `n` slots: finite and >= 0. */
function finiteNonNegative(out: unknown, n: number, what: string): string | undefined {
  if (!(out instanceof Float64Array)) return undefined;
  const i = firstInvalidCredit(out, n);
  return i < 0 ? undefined : `gave ${what} ${i} the value ${show(out[i])} (expected a finite number >= 0)`;
}

const integerChoice =
  (what: string): OutputCheck =>
  (_args, result) =>
    Number.isInteger(result) ? undefined : `returned ${what} ${show(result)} (expected an integer)`;

/** Order here is the order of the scenario's `policies` block, `coordsim policies` and every listing. */
export const FAMILIES = {
  attribution: {
    decides: "how a model version's value is credited to its training contributions",
    default: "uniform",
    methods: ["credit"],
    checks: {
      credit: (args) => {
        const game = args[0] as { players?: unknown };
        return finiteNonNegative(args[1], typeof game?.players === "number" ? game.players : 0, "contribution");
      },
    },
  },
  rewards: {
    decides: "how each inference fee is split between data, model, agent, validators and treasury",
    default: "fixed-split",
    methods: ["splitFee"],
    checks: { splitFee: (args) => (args[1] instanceof Float64Array ? feeSplitProblem(args[0] as number, args[1]) : undefined) },
    // A fee split that is not exact is a conservation failure, whoever wrote the policy.
    invariants: { splitFee: "fee-split-efficiency" },
  },
  trust: {
    decides: "how verification reports become reputations",
    default: "none",
    methods: ["report", "reputation", "reset"],
    checks: { reputation: (_args, r) => (typeof r === "number" && r >= 0 && r <= 1 ? undefined : `returned reputation ${show(r)} (expected a number in [0, 1])`) },
  },
  coordination: {
    decides: "which open task an idle agent pursues",
    default: "independent",
    methods: ["chooseTask"],
    checks: { chooseTask: integerChoice("task") },
  },
  routing: {
    decides: "which model serves an agent's inference call",
    default: "random",
    methods: ["chooseModel"],
    checks: { chooseModel: integerChoice("model") },
  },
  adaptation: {
    decides: "how strategic providers and agents switch behaviour",
    default: "none",
    methods: ["adapt"],
    checks: {},
  },
} as const satisfies { [F in keyof EconomyPolicies]: FamilySpec };

export type PolicyFamily = keyof typeof FAMILIES;
export const POLICY_FAMILIES = Object.keys(FAMILIES) as PolicyFamily[];

/** One value per family, built by `make` in family order. */
export function perFamily<T>(make: <F extends PolicyFamily>(family: F) => T): { [F in PolicyFamily]: T } {
  return Object.fromEntries(POLICY_FAMILIES.map((f) => [f, make(f)])) as { [F in PolicyFamily]: T };
}
