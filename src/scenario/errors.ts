// The one error the scenario loader throws: every problem found, one per line,
// each naming the file position (or the --set override) and the field path.
import { CoordsimError } from "../errors.js";

/** One problem with a scenario. `line`/`col` are 1-based; 0 when the issue has no file position. */
export interface ScenarioIssue {
  /** The scenario file as the user gave it. */
  file: string;
  line: number;
  col: number;
  /** Dotted field path (`policies.rewards.params.data`, `tasks.value.uniform[1]`); "" for the whole file. */
  path: string;
  message: string;
  /** The command-line override the offending value came from (`--set agents.count=abc`, `--seed -1`), if any. */
  set?: string;
}

/** Render one issue: `file:line:col path: message`, `(--set k=v) path: message` or `file: message`. */
export function formatScenarioIssue(issue: ScenarioIssue): string {
  const where = issue.set !== undefined ? `(${issue.set})` : issue.line > 0 ? `${issue.file}:${issue.line}:${issue.col}` : issue.file;
  return issue.path === "" ? `${where}: ${issue.message}` : `${where} ${issue.path}: ${issue.message}`;
}

/** File issues by position first, then override issues in the order given; duplicates dropped. */
export function sortScenarioIssues(issues: readonly ScenarioIssue[]): ScenarioIssue[] {
  const ranked = issues.map((issue, index) => ({ issue, index }));
  ranked.sort((a, b) => {
    const sa = a.issue.set !== undefined ? 1 : 0;
    const sb = b.issue.set !== undefined ? 1 : 0;
    return sa - sb || a.issue.line - b.issue.line || a.issue.col - b.issue.col || a.index - b.index;
  });
  const seen = new Set<string>();
  const out: ScenarioIssue[] = [];
  for (const { issue } of ranked) {
    const text = formatScenarioIssue(issue);
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(issue);
  }
  return out;
}

/** Most problems one message lists; a file with 200,000 unknown keys says how many more there are instead. */
export const MAX_REPORTED_ISSUES = 50;

/** Bad scenario input. The message lists every issue, one per line, sorted by position. */
export class ScenarioError extends CoordsimError {
  readonly issues: readonly ScenarioIssue[];

  constructor(issues: readonly ScenarioIssue[]) {
    const sorted = sortScenarioIssues(issues);
    const shown = sorted.slice(0, MAX_REPORTED_ISSUES).map(formatScenarioIssue);
    const more = sorted.length - shown.length;
    if (more > 0) shown.push(`... and ${more.toLocaleString("en-US")} more problems (the first ${MAX_REPORTED_ISSUES} are listed)`);
    super("bad-input", shown.join("\n"));
    this.name = "ScenarioError";
    this.issues = sorted;
  }
}
