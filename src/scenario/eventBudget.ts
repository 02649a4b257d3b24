// How many events each recurring schedule of a scenario can generate, counted
// before the run. A period of 1e-300 hours (or a rate of 1e300 per hour) would
// otherwise be accepted and the run would never end: simulated time stops
// advancing once a period falls below the clock's resolution. Each count is an
// upper bound on the expected number (every agent scanning all the time, every
// hour in a burst), so a scenario within the limits cannot hang on one schedule.
import type { Draft } from "./issues.js";
import type { Scenario } from "./schema.js";
import type { PathSegment } from "./source.js";

/** Most events one recurring schedule (one field) may generate over a run. */
export const MAX_EVENTS_PER_FIELD = 1_000_000_000;
/** Most events all recurring schedules together may generate over a run. */
export const MAX_EVENTS_TOTAL = 2_000_000_000;

/** One recurring schedule: the field that sets its period or rate, and how many events it generates. */
export interface Schedule {
  path: PathSegment[];
  /** How the count is formed, for the message. */
  formula: string;
  events: number;
}

/** A count as a message shows it: digits with separators, or 3 significant digits when huge. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return "more than 10^308";
  return n < 1e15 ? Math.ceil(n).toLocaleString("en-US") : n.toPrecision(3);
}

/** `every` of a built-in policy whose schedule recurs: adaptation steps and rumour rounds. */
const POLICY_PERIODS: readonly { family: "adaptation" | "coordination"; use: string; param: string; what: string }[] = [
  { family: "adaptation", use: "imitation", param: "every", what: "adaptation steps" },
  { family: "coordination", use: "rumor", param: "round", what: "gossip rounds" },
];

/** Every recurring schedule of a (valid, resolved) scenario with its event count. */
export function schedules(s: Scenario): Schedule[] {
  const d = s.duration;
  const burst = s.tasks.burst;
  const out: Schedule[] = [
    { path: ["epoch"], formula: "duration / epoch settlements", events: d / s.epoch },
    { path: ["window"], formula: "duration / window metrics snapshots", events: d / s.window },
    { path: ["models", "retrainEvery"], formula: "models.count × duration / retrainEvery retrains", events: s.models.count * (d / s.models.retrainEvery) },
    { path: ["agents", "scanInterval"], formula: "agents.count × duration / scanInterval scans", events: s.agents.count * (d / s.agents.scanInterval) },
    { path: ["tasks", "rate"], formula: `tasks.rate × duration${burst ? " × burst.factor" : ""} task arrivals`, events: s.tasks.rate * d * (burst?.factor ?? 1) },
    { path: ["providers", "contributionRate"], formula: "providers.count × contributionRate × duration uploads", events: s.providers.count * s.providers.contributionRate * d },
  ];
  if (burst) out.push({ path: ["tasks", "burst", "every"], formula: "2 × duration / burst.every burst starts and ends", events: 2 * (d / burst.every) });
  for (const p of POLICY_PERIODS) {
    const policy = s.policies[p.family];
    const period = policy.params[p.param];
    if (policy.use === p.use && typeof period === "number") {
      out.push({ path: ["policies", p.family, "params", p.param], formula: `duration / ${p.param} ${p.what}`, events: d / period });
    }
  }
  return out;
}

/** A recurring period `period` over `duration` hours: why it schedules too many events, or undefined. For checks outside the scenario (a plugin's `every`). */
export function periodProblem(name: string, period: number, duration: number): string | undefined {
  const events = duration / period;
  if (events <= MAX_EVENTS_PER_FIELD) return undefined;
  return `${name} = ${period} h over duration ${duration} h schedules ${formatCount(events)} events; the limit is ${MAX_EVENTS_PER_FIELD.toLocaleString("en-US")} per schedule`;
}

/** Smallest positive Poisson rate, per hour: the mean gap 1/rate (10^12 h) is past any duration, and a gap drawn from a far smaller rate overflows to Infinity. */
export const MIN_RATE = 1e-12;

/** Smallest mean of an exponential draw: the sampler draws with rate 1/mean, which is Infinity for a mean of 5e-324. */
export const MIN_MEAN = 1e-300;

/** The means the simulation draws exponential delays or amounts from. */
function means(s: Scenario): [PathSegment[], number][] {
  const out: [PathSegment[], number][] = [
    [["models", "serviceTime"], s.models.serviceTime],
    [["agents", "workTime"], s.agents.workTime],
    [["agents", "scanInterval"], s.agents.scanInterval],
  ];
  if (s.tasks.value.exponential !== undefined) out.push([["tasks", "value", "exponential", "mean"], s.tasks.value.exponential.mean]);
  if (s.validators.stakes?.exponential !== undefined) out.push([["validators", "stakes", "exponential", "mean"], s.validators.stakes.exponential.mean]);
  return out;
}

/** Drafts for rates too small to draw a gap from, schedules over the per-field limit and a total over the run limit. */
export function eventBudgetDrafts(s: Scenario): Draft[] {
  const all = schedules(s);
  const drafts: Draft[] = [];
  const rates: [PathSegment[], number][] = [[["tasks", "rate"], s.tasks.rate], [["providers", "contributionRate"], s.providers.contributionRate]];
  for (const [path, rate] of rates) {
    if (rate === 0 || rate >= MIN_RATE) continue;
    drafts.push({ path, at: "value", message: `expected 0 or at least ${MIN_RATE} per hour (a mean gap of more than 10^12 hours outlasts any run), got ${rate}` });
  }
  for (const [path, mean] of means(s)) {
    if (mean >= MIN_MEAN) continue;
    drafts.push({ path, at: "value", message: `expected a mean of at least ${MIN_MEAN} (exponential draws use its reciprocal, which overflows below that), got ${mean}` });
  }
  for (const sc of all) {
    if (sc.events <= MAX_EVENTS_PER_FIELD) continue;
    drafts.push({ path: sc.path, at: "value", message: `${sc.formula}: ${formatCount(sc.events)} events; the limit is ${MAX_EVENTS_PER_FIELD.toLocaleString("en-US")} per schedule (a run this long would not finish: raise the period or lower the rate or duration)` });
  }
  const total = all.reduce((sum, sc) => sum + sc.events, 0);
  if (drafts.length === 0 && !(total <= MAX_EVENTS_TOTAL)) {
    const largest = all.reduce((a, b) => (b.events > a.events ? b : a));
    const parts = all.filter((sc) => sc.events >= 1).map((sc) => `${sc.path.join(".")} ${formatCount(sc.events)}`).join(", ");
    drafts.push({ path: largest.path, at: "value", message: `the recurring schedules generate ${formatCount(total)} events in all (${parts}); the limit is ${MAX_EVENTS_TOTAL.toLocaleString("en-US")} per run` });
  }
  return drafts;
}
