// `coordsim policies [--json]`: every policy family, name, description and params with defaults.
import { builtinCatalog } from "../../policies/catalog.js";
import { describePolicies } from "../../scenario/index.js";
import type { Outcome } from "../exitCodes.js";
import type { Io } from "../io.js";

export async function policiesCommand(options: { json: boolean }, io: Io): Promise<Outcome> {
  const policies = describePolicies(builtinCatalog);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(policies, null, 2)}\n`);
    return "ok";
  }
  const lines: string[] = [];
  let family = "";
  for (const p of policies) {
    if (p.family !== family) {
      if (family !== "") lines.push("");
      lines.push(`${(family = p.family)}:`);
    }
    lines.push(`  ${p.name}${p.isDefault ? " (default)" : ""} — ${p.description}`);
    for (const param of p.params) {
      const fallback = param.default === undefined ? "" : ` = ${JSON.stringify(param.default)}`;
      const range = param.allowed ? ` in ${param.allowed}` : "";
      lines.push(`      ${param.name}: ${param.type}${fallback}${range}. ${param.description}`.trimEnd());
    }
  }
  lines.push("", "Use one in a scenario as `policies.<family>: <name>` or `{ use: <name>, params: { ... } }`.", "");
  io.stdout.write(lines.join("\n"));
  return "ok";
}
