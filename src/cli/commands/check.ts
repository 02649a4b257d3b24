// `coordsim check <scenario...>`: property-based invariant checks for users' CI.
// Exit 1 if an invariant was violated, 2 if a scenario is bad input, else 0.
import { writeFileAtomic } from "../../output/atomic.js";
import { claimOutputFile } from "../../output/writable.js";
import { checkScenario } from "../../check/checkScenario.js";
import { formatJson, formatJunit, formatText } from "../../check/reporters.js";
import type { CheckReport } from "../../check/types.js";
import { UsageError } from "../errors.js";
import type { Outcome } from "../exitCodes.js";
import type { Io } from "../io.js";

export interface CheckCommandOptions {
  runs?: number;
  seed: number;
  reporter: string;
  out?: string;
  reproDir: string;
  quiet: boolean;
}

const REPORTERS = ["text", "json", "junit"] as const;

export async function checkCommand(files: string[], options: CheckCommandOptions, io: Io): Promise<Outcome> {
  if (!(REPORTERS as readonly string[]).includes(options.reporter)) throw new UsageError(`--reporter expects one of ${REPORTERS.join(", ")}, got "${options.reporter}"`);
  // Checked before any scenario runs: a report that cannot be written fails at once (exit 2), naming the path and the reason.
  const toFile = options.out !== undefined && options.out !== "-";
  const claim = toFile ? claimOutputFile(options.out!) : undefined;
  try {
    return await checkAndReport(files, options, io);
  } catch (error) {
    claim?.undo();
    throw error;
  }
}

async function checkAndReport(files: string[], options: CheckCommandOptions, io: Io): Promise<Outcome> {
  const report: CheckReport = { seed: options.seed, results: [] };
  for (const file of files) {
    const result = await checkScenario(file, { seed: options.seed, reproDir: options.reproDir, ...(options.runs !== undefined ? { runs: options.runs } : {}) });
    report.results.push(result);
    if (!options.quiet && (options.reporter !== "text" || options.out !== undefined)) {
      const status = result.error !== undefined ? "ERROR" : result.failure !== undefined ? `FAIL (${result.failure.invariant})` : "PASS";
      io.stderr.write(`${status} ${file}\n`);
    }
  }
  const text = options.reporter === "json" ? formatJson(report) : options.reporter === "junit" ? formatJunit(report) : formatText(report);
  if (options.out !== undefined && options.out !== "-") writeFileAtomic(options.out, text);
  else if (!options.quiet || options.reporter !== "text") io.stdout.write(text);
  if (report.results.some((r) => r.error !== undefined)) return "bad-input";
  return report.results.some((r) => r.failure !== undefined) ? "failed" : "ok";
}
