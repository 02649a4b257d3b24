// The policy families, declared once: for each seam of EconomyPolicies, the
// default policy a scenario gets, the methods a policy object must have, and
// the checks on what a method hands back (applied to user plugins before the
// simulation uses an output; built-ins are held to them by the contract tests).
import { firstInvalidCredit } from "./credits.js";
import { feeSplitProblem } from "./feeSplit.js";
import type { AdaptivePopulation, EconomyPolicies, ModelsView, RetrievalCandidates, TaskBoardView } from "./seams.js";

/** What is wrong with a call's output (given its arguments), or undefined when it is fine. */
export type OutputCheck = (args: readonly unknown[], result: unknown) => string | undefined;

export interface FamilySpec {
  /** One sentence: what the family decides. */
  readonly decides: string;
  /** The built-in a scenario gets when it names none. */
  readonly default: string;
  /** Methods every policy object of the family has. */
  readonly methods: readonly string[];
  /** Methods a policy object may have (the world checks for them). */
  readonly optional: readonly string[];
  /** Output checks by method name. */
  readonly checks: Readonly<Record<string, OutputCheck>>;
  /** Methods whose bad output breaks a named invariant (`coordsim check`, kind failed) rather than being bad input. */
  readonly invariants?: Readonly<Record<string, string>>;
}

/** A value a policy handed back, as text: never by calling the value's own methods (a plugin's object may throw). */
function show(x: unknown): string {
  if (typeof x === "number") return String(x);
  if (typeof x === "string") return JSON.stringify(x.slice(0, 100));
  return x === null ? "null" : `a ${typeof x}`;
}

/** `out` (the method's output array) over its first `n` slots: finite and >= 0, with a finite sum (1e308 twice overflows). */
function finiteNonNegative(out: unknown, n: number, what: string): string | undefined {
  if (!(out instanceof Float64Array)) return undefined;
  const i = firstInvalidCredit(out, n);
  if (i >= 0) return `gave ${what} ${i} the value ${show(out[i])} (expected a finite number >= 0)`;
  let total = 0;
  for (let k = 0; k < n; k++) total += out[k]!;
  return Number.isFinite(total) ? undefined : `gave ${what}s whose sum overflows to ${total} (expected a finite total)`;
}

const integerChoice =
  (what: string): OutputCheck =>
  (_args, result) =>
    Number.isInteger(result) ? undefined : `returned ${what} ${show(result)} (expected an integer)`;

/** -1 (stay idle) or the slot of a task on the board now. */
const openTaskChoice: OutputCheck = (args, result) => {
  const wrong = integerChoice("task")(args, result);
  if (wrong !== undefined || result === -1) return wrong;
  const board = args[1] as TaskBoardView;
  for (let i = 0; i < board.openCount; i++) if (board.openAt(i) === result) return undefined;
  return `returned task ${show(result)}, which is not an open task (expected -1 or one of the board's ${board.openCount} open slots)`;
};

/** One of the models serving the call's domain. */
const candidateModel: OutputCheck = (args, result) => {
  const wrong = integerChoice("model")(args, result);
  if (wrong !== undefined) return wrong;
  const [, domain, models] = args as [number, number, ModelsView];
  const n = models.candidateCount(domain);
  for (let i = 0; i < n; i++) if (models.candidate(domain, i) === result) return undefined;
  return `returned model ${show(result)}, which does not serve domain ${domain} (expected one of its ${n} candidate models)`;
};

/** Every member's next behaviour is a label of its kind, and a switch is only between adoptable behaviours. */
const adoptableSwitches: OutputCheck = (args) => {
  // A plugin writes into a Float64Array copy (views.ts), so a NaN or a 300 is seen as written, not as a byte's 0 or 44.
  const [population, , next] = args as [AdaptivePopulation, unknown, ArrayLike<number>];
  for (let i = 0; i < population.count; i++) {
    const from = population.behavior(i);
    const to = next[i]!;
    if (to === from) continue;
    if (!(Number.isInteger(to) && to >= 0 && to < population.labels)) return `chose behaviour ${show(to)} for member ${i} (expected 0..${population.labels - 1})`;
    if (!population.adoptable(from) || !population.adoptable(to)) return `switched member ${i} from behaviour ${from} to ${to}, which the population says cannot be adopted (adoptable(${population.adoptable(from) ? to : from}) is false)`;
  }
  return undefined;
};

/** Order here is the order of the scenario's `policies` block, `coordsim policies` and every listing. */
export const FAMILIES = {
  attribution: {
    decides: "how a model version's value is credited to its training contributions",
    default: "uniform",
    methods: ["credit"],
    optional: ["creditCall"],
    checks: {
      credit: (args) => {
        const game = args[0] as { players?: unknown };
        return finiteNonNegative(args[1], typeof game?.players === "number" ? game.players : 0, "contribution");
      },
      creditCall: (args) => finiteNonNegative(args[1], (args[0] as RetrievalCandidates).count, "retrieval weight"),
    },
  },
  rewards: {
    decides: "how each inference fee is split between data, model, agent, validators and treasury",
    default: "fixed-split",
    methods: ["splitFee"],
    optional: [],
    checks: { splitFee: (args) => (args[1] instanceof Float64Array ? feeSplitProblem(args[0] as number, args[1]) : undefined) },
    // A fee split that is not exact is a conservation failure, whoever wrote the policy.
    invariants: { splitFee: "fee-split-efficiency" },
  },
  trust: {
    decides: "how verification reports become reputations",
    default: "none",
    methods: ["report", "reputation", "reset"],
    optional: ["reportSplit", "onEpoch"],
    checks: { reputation: (_args, r) => (typeof r === "number" && r >= 0 && r <= 1 ? undefined : `returned reputation ${show(r)} (expected a number in [0, 1])`) },
  },
  coordination: {
    decides: "which open task an idle agent pursues",
    default: "independent",
    methods: ["chooseTask"],
    optional: ["onStart", "onFinish", "attachSpread"],
    checks: { chooseTask: openTaskChoice },
  },
  routing: {
    decides: "which model serves an agent's inference call",
    default: "random",
    methods: ["chooseModel"],
    optional: [],
    checks: { chooseModel: candidateModel },
  },
  adaptation: {
    decides: "how strategic providers and agents switch behaviour",
    default: "none",
    methods: ["adapt"],
    optional: [],
    checks: { adapt: adoptableSwitches },
  },
} as const satisfies { [F in keyof EconomyPolicies]: FamilySpec };

export type PolicyFamily = keyof typeof FAMILIES;
export const POLICY_FAMILIES = Object.keys(FAMILIES) as PolicyFamily[];

/** One value per family, built by `make` in family order. */
export function perFamily<T>(make: <F extends PolicyFamily>(family: F) => T): { [F in PolicyFamily]: T } {
  return Object.fromEntries(POLICY_FAMILIES.map((f) => [f, make(f)])) as { [F in PolicyFamily]: T };
}
