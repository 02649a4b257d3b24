import { describe, expect, it } from "vitest";
import { builtinCatalog } from "../src/policies/catalog.js";
import { REFERENCE_END, REFERENCE_START, replaceBetweenMarkers, scenarioJsonSchema, scenarioReferenceMarkdown } from "../src/scenario/index.js";
import type { JsonSchema } from "../src/scenario/index.js";

const markdown = scenarioReferenceMarkdown(builtinCatalog);

/** Every dotted field path of the schema, not descending into policy alternatives. */
function fieldPaths(s: JsonSchema, prefix = ""): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    out.push(path);
    if (value.properties && !value.anyOf) out.push(...fieldPaths(value, path));
  }
  return out;
}

describe("scenarioReferenceMarkdown", () => {
  it("has a row for every field of the JSON schema, with type, default, range and description", () => {
    const rows = markdown.split("\n").filter((line) => line.startsWith("| `"));
    for (const path of fieldPaths(scenarioJsonSchema(builtinCatalog))) {
      expect(rows.some((row) => row.startsWith(`| \`${path}\` |`))).toBe(true);
    }
    expect(rows).toContain("| `agents.count` | integer | **required** | [1, 1e7] | Number of agents. |");
    expect(rows).toContain("| `window` | number |  | (0, 1e9] | Metrics snapshot interval in simulated hours (one timeseries.csv row each). Default: 24, or the duration if shorter. |");
    expect(rows).toContain("| `tasks.value.uniform` | [number, number] |  | each >= 0 | Uniform on [min, max]. |");
    expect(rows).toContain(
      "| `policies.routing` | policy name or `{ use, params }` | `\"random\"` | `random`, `least-loaded`, `greedy-trust`, `softmax-trust`, `proportional-trust` (see [Policies](#policies)) | Policy name or { use, params }. Default: random. |",
    );
  });

  it("lists the policies of each family with their params", () => {
    expect(markdown).toContain("### Policies");
    for (const family of builtinCatalog.families) {
      expect(markdown).toContain(`#### ${family}`);
      for (const name of builtinCatalog.names(family)) expect(markdown).toContain(`**\`${name}\`**`);
    }
    expect(markdown).toContain("| `data` | number | `0.4` | [0, 1] | Share of each fee credited to the model's training data (via attribution). |");
    expect(markdown).toContain("**`least-loaded`**: Send each call to the task domain's model with the lowest load/capacity ratio (ties: lowest index).\n\nNo params.");
  });

  it("is deterministic and ends with one newline", () => {
    expect(scenarioReferenceMarkdown(builtinCatalog)).toBe(markdown);
    expect(markdown.endsWith("|\n") || markdown.endsWith(".\n")).toBe(true);
    expect(markdown.endsWith("\n\n")).toBe(false);
  });
});

describe("replaceBetweenMarkers", () => {
  const readme = `# coordsim\n\n## Scenario reference\n\n${REFERENCE_START}\nold text\n${REFERENCE_END}\n\n## Next\n`;

  it("replaces only what lies between the markers, and is idempotent", () => {
    const once = replaceBetweenMarkers(readme, "| a |\n");
    expect(once).toBe(`# coordsim\n\n## Scenario reference\n\n${REFERENCE_START}\n| a |\n${REFERENCE_END}\n\n## Next\n`);
    expect(replaceBetweenMarkers(once, "| a |\n")).toBe(once);
  });

  it("throws when a marker is missing or they are out of order", () => {
    expect(() => replaceBetweenMarkers("no markers", "x")).toThrow(/scenario-reference:start/);
    expect(() => replaceBetweenMarkers(`${REFERENCE_END}\n${REFERENCE_START}`, "x")).toThrow(/scenario-reference:end/);
  });
});
