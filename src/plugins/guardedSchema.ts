// A plugin's params schema, distrusted: its safeParse may throw, return
// garbage, or hand back data coordsim cannot record (functions, cycles,
// getters). The wrapper is a coordsim zod schema that calls it guarded, keeps
// its issues (message and path) for the loader's line:col report, and accepts
// only plain JSON params (the scenario hash, the manifest and worker threads
// all carry params as JSON).
import * as z from "zod";
import { PluginError, pluginStep } from "./pluginError.js";

/** A deep copy through JSON (so no getter, Proxy or function survives); throws on what JSON cannot carry. */
export function jsonClone(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error("not representable as JSON");
  return JSON.parse(text) as unknown;
}

interface Verdict {
  ok: boolean;
  data?: unknown;
  issues?: { message: string; path: (string | number)[] }[];
}

/** Read the plugin's result into plain values, or say what is wrong with it. */
function readVerdict(result: unknown): Verdict | string {
  if (typeof result !== "object" || result === null) return `returned ${result === null ? "null" : typeof result}`;
  const r = result as { success?: unknown; data?: unknown; error?: { issues?: unknown } };
  if (r.success === true) {
    const data = jsonClone(r.data ?? {});
    if (typeof data !== "object" || data === null || Array.isArray(data)) return "gave params that are not an object";
    return { ok: true, data };
  }
  if (r.success !== false) return "returned an object without success: true or false";
  const raw = r.error?.issues;
  if (!Array.isArray(raw) || raw.length === 0) return "reported failure without a list of issues";
  const issues = raw.slice(0, 20).map((issue: unknown) => {
    const { message, path } = (issue ?? {}) as { message?: unknown; path?: unknown };
    const keys = Array.isArray(path) ? path.filter((k): k is string | number => typeof k === "string" || typeof k === "number") : [];
    return { message: typeof message === "string" ? message.slice(0, 500) : "invalid value", path: keys };
  });
  return { ok: false, issues };
}

export function guardedSchema(user: unknown, where: string): z.ZodType {
  const safeParse = pluginStep(where, "reading schema.safeParse", () => (user as { safeParse?: unknown }).safeParse);
  if (typeof safeParse !== "function") throw new PluginError(`${where}: schema must be a zod schema (an object with safeParse)`);
  return z.unknown().transform((value, ctx) => {
    const verdict = pluginStep(where, "schema.safeParse()", () => readVerdict(safeParse.call(user, value)));
    if (typeof verdict === "string") throw new PluginError(`${where}: schema.safeParse() ${verdict} (expected { success: true, data } or { success: false, error: { issues } })`);
    if (verdict.ok) return verdict.data;
    for (const issue of verdict.issues!) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  });
}
