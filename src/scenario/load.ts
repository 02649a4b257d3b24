// Load a scenario file: parse with positions, apply overrides, validate, resolve
// policies. Every problem found is collected and thrown as one ScenarioError.
import { dirname, extname, resolve } from "node:path";
import { isMap, isScalar, isSeq } from "yaml";
import type { PolicyCatalog } from "./catalog.js";
import { ScenarioError } from "./errors.js";
import type { ScenarioIssue } from "./errors.js";
import { eventBudgetDrafts } from "./eventBudget.js";
import { showValue } from "./fields.js";
import { moneyBudgetDrafts } from "./moneyBudget.js";
import { readInputFile } from "./inputFile.js";
import { explainIssues, formatPath, parseContext } from "./issues.js";
import type { Draft } from "./issues.js";
import { applyOverride, parseOverride } from "./overrides.js";
import { defaultPolicyName, policyFamilies, resolvePolicies } from "./resolvePolicies.js";
import type { PolicyFamilyName } from "./resolvePolicies.js";
import { isPluginPath, scenarioSchema } from "./schema.js";
import type { Scenario } from "./schema.js";
import { FORBIDDEN_KEY, FORBIDDEN_KEY_MESSAGE, KeyIndex, decodeUtf8, locate, parseSource } from "./source.js";
import type { PathSegment } from "./source.js";

export interface LoadScenarioOptions {
  /** `--set` overrides, each `path=value`, applied in order. */
  overrides?: readonly string[];
  /** Policy names and param schemas to resolve `policies.*` against. */
  catalog: PolicyCatalog;
  /** Replaces the scenario's `seed` (`--seed`). */
  seed?: number;
}

const EXTENSIONS = [".yaml", ".yml", ".json"];

/** A file-level issue (no position). */
function fileIssue(file: string, message: string, line = 0, col = 0): ScenarioIssue {
  return { file, line, col, path: "", message };
}

/** Read, parse, override, validate and resolve a scenario file (.yaml, .yml or .json). Throws ScenarioError. */
export function loadScenario(file: string, opts: LoadScenarioOptions): Scenario {
  return loadScenarioText(readScenarioText(file), file, opts);
}

/**
 * The text of a scenario file: a .yaml, .yml or .json regular file (after
 * symlinks) of at most MAX_INPUT_BYTES, in UTF-8. Everything that reads a
 * scenario file reads it through here. Throws ScenarioError.
 */
export function readScenarioText(file: string): string {
  if (!EXTENSIONS.includes(extname(file).toLowerCase())) {
    throw new ScenarioError([fileIssue(file, `unsupported file type ${JSON.stringify(extname(file))} (expected .yaml, .yml or .json)`)]);
  }
  const read = readInputFile(file);
  if (!read.ok) throw new ScenarioError([fileIssue(file, read.message)]);
  const decoded = decodeUtf8(read.bytes);
  if (!decoded.ok) {
    const before = decoded.text.slice(0, decoded.offset);
    const line = before.split("\n").length;
    const col = decoded.offset - before.lastIndexOf("\n");
    throw new ScenarioError([fileIssue(file, "not valid UTF-8 text (save the file as UTF-8)", line, col)]);
  }
  return decoded.text;
}

/** Like loadScenario, from text already read; `file` names it in messages. Does no I/O. */
export function loadScenarioText(text: string, file: string, opts: LoadScenarioOptions): Scenario {
  const { doc, lineCounter, problems } = parseSource(text);
  const at = (offset: number) => lineCounter.linePos(offset);
  if (problems.length > 0) {
    throw new ScenarioError(problems.map((p) => ({ ...fileIssue(file, p.message, at(p.offset).line, at(p.offset).col), path: formatPath(p.path) })));
  }
  const root = doc.contents;
  if (root === null) throw new ScenarioError([fileIssue(file, "empty scenario (expected a map of scenario fields)", 1, 1)]);
  if (!isMap(root)) {
    const got = isSeq(root) ? "a list" : isScalar(root) ? showValue(root.value) : "something else";
    const pos = at(root.range?.[0] ?? 0);
    throw new ScenarioError([fileIssue(file, `expected a map of scenario fields at the top level, got ${got}`, pos.line, pos.col)]);
  }
  let data: Record<string, unknown>;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (err) {
    throw new ScenarioError([fileIssue(file, `cannot read YAML: ${err instanceof Error ? err.message : String(err)}`, 1, 1)]);
  }

  // Overrides, then --seed; each remembers its path so issues there name it.
  const issues: ScenarioIssue[] = [];
  const applied: { path: string[]; label: string }[] = [];
  for (const item of opts.overrides ?? []) {
    const parsed = parseOverride(item);
    if (!parsed.ok) {
      issues.push({ ...fileIssue(file, parsed.message), path: parsed.path, set: parsed.label });
      continue;
    }
    const { override } = parsed;
    if (override.path.includes(FORBIDDEN_KEY) || hasForbiddenKey(override.value)) {
      issues.push({ ...fileIssue(file, FORBIDDEN_KEY_MESSAGE), path: override.path.join("."), set: override.label });
      continue;
    }
    expandPolicyByName(data, override.path);
    const error = applyOverride(data, override);
    if (error !== undefined) issues.push({ ...fileIssue(file, error), path: override.path.join("."), set: override.label });
    else applied.push({ path: override.path, label: override.label });
  }
  if (opts.seed !== undefined) {
    data.seed = opts.seed;
    applied.push({ path: ["seed"], label: `--seed ${opts.seed}` });
  }

  const index = new KeyIndex();
  const result = scenarioSchema.safeParse(data, parseContext);
  const drafts: Draft[] = result.success ? [] : explainIssues(result.error.issues, data, scenarioSchema);
  const blocked = (family: string) =>
    drafts.some((d) => d.path[0] === "policies" && (d.path.length === 1 || d.path[1] === family));
  const keyOf = (use: string) => (isPluginPath(use) ? resolve(dirname(file), use) : use);
  const policies = resolvePolicies(data.policies, opts.catalog, blocked, keyOf);
  for (const d of policies.drafts) drafts.push(d); // a loop: spreading 200,000 drafts into push() overflows the stack

  for (const draft of drafts) issues.push(place(draft));
  if (issues.length > 0 || !result.success) {
    // Override issues in the order the overrides were given (ScenarioError sorts stably).
    const labels = [...(opts.overrides ?? []).map((o) => `--set ${o}`), `--seed ${opts.seed}`];
    const order = (issue: ScenarioIssue) => (issue.set === undefined ? -1 : labels.indexOf(issue.set));
    throw new ScenarioError(issues.sort((a, b) => order(a) - order(b)));
  }

  const { $schema: _schema, policies: _policies, ...rest } = result.data;
  const scenario: Scenario = { ...rest, window: rest.window ?? Math.min(24, rest.duration), policies: policies.resolved as Scenario["policies"] };
  // Budgets over the whole valid scenario (fields and policy params together), before anything runs.
  const events = eventBudgetDrafts(scenario);
  const budget = events.length > 0 ? events : moneyBudgetDrafts(scenario); // money bounds count epochs and tasks
  if (budget.length > 0) throw new ScenarioError(budget.map(place));
  return scenario;

  function place(draft: Draft): ScenarioIssue {
    const path = formatPath(draft.path);
    const startsWith = (long: readonly PathSegment[], short: readonly PathSegment[]) =>
      short.length <= long.length && short.every((seg, i) => String(seg) === String(long[i]));
    const from = applied.filter((o) => startsWith(draft.path, o.path)).pop();
    if (from) return { ...fileIssue(file, draft.message), path, set: from.label };
    const inside = applied.filter((o) => startsWith(o.path, draft.path));
    const loc = locate(doc, draft.path, draft.at, index);
    if (!loc.exact && inside.length > 0) return { ...fileIssue(file, draft.message), path, set: inside[0].label };
    const pos = at(loc.offset);
    const message = inside.length > 0 ? `${draft.message} (with ${inside.map((o) => o.label).join(", ")})` : draft.message;
    return { file, line: pos.line, col: pos.col, path, message };
  }
}

/** True when a `--set` value (a YAML flow value) has a `__proto__` key at any depth. */
function hasForbiddenKey(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null) continue;
    if (!Array.isArray(v) && Object.hasOwn(v, FORBIDDEN_KEY)) return true;
    for (const child of Object.values(v)) stack.push(child);
  }
  return false;
}

/** `--set policies.rewards.params.data=…` on a policy given by name (or omitted) turns it into `{ use: name }` first. */
function expandPolicyByName(data: Record<string, unknown>, path: readonly string[]): void {
  if (path.length < 3 || path[0] !== "policies" || (path[2] !== "use" && path[2] !== "params")) return;
  const family = path[1] as PolicyFamilyName;
  if (!policyFamilies.includes(family)) return;
  const policies = data.policies ?? {};
  if (typeof policies !== "object" || policies === null || Array.isArray(policies)) return;
  const current = (policies as Record<string, unknown>)[family];
  if (current === undefined || typeof current === "string") {
    (policies as Record<string, unknown>)[family] = { use: current ?? defaultPolicyName(family) };
    data.policies = policies;
  }
}
