// The three reporters of `coordsim check`: human text, JSON and JUnit XML.
// All are pure functions of a CheckReport (src/check/types.ts) returning a string ending in "\n".

import type { CheckFailure, CheckReport, ScenarioCheckResult } from "./types.js";

type Status = "PASS" | "FAIL" | "ERROR";

const statusOf = (r: ScenarioCheckResult): Status => (r.error !== undefined ? "ERROR" : r.failure ? "FAIL" : "PASS");

const count = (report: CheckReport, s: Status): number => report.results.filter((r) => statusOf(r) === s).length;

/** Non-negative finite seconds (anything else counts as 0). */
const secs = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0);

/** Quote a word for a POSIX shell when it is not made only of plainly safe characters. */
function shellQuote(word: string): string {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const indent = (text: string, pad = "  "): string =>
  text
    .split(/\r?\n/)
    .map((l) => pad + l)
    .join("\n");

/** The details of a violation: message, seed, overrides and reproducer, one item per line, unindented. */
function failureDetails(f: CheckFailure): string[] {
  const overrides = f.overrides.length > 0 ? f.overrides.map((o) => `--set ${shellQuote(o)}`).join(" ") : "(none)";
  const lines = [f.message, `seed: ${f.seed}`, `overrides: ${overrides}`];
  if (f.reproducer !== undefined) {
    lines.push(`reproducer: ${f.reproducer}`, `reproduce with: coordsim run ${shellQuote(f.reproducer)}`);
  }
  return lines;
}

const COLORS: Record<Status, string> = { PASS: "\u001b[32m", FAIL: "\u001b[31m", ERROR: "\u001b[33m" };

/**
 * Human-readable report: one line per scenario (PASS / FAIL / ERROR), violation details indented by
 * two spaces below a FAIL (multi-line messages and errors indented line by line, CRLF read as LF),
 * then a summary line. Overrides and the reproducer path in `reproduce with:` are shell-quoted when
 * they hold anything but plainly safe characters, so the lines can be pasted into a shell. Wall time has 2 decimals. Only the
 * status word is colored, and only with `opts.color` (ANSI SGR codes).
 */
export function formatText(report: CheckReport, opts: { color?: boolean } = {}): string {
  const tag = (s: Status): string => (opts.color ? `${COLORS[s]}${s}\u001b[0m` : s);
  const label = (r: ScenarioCheckResult): string => (r.name ? `${r.file} (${r.name})` : r.file);
  const out: string[] = [];
  for (const r of report.results) {
    const status = statusOf(r);
    if (status === "ERROR") {
      const [first, ...rest] = (r.error ?? "").split(/\r?\n/);
      out.push(`${tag(status)} ${r.file}: ${first}`, ...rest.map((l) => `  ${l}`));
    } else if (status === "FAIL") {
      const f = r.failure!;
      out.push(`${tag(status)} ${label(r)}: invariant ${f.invariant} violated after ${r.runs} runs (${f.shrinks} shrinks)`);
      out.push(...failureDetails(f).map((l) => indent(l)));
    } else {
      out.push(`${tag(status)} ${label(r)}: ${r.runs} runs, ${r.invariants.length} invariants, ${secs(r.wallSeconds).toFixed(2)}s`);
    }
  }
  const runs = report.results.reduce((n, r) => n + r.runs, 0);
  out.push(
    `${count(report, "PASS")} passed, ${count(report, "FAIL")} failed, ${count(report, "ERROR")} errors ` +
      `(${runs} runs, seed ${report.seed})`,
  );
  return out.join("\n") + "\n";
}

/**
 * The report as one pretty-printed JSON document plus "\n". Keys are emitted in the order of the
 * interfaces in types.ts; absent optional fields are omitted.
 */
export function formatJson(report: CheckReport): string {
  const failure = (f: CheckFailure) => ({
    invariant: f.invariant,
    message: f.message,
    seed: f.seed,
    overrides: [...f.overrides],
    ...(f.reproducer !== undefined ? { reproducer: f.reproducer } : {}),
    shrinks: f.shrinks,
  });
  const doc = {
    seed: report.seed,
    results: report.results.map((r) => ({
      file: r.file,
      name: r.name,
      runs: r.runs,
      wallSeconds: r.wallSeconds,
      invariants: [...r.invariants],
      ...(r.failure ? { failure: failure(r.failure) } : {}),
      ...(r.error !== undefined ? { error: r.error } : {}),
    })),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

/**
 * Characters XML 1.0 forbids (Char production): C0 controls other than TAB, LF, CR; U+FFFE, U+FFFF;
 * lone surrogates (with the `u` flag an unpaired surrogate is a code point outside every range below).
 */
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Strip characters illegal in XML 1.0. */
const stripXmlIllegal = (s: string): string => s.replace(XML_ILLEGAL, "");

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Escape for an attribute value: whitespace other than space is encoded so parsers don't normalize it. */
const attr = (s: string): string => stripXmlIllegal(s).replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c]!);

/** Escape for element text: CR is encoded so parsers don't turn CRLF into LF. */
const text = (s: string): string => stripXmlIllegal(s).replace(/[&<>"'\r]/g, (c) => ENTITIES[c]!);

const time = (x: number): string => secs(x).toFixed(3);

/** Testcases of a loaded scenario: its invariants, plus the violated one should it not be listed. */
function casesOf(r: ScenarioCheckResult): string[] {
  const f = r.failure;
  return f && !r.invariants.includes(f.invariant) ? [...r.invariants, f.invariant] : r.invariants;
}

function suiteXml(report: CheckReport, r: ScenarioCheckResult): string[] {
  const name = r.name || r.file;
  const props = [
    `    <properties>`,
    `      <property name="file" value="${attr(r.file)}"/>`,
    `      <property name="seed" value="${report.seed}"/>`,
    `      <property name="runs" value="${r.runs}"/>`,
    `    </properties>`,
  ];
  const open = (tests: number, failures: number, errors: number) =>
    `  <testsuite name="${attr(name)}" tests="${tests}" failures="${failures}" errors="${errors}" time="${time(r.wallSeconds)}">`;
  if (r.error !== undefined) {
    return [
      open(1, 0, 1),
      ...props,
      `    <testcase classname="${attr(name)}" name="load" time="${time(r.wallSeconds)}">`,
      `      <error message="${attr(r.error)}" type="ScenarioError">${text(r.error)}</error>`,
      `    </testcase>`,
      `  </testsuite>`,
    ];
  }
  const f = r.failure;
  const cases = casesOf(r);
  const each = cases.length > 0 ? secs(r.wallSeconds) / cases.length : 0;
  const lines = [open(cases.length, f ? 1 : 0, 0), ...props];
  let reported = false; // a duplicated invariant name gets the failure once
  for (const inv of cases) {
    const head = `    <testcase classname="${attr(name)}" name="${attr(inv)}" time="${time(each)}"`;
    if (f && inv === f.invariant && !reported) {
      reported = true;
      lines.push(
        `${head}>`,
        `      <failure message="${attr(f.message)}" type="InvariantViolation">${text(failureDetails(f).join("\n"))}</failure>`,
        `    </testcase>`,
      );
    } else {
      lines.push(`${head}/>`);
    }
  }
  lines.push(`  </testsuite>`);
  return lines;
}

/**
 * JUnit XML in the common Jenkins/GitLab/GitHub dialect: one <testsuite> per scenario file, one
 * <testcase> per checked invariant (a scenario that failed to load has a single "load" testcase with
 * an <error>). A scenario's wall time is split evenly among its testcases, since the invariants are
 * checked together on each generated case and cannot be timed separately. Times are seconds with 3
 * decimals; the root time is the sum of the suites'. Strings are escaped, and characters illegal in
 * XML 1.0 are stripped. The failure's `message` attribute holds the violation message; the element
 * text holds the message, seed, overrides and reproducer. `opts.name` names the root (default
 * "coordsim check"; `coordsim attack` reuses this reporter).
 */
export function formatJunit(report: CheckReport, opts: { name?: string } = {}): string {
  const suites = report.results.map((r) => suiteXml(report, r));
  const tests = report.results.reduce((n, r) => n + (r.error !== undefined ? 1 : casesOf(r).length), 0);
  const total = report.results.reduce((t, r) => t + secs(r.wallSeconds), 0);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${attr(opts.name ?? "coordsim check")}" tests="${tests}" failures="${count(report, "FAIL")}" ` +
      `errors="${count(report, "ERROR")}" time="${time(total)}">`,
    ...suites.flat(),
    `</testsuites>`,
    ``,
  ].join("\n");
}
