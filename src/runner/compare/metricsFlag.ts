// `compare --metrics a,b | all`: checked against the metric catalogue before
// any run starts, so a typo costs no simulations.
import { SUMMARY_METRICS } from "../../metrics/catalogue/index.js";
import { closest } from "../../scenario/suggest.js";

const NAMES = SUMMARY_METRICS.map((m) => m.name);

/** The metrics `--metrics` asks for ("all", or names the catalogue's summary.csv has), or an error message. */
export function parseMetricsFlag(text: string): "all" | string[] | { problem: string } {
  const names = text.split(",").map((m) => m.trim());
  if (names.length === 1 && names[0] === "all") return "all";
  if (names.every((m) => m === "")) return { problem: `--metrics: expected comma-separated summary.csv columns or "all", got "${text}"` };
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === "") return { problem: `--metrics: name ${i + 1} of ${names.length} is empty (in "${text}")` };
    if (name === "all") return { problem: `--metrics: "all" cannot be combined with metric names` };
    if (seen.has(name)) return { problem: `--metrics: ${name} is listed twice` };
    seen.add(name);
    if (!NAMES.includes(name)) {
      const guess = name.length <= 100 ? closest(name, NAMES) : undefined;
      return { problem: `--metrics: unknown metric "${name.length > 60 ? `${name.slice(0, 57)}...` : name}"${guess !== undefined ? ` (did you mean "${guess}"?)` : ""}; \`coordsim metrics\` lists the summary.csv columns` };
    }
  }
  return names;
}
