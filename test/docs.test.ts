import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
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

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-', repeats suffixed -1, -2, ... */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of markdown.replace(/```[\s\S]*?```/g, "").matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

function withoutCode(markdown: string): string {
  return markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
}

describe("relative links in README.md and docs/*.md resolve", () => {
  const files = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  for (const file of files) {
    it(`${file}: every linked file exists, every #anchor is a heading there`, () => {
      const broken: string[] = [];
      for (const m of withoutCode(readFileSync(join(ROOT, file), "utf8")).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target)) continue; // http:, https:, mailto:
        const [path, anchor] = target.split("#") as [string, string | undefined];
        const linked = path === "" ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), path);
        if (!existsSync(linked)) broken.push(`${target}: no such file`);
        else if (anchor !== undefined && linked.endsWith(".md") && !headingAnchors(readFileSync(linked, "utf8")).has(anchor)) broken.push(`${target}: no such heading`);
      }
      expect(broken).toEqual([]);
    });
  }

  it("heading anchors follow GitHub's rules (code spans keep their text, repeats are numbered)", () => {
    expect(headingAnchors("# Reproducing a run\n## `coordsim run <scenario>`\n# Reproducing a run\n")).toEqual(new Set(["reproducing-a-run", "coordsim-run-scenario", "reproducing-a-run-1"]));
  });

  it("LICENSE is the MIT licence package.json declares", () => {
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).license).toBe("MIT");
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) 2026 coordsim contributors\n/);
  });
});
