// `coordsim notebook <results>`: build the notebooks against a results folder
// into a static site; with --serve, serve it on loopback until interrupted.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { buildNotebookSite } from "../../notebook/site.js";
import { checkPortFree, serveSite } from "../../notebook/serve.js";
import { claimOutputDir } from "../../output/writable.js";
import { asWriteError } from "../../output/writeError.js";
import type { Outcome } from "../exitCodes.js";
import type { Io } from "../io.js";

export interface NotebookCommandOptions {
  out?: string;
  run?: string;
  serve: boolean;
  port: number;
  quiet: boolean;
  json: boolean;
}

/** Resolves on the first SIGINT/SIGTERM. */
function interrupted(): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolveStop();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export async function notebookCommand(results: string, options: NotebookCommandOptions, io: Io): Promise<Outcome> {
  const chatty = !options.quiet && !options.json;
  if (options.serve) await checkPortFree(options.port);
  if (chatty) io.stderr.write(`building notebooks for ${results} ...\n`);
  // The site folder must be writable before the (slow) build starts; a write that fails later names it and its reason.
  const siteOut = options.out ?? join(results, "notebooks");
  // (A missing results folder is reported by the build, before anything is created.)
  const claim = existsSync(results) ? claimOutputDir(siteOut) : { undo: () => {} };
  const stop = new AbortController();
  const release = io.interrupts?.take(() => {
    io.stderr.write("interrupted: finishing the build step, then removing its temporary folders (Ctrl-C again to quit now)\n");
    stop.abort();
  });
  let site: Awaited<ReturnType<typeof buildNotebookSite>>;
  try {
    site = await buildNotebookSite(results, { ...(options.out !== undefined ? { out: options.out } : {}), ...(options.run !== undefined ? { run: options.run } : {}), signal: stop.signal });
  } catch (error) {
    claim.undo();
    throw asWriteError(siteOut, error);
  } finally {
    release?.();
  }
  const index = join(site.out, "index.html");
  if (chatty) {
    for (const page of site.pages) io.stderr.write(`  ${page.title}: ${relative(process.cwd(), join(site.out, page.file)) || page.file}\n`);
    for (const note of site.skipped) io.stderr.write(`  not built: ${note}\n`);
  }
  if (!options.serve) {
    if (options.json) io.stdout.write(`${JSON.stringify({ out: site.out, index, pages: site.pages.map((p) => p.file), skipped: site.skipped })}\n`);
    else if (!options.quiet) {
      io.stdout.write(`${index}\n`);
      io.stderr.write(`view it through a web server (browsers block module scripts on file:// pages): coordsim notebook ${results} --serve, or any static server on ${site.out}\n`);
    }
    return "ok";
  }
  const server = await serveSite(site.out, options.port);
  if (options.json) io.stdout.write(`${JSON.stringify({ out: site.out, index, url: server.url, pages: site.pages.map((p) => p.file) })}\n`);
  else io.stdout.write(`${server.url}\n`);
  if (chatty) io.stderr.write("serving on loopback only; Ctrl-C to stop\n");
  await interrupted();
  await server.close();
  return "ok";
}
