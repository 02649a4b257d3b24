import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedDocs, SCHEMA_FILE } from "../scripts/docs.js";
import { ROOT, runCli } from "./helpers/cli.js";

describe("docs generated from code are current (run `npm run docs` to fix)", () => {
  const expected = generatedDocs(ROOT);
  for (const [file, text] of Object.entries(expected)) {
    it(`${file} matches what the schema generates`, () => {
      expect(readFileSync(join(ROOT, file), "utf8")).toBe(text);
    });
  }

  it("coordsim schema prints the committed JSON Schema", async () => {
    const r = await runCli("schema");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, SCHEMA_FILE), "utf8"));
    expect(JSON.parse(r.stdout).properties.policies.properties.routing.anyOf.length).toBeGreaterThan(1);
  });

  it("README starts with the two quick-start commands", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const firstBlock = readme.split("```")[1]!;
    expect(firstBlock.trim().split("\n").slice(1)).toEqual(["npm ci && npx coordsim run scenarios/quickstart.yaml", "npm test"]);
  });

  it("the README's plugin example is the shipped, tested example file", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const example = readFileSync(join(ROOT, "scenarios/examples/size-weighted-attribution.js"), "utf8");
    expect(readme).toContain("```js\n" + example + "```");
  });

  it("bundled scenarios point editors at the committed schema", () => {
    const quickstart = readFileSync(join(ROOT, "scenarios/quickstart.yaml"), "utf8");
    expect(quickstart.split("\n")[0]).toBe("# yaml-language-server: $schema=../docs/scenario.schema.json");
  });

  it("the README's layout table names every src/ folder and only paths that exist", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("| path | holds |"), readme.indexOf("- Adding a metric"));
    const listed = [...table.matchAll(/^ *\| (.+?) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([^`]+)`/g)].map((c) => c[1]!));
    expect(listed.length).toBeGreaterThan(10);
    for (const path of listed) expect(existsSync(join(ROOT, path)), path).toBe(true);
    const folders = readdirSync(join(ROOT, "src"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `src/${d.name}/`);
    for (const folder of folders) expect(listed, folder).toContain(folder);
  });
});
