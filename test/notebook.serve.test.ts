// `coordsim notebook --serve` when the server cannot start: a port another
// program holds (on loopback or on every address), and the OS refusals a
// test cannot provoke as root (EACCES, EPERM, EADDRNOTAVAIL) through the one
// classifier both start paths use. Exit 2 naming host, port and reason; no
// stack; and the site is not built when the port is known to be taken.
import { existsSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadInputError } from "../src/errors.js";
import { serveSite, serverStartError } from "../src/notebook/serve.js";
import { runCli, spawnCli, tempDir } from "./helpers/cli.js";

const work = tempDir("coordsim-notebook-serve-");
const runDir = join(work, "run");
const held: Server[] = [];

/** Listen on `host` port 0 and return the port the OS chose (held until the file's tests end). */
async function occupy(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  held.push(server);
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  const r = await runCli("run", "test/fixtures/notebook/tiny-sweep.yaml", "--out", runDir, "--quiet");
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await Promise.all(held.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe("notebook --serve on a port it cannot use", () => {
  it.each(["127.0.0.1", "0.0.0.0"])("a port held on %s: exit 2 before building, naming host, port and EADDRINUSE", async (host) => {
    const port = await occupy(host);
    const out = join(work, `site-${port}`);
    const r = await runCli("notebook", runDir, "--out", out, "--serve", "--port", String(port));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--port ${port}: cannot serve on 127.0.0.1:${port} (EADDRINUSE: another program is listening there; choose another --port, or --port 0 for any free one)`);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("the built CLI exits 2 with one line, no stack", async () => {
    const port = await occupy("127.0.0.1");
    const r = spawnCli(["notebook", runDir, "--out", join(work, "spawned"), "--serve", "--port", String(port)]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([`--port ${port}: cannot serve on 127.0.0.1:${port} (EADDRINUSE: another program is listening there; choose another --port, or --port 0 for any free one)`]);
  });

  it("Vite's own start failure (a port taken after the check) is the same bad input", async () => {
    const port = await occupy("127.0.0.1");
    const failure = await serveSite(runDir, port).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BadInputError);
    expect((failure as Error).message).toContain(`cannot serve on 127.0.0.1:${port} (EADDRINUSE`);
  });

  it.each<[string, RegExp]>([
    ["EACCES", /--port 80: cannot serve on 127\.0\.0\.1:80 \(EACCES: not permitted \(ports below 1024 usually need privileges\); choose a --port from 1024 to 65535, or --port 0\)/],
    ["EPERM", /\(EPERM: not permitted by the system/],
    ["EADDRNOTAVAIL", /\(EADDRNOTAVAIL: that address is not one of this machine's\)/],
    ["ENOTFOUND", /\(ENOTFOUND: no such host\)/],
  ])("listen() failing with %s is bad input naming it", (code, message) => {
    const error = Object.assign(new Error(`listen ${code}`), { code });
    const known = serverStartError(error, "127.0.0.1", 80);
    expect(known).toBeInstanceOf(BadInputError);
    expect(known!.message).toMatch(message);
  });

  it("other errors are not start failures (they stay coordsim bugs)", () => {
    expect(serverStartError(Object.assign(new Error("no such file"), { code: "ENOENT" }), "127.0.0.1", 4173)).toBeUndefined();
    expect(serverStartError(new Error("something else"), "127.0.0.1", 4173)).toBeUndefined();
    expect(serverStartError("a string", "127.0.0.1", 4173)).toBeUndefined();
  });

  it.each(["65536", "-1", "abc", "1.5", "", "1e3", "0x50"])("--port %j is a usage error (exit 2)", async (port) => {
    const r = await runCli("notebook", runDir, "--serve", "--port", port);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--port expects an integer in [0, 65535], got "${port}"`);
  });
});
