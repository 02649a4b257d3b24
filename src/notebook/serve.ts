// `coordsim notebook --serve`: a static server for a built site on loopback
// (Vite's preview server, which serves exactly what `vite build` wrote). A
// server that cannot start (port taken or not permitted) is bad input, named
// with host, port and the OS reason; the port is tried before the site is
// built, so the user does not wait for a build that cannot be served.
import { createServer, type AddressInfo } from "node:net";
import { BadInputError } from "../errors.js";

/** The only address the notebook server listens on. */
export const SERVE_HOST = "127.0.0.1";

export interface ServedSite {
  url: string;
  close(): Promise<void>;
}

/** The errors listen() gives for an address that cannot be served on, and what to do about each. */
const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: "another program is listening there; choose another --port, or --port 0 for any free one",
  EACCES: "not permitted (ports below 1024 usually need privileges); choose a --port from 1024 to 65535, or --port 0",
  EPERM: "not permitted by the system; choose another --port, or --port 0",
  EADDRNOTAVAIL: "that address is not one of this machine's",
  ENOTFOUND: "no such host",
  EAI_AGAIN: "the host name could not be resolved",
};

/** The bad-input error for a server start failure, or undefined if `error` is not one (a bug then). */
export function serverStartError(error: unknown, host: string, port: number): BadInputError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : "";
  // Vite reports a taken port (with strictPort) as a plain Error without a code.
  const reason = typeof code === "string" && Object.hasOwn(REASONS, code) ? code : code === undefined && /^Port \d+ is already in use$/.test(message) ? "EADDRINUSE" : undefined;
  if (reason === undefined) return undefined;
  return new BadInputError(`--port ${port}: cannot serve on ${host}:${port} (${reason}: ${REASONS[reason]})`, { cause: error });
}

/** Fail now, as bad input, if `host:port` cannot be listened on (port 0 always can). */
export async function checkPortFree(port: number, host = SERVE_HOST): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen({ port, host }, () => probe.close(() => resolve()));
  }).catch((error: unknown) => {
    throw serverStartError(error, host, port) ?? error;
  });
}

/** Serve `out` on 127.0.0.1:`port` (0: any free port). A start failure is bad input (serverStartError). */
export async function serveSite(out: string, port: number): Promise<ServedSite> {
  const { preview } = await import("vite");
  let server: Awaited<ReturnType<typeof preview>>;
  try {
    server = await preview({
      configFile: false,
      logLevel: "silent",
      root: out,
      base: "./",
      appType: "mpa",
      build: { outDir: out },
      preview: { host: SERVE_HOST, port, strictPort: true, open: false },
    });
  } catch (error) {
    throw serverStartError(error, SERVE_HOST, port) ?? error;
  }
  const address = server.httpServer.address() as AddressInfo;
  return { url: `http://${SERVE_HOST}:${address.port}/`, close: () => server.close() };
}
