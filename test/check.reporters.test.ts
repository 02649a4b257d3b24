import fc from "fast-check";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { formatJson, formatJunit, formatText } from "../src/check/reporters.js";
import type { CheckReport } from "../src/check/types.js";

const report: CheckReport = {
  seed: 42,
  results: [
    {
      file: "scenarios/basic.yaml",
      name: "basic",
      runs: 100,
      wallSeconds: 1.5,
      invariants: ["ledger-conservation", "fee-split-efficiency", "no-negative-balance"],
    },
    {
      file: "scenarios/auction.yaml",
      name: "auction",
      runs: 37,
      wallSeconds: 0.9,
      invariants: ["ledger-conservation", "fee-split-efficiency"],
      failure: {
        invariant: "fee-split-efficiency",
        message: "fees do not sum to the price\n  expected 10, got 9.5",
        seed: 1234,
        overrides: ["agents.count=4", "market.fee=0.1"],
        reproducer: "results/repro-auction.yaml",
        shrinks: 12,
      },
    },
    {
      file: "scenarios/broken.yaml",
      name: "",
      runs: 0,
      wallSeconds: 0,
      invariants: [],
      error: "agents.count: expected number\nat line 3",
    },
  ],
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true, // decode numeric character references (&#10; etc.)
  isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
});

interface XmlFault {
  message: string;
  type: string;
  "#text": string;
}
interface XmlCase {
  classname: string;
  name: string;
  time: string;
  failure?: XmlFault;
  error?: XmlFault;
}
interface XmlCounts {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  time: string;
}
interface XmlSuite extends XmlCounts {
  properties: { property: { name: string; value: string }[] };
  testcase: XmlCase[];
}
interface XmlDoc {
  testsuites: XmlCounts & { testsuite: XmlSuite[] };
}

const parse = (xml: string): XmlDoc => parser.parse(xml) as XmlDoc;
const attrsOf = (o: object): Record<string, string> =>
  Object.fromEntries(Object.entries(o).filter(([k, v]) => typeof v === "string" && k !== "#text"));

/** Independent statement of the XML 1.0 Char production. */
const isXmlChar = (cp: number): boolean =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
const xmlLegal = (s: string): string =>
  [...s].filter((c) => isXmlChar(c.codePointAt(0)!) && !(c.length === 1 && c >= "\ud800" && c <= "\udfff")).join("");

describe("formatText", () => {
  const expected = [
    "PASS scenarios/basic.yaml (basic): 100 runs, 3 invariants, 1.50s",
    "FAIL scenarios/auction.yaml (auction): invariant fee-split-efficiency violated after 37 runs (12 shrinks)",
    "  fees do not sum to the price",
    "    expected 10, got 9.5",
    "  seed: 1234",
    "  overrides: --set agents.count=4 --set market.fee=0.1",
    "  reproducer: results/repro-auction.yaml",
    "  reproduce with: coordsim run results/repro-auction.yaml",
    "ERROR scenarios/broken.yaml: agents.count: expected number",
    "  at line 3",
    "1 passed, 1 failed, 1 errors (137 runs, seed 42)",
    "",
  ].join("\n");

  it("prints one line per scenario, indented details and a summary, without color by default", () => {
    expect(formatText(report)).toBe(expected);
    expect(formatText(report, { color: false })).toBe(expected);
  });

  it("colors only the status words with opts.color", () => {
    const colored = formatText(report, { color: true });
    expect(colored).toContain("\u001b[32mPASS\u001b[0m scenarios/basic.yaml");
    expect(colored).toContain("\u001b[31mFAIL\u001b[0m scenarios/auction.yaml");
    expect(colored).toContain("\u001b[33mERROR\u001b[0m scenarios/broken.yaml");
    // eslint-disable-next-line no-control-regex
    expect(colored.replace(/\u001b\[\d+m/g, "")).toBe(expected);
  });

  it("says (none) without overrides, omits a missing reproducer and shell-quotes unsafe words", () => {
    const out = formatText({
      seed: 7,
      results: [
        {
          file: "a.yaml",
          name: "a",
          runs: 3,
          wallSeconds: 0.01,
          invariants: ["inv"],
          failure: { invariant: "inv", message: "boom", seed: 9, overrides: [], shrinks: 0 },
        },
        {
          file: "b.yaml",
          name: "b",
          runs: 5,
          wallSeconds: 0.2,
          invariants: ["inv"],
          failure: {
            invariant: "inv",
            message: "bang",
            seed: 10,
            overrides: ["agents.name=it's me"],
            reproducer: "out dir/b.yaml",
            shrinks: 1,
          },
        },
      ],
    });
    expect(out).toBe(
      [
        "FAIL a.yaml (a): invariant inv violated after 3 runs (0 shrinks)",
        "  boom",
        "  seed: 9",
        "  overrides: (none)",
        "FAIL b.yaml (b): invariant inv violated after 5 runs (1 shrinks)",
        "  bang",
        "  seed: 10",
        "  overrides: --set 'agents.name=it'\\''s me'",
        "  reproducer: out dir/b.yaml",
        "  reproduce with: coordsim run 'out dir/b.yaml'",
        "0 passed, 2 failed, 0 errors (8 runs, seed 7)",
        "",
      ].join("\n"),
    );
  });

  it("prints just the summary for an empty report", () => {
    expect(formatText({ seed: 1, results: [] })).toBe("0 passed, 0 failed, 0 errors (0 runs, seed 1)\n");
  });
});

describe("formatJson", () => {
  it("prints one pretty JSON document in the key order of types.ts", () => {
    const out = formatJson({ seed: 5, results: [report.results[1]!, report.results[2]!] });
    expect(out).toBe(`{
  "seed": 5,
  "results": [
    {
      "file": "scenarios/auction.yaml",
      "name": "auction",
      "runs": 37,
      "wallSeconds": 0.9,
      "invariants": [
        "ledger-conservation",
        "fee-split-efficiency"
      ],
      "failure": {
        "invariant": "fee-split-efficiency",
        "message": "fees do not sum to the price\\n  expected 10, got 9.5",
        "seed": 1234,
        "overrides": [
          "agents.count=4",
          "market.fee=0.1"
        ],
        "reproducer": "results/repro-auction.yaml",
        "shrinks": 12
      }
    },
    {
      "file": "scenarios/broken.yaml",
      "name": "",
      "runs": 0,
      "wallSeconds": 0,
      "invariants": [],
      "error": "agents.count: expected number\\nat line 3"
    }
  ]
}
`);
  });

  it("parses back to the report, whatever the key order of the input", () => {
    expect(JSON.parse(formatJson(report))).toStrictEqual(report);
    const shuffled = {
      results: [{ invariants: ["i"], wallSeconds: 1, runs: 2, name: "n", file: "f" }],
      seed: 3,
    };
    expect(Object.keys(JSON.parse(formatJson(shuffled)))).toEqual(["seed", "results"]);
    expect(Object.keys(JSON.parse(formatJson(shuffled)).results[0])).toEqual([
      "file",
      "name",
      "runs",
      "wallSeconds",
      "invariants",
    ]);
  });
});

describe("formatJunit", () => {
  const xml = formatJunit(report);

  it("is well-formed XML with the declaration and the root element", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.split("\n")[0]).toBe('<?xml version="1.0" encoding="UTF-8"?>');
    expect(xml.endsWith("</testsuites>\n")).toBe(true);
  });

  it("has the structure, counts and attributes of the report", () => {
    const root = parse(xml).testsuites;
    expect(attrsOf(root)).toEqual({ name: "coordsim check", tests: "6", failures: "1", errors: "1", time: "2.400" });
    const [pass, fail, error] = root.testsuite;
    expect(root.testsuite).toHaveLength(3);

    expect(attrsOf(pass!)).toEqual({ name: "basic", tests: "3", failures: "0", errors: "0", time: "1.500" });
    expect(pass!.properties.property).toEqual([
      { name: "file", value: "scenarios/basic.yaml" },
      { name: "seed", value: "42" },
      { name: "runs", value: "100" },
    ]);
    // 1.5 s split evenly among 3 invariants
    expect(pass!.testcase).toEqual([
      { classname: "basic", name: "ledger-conservation", time: "0.500" },
      { classname: "basic", name: "fee-split-efficiency", time: "0.500" },
      { classname: "basic", name: "no-negative-balance", time: "0.500" },
    ]);

    expect(attrsOf(fail!)).toEqual({ name: "auction", tests: "2", failures: "1", errors: "0", time: "0.900" });
    expect(fail!.properties.property.map((p) => p.value)).toEqual(["scenarios/auction.yaml", "42", "37"]);
    expect(fail!.testcase.map(attrsOf)).toEqual([
      { classname: "auction", name: "ledger-conservation", time: "0.450" },
      { classname: "auction", name: "fee-split-efficiency", time: "0.450" },
    ]);
    expect(fail!.testcase[0]!.failure).toBeUndefined();
    expect(fail!.testcase[1]!.failure).toEqual({
      message: "fees do not sum to the price\n  expected 10, got 9.5",
      type: "InvariantViolation",
      "#text": [
        "fees do not sum to the price",
        "  expected 10, got 9.5",
        "seed: 1234",
        "overrides: --set agents.count=4 --set market.fee=0.1",
        "reproducer: results/repro-auction.yaml",
        "reproduce with: coordsim run results/repro-auction.yaml",
      ].join("\n"),
    });

    // a scenario that could not be loaded is named after its file and has one "load" testcase
    expect(attrsOf(error!)).toEqual({ name: "scenarios/broken.yaml", tests: "1", failures: "0", errors: "1", time: "0.000" });
    expect(error!.testcase).toHaveLength(1);
    expect(attrsOf(error!.testcase[0]!)).toEqual({ classname: "scenarios/broken.yaml", name: "load", time: "0.000" });
    expect(error!.testcase[0]!.error).toEqual({
      message: "agents.count: expected number\nat line 3",
      type: "ScenarioError",
      "#text": "agents.count: expected number\nat line 3",
    });
  });

  it("escapes the five XML specials, encodes whitespace in attributes and CR everywhere", () => {
    const out = formatJunit({
      seed: 1,
      results: [{ file: "f", name: "n", runs: 0, wallSeconds: 0, invariants: [], error: "a&b<c>d\"e'f\tg\nh\r\ni\u0000\ud800" }],
    });
    expect(out).toContain(
      `<error message="a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;&#10;i" type="ScenarioError">` +
        `a&amp;b&lt;c&gt;d&quot;e&apos;f\tg\nh&#13;\ni</error>`,
    );
  });

  it("adds a testcase for a violated invariant missing from the list", () => {
    const out = formatJunit({
      seed: 1,
      results: [
        {
          file: "f.yaml",
          name: "f",
          runs: 1,
          wallSeconds: 1,
          invariants: [],
          failure: { invariant: "inv", message: "m", seed: 2, overrides: [], shrinks: 0 },
        },
      ],
    });
    const suite = parse(out).testsuites.testsuite[0]!;
    expect(suite.tests).toBe("1");
    expect(suite.testcase.map((c) => c.name)).toEqual(["inv"]);
    expect(suite.testcase[0]!.failure!["#text"]).toBe("m\nseed: 2\noverrides: (none)");
  });

  it("stays well-formed and round-trips arbitrary strings, stripping XML-illegal characters", () => {
    const special = fc.constantFrom(
      "&", "<", ">", '"', "'", "]]>", "&amp;", "&#10;", "\u0000", "\u0008", "\u000b", "\u000c", "\u001f",
      "\t", "\n", "\r", "\r\n", "\ud800", "\udfff", "\ud83d\ude00", "\ufffe", "\uffff", " ",
    );
    const str = fc.string({ unit: fc.oneof(special, fc.string({ unit: "binary", minLength: 1, maxLength: 1 })) });
    fc.assert(
      fc.property(str, str, str, str, fc.array(str, { maxLength: 3 }), str, (file, name, invariant, message, overrides, error) => {
        const out = formatJunit({
          seed: 3,
          results: [
            {
              file,
              name,
              runs: 10,
              wallSeconds: 0.25,
              invariants: ["a", invariant],
              failure: { invariant, message, seed: 4, overrides, reproducer: file, shrinks: 2 },
            },
            { file, name: "", runs: 0, wallSeconds: 0, invariants: [], error },
          ],
        });
        expect(XMLValidator.validate(out)).toBe(true);
        expect(xmlLegal(out)).toBe(out);
        const [failing, broken] = parse(out).testsuites.testsuite;
        expect(failing!.properties.property[0]!.value).toBe(xmlLegal(file));
        const failed = failing!.testcase.filter((c) => c.failure !== undefined);
        expect(failed).toHaveLength(1);
        expect(failed[0]!.name).toBe(xmlLegal(invariant));
        expect(failed[0]!.classname).toBe(xmlLegal(name || file));
        expect(failed[0]!.failure!.message).toBe(xmlLegal(message));
        expect(failed[0]!.failure!["#text"].startsWith(`${xmlLegal(message)}\nseed: 4\noverrides: `)).toBe(true);
        expect(broken!.name).toBe(xmlLegal(file));
        expect(broken!.testcase[0]!.error!.message).toBe(xmlLegal(error));
      }),
      { numRuns: 300 },
    );
  });
});
