// `coordsim metrics [--json]`: the metric catalogue, a data dictionary to read next to a CSV.
import { describeMetrics, metricReferenceText } from "../../metrics/catalogue/describe.js";
import type { Outcome } from "../exitCodes.js";
import type { Io } from "../io.js";

export async function metricsCommand(options: { json: boolean }, io: Io): Promise<Outcome> {
  io.stdout.write(options.json ? `${JSON.stringify(describeMetrics(), null, 2)}\n` : metricReferenceText());
  return "ok";
}
