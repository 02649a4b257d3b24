// Compile a staged notebook root into a static site with Notebook Kit's Vite
// plugin, all offline: d3 and the fonts resolve from coordsim's own
// node_modules, whatever folder the stage lives in.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Alias, InlineConfig } from "vite";

const require = createRequire(import.meta.url);

/** Folder of a font package, found from Notebook Kit's location (the kit depends on them). */
function fontDir(name: string, kit: string): string {
  return dirname(require.resolve(`@fontsource-variable/${name}/wght.css`, { paths: [kit] }));
}

/**
 * Bare imports the stage needs. The stage sits in a temporary folder, so Vite's
 * node_modules lookup from there finds nothing; these point at coordsim's copies.
 */
function offlineAliases(): Alias[] {
  const kit = dirname(fileURLToPath(import.meta.resolve("@observablehq/notebook-kit")));
  return [
    { find: /^d3$/, replacement: fileURLToPath(import.meta.resolve("d3")) },
    ...["inter", "source-serif-4", "spline-sans-mono"].map((font) => ({
      find: new RegExp(`^@fontsource-variable/${font}/`),
      replacement: `${fontDir(font, kit)}/`,
    })),
  ];
}

/** Build `pages` (HTML notebooks in `root`) into `outDir`. Vite's own logging is silenced; errors throw. */
export async function buildNotebooks(root: string, pages: readonly string[], outDir: string): Promise<void> {
  const { build } = await import("vite");
  const { config, observable } = await import("@observablehq/notebook-kit/vite");
  const base = config();
  const baseAliases = (base.resolve?.alias ?? []) as Alias[];
  const options: InlineConfig = {
    ...base,
    configFile: false,
    logLevel: "silent",
    root,
    base: "./",
    cacheDir: join(root, ".vite-cache"),
    plugins: [observable()],
    resolve: { ...base.resolve, alias: [...baseAliases, ...offlineAliases()] },
    build: {
      outDir,
      emptyOutDir: true,
      // Every browser that runs the notebooks supports modulepreload; the polyfill is dead weight.
      modulePreload: { polyfill: false },
      rollupOptions: { input: pages.map((p) => join(root, p)) },
    },
  };
  await build(options);
}
