// `coordsim notebook --serve`: a static server for a built site on loopback
// (Vite's preview server, which serves exactly what `vite build` wrote).
import type { AddressInfo } from "node:net";

export interface ServedSite {
  url: string;
  close(): Promise<void>;
}

/** Serve `out` on 127.0.0.1:`port` (0: any free port). Fails clearly if the port is taken. */
export async function serveSite(out: string, port: number): Promise<ServedSite> {
  const { preview } = await import("vite");
  const server = await preview({
    configFile: false,
    logLevel: "silent",
    root: out,
    base: "./",
    appType: "mpa",
    build: { outDir: out },
    preview: { host: "127.0.0.1", port, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}
