// A Pareto folder made from a real single-objective optimize folder, in the
// format `coordsim optimize` writes for a block with a front (src/runner/optimize/pareto.ts),
// so the notebook's CLI tests can damage one file at a time cheaply:
// optimize.json gains `front` and `worst_case`, generations.csv gains
// front_mean:<expr> / front_se:<expr> after `reason`, and pareto.csv holds the
// feasible candidates no other feasible candidate dominates. The front values are
// each candidate's replicate mean and SE of run metrics from its generation's runs.csv.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { readCsvRecords } from "../../src/output/runsCsv.js";

export interface FrontSpec {
  expression: string;
  sense: "minimize" | "maximize";
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const se = (xs: number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1) / xs.length));

/** Does `a` dominate `b`: at least as good on every objective, better on one? */
export function dominates(a: number[], b: number[], front: readonly FrontSpec[]): boolean {
  let better = false;
  for (const [i, o] of front.entries()) {
    const d = o.sense === "minimize" ? b[i]! - a[i]! : a[i]! - b[i]!;
    if (d < 0) return false;
    if (d > 0) better = true;
  }
  return better;
}

/**
 * Rewrite `dir` (an optimize folder) into a front folder over `front`; returns
 * the pareto.csv rows. With `worstCase`, the worst_case "attack" columns too:
 * attack:<path> for each given attack factor and attack_gain_mean/_se, made-up
 * values (the candidate index), since no attack was run; only their layout is real.
 */
export function addParetoFront(dir: string, front: readonly FrontSpec[], worstCase: string[] | null = null): Record<string, string>[] {
  const state = JSON.parse(readFileSync(join(dir, "optimize.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(dir, "optimize.json"), `${JSON.stringify({ ...state, front, worst_case: worstCase === null ? null : "attack" }, null, 2)}\n`);
  const rows = readCsvRecords(join(dir, "generations.csv"));
  const gens = readdirSync(join(dir, "generations"));
  const runs = new Map<string, Record<string, string>[]>();
  const extended = rows.map((r) => {
    const g = gens.find((n) => Number(n.slice(1)) === Number(r.generation))!;
    if (!runs.has(g)) runs.set(g, readCsvRecords(join(dir, "generations", g, "runs.csv")));
    const mine = runs.get(g)!.filter((run) => run.point === r.candidate && run.status === "ok");
    const out: Record<string, string> = { ...r };
    if (worstCase !== null) {
      for (const path of worstCase) out[`attack:${path}`] = String(Number(r.candidate) / 10);
      out.attack_gain_mean = String(1 + Number(r.candidate) / 10);
      out.attack_gain_se = "0.05";
      out.attack_search = `attacks/fixture-${r.candidate}`;
    }
    for (const o of front) {
      const xs = mine.map((run) => Number(run[o.expression]));
      out[`front_mean:${o.expression}`] = String(mean(xs));
      out[`front_se:${o.expression}`] = String(se(xs));
    }
    return out;
  });
  const header = Object.keys(extended[0]!);
  const values = (r: Record<string, string>) => front.map((o) => Number(r[`front_mean:${o.expression}`]));
  const feasible = extended.filter((r) => r.feasible === "1");
  const pareto = feasible.filter((r) => !feasible.some((q) => q !== r && dominates(values(q), values(r), front)));
  const write = (file: string, rs: Record<string, string>[]) => writeFileSync(join(dir, file), stringify(rs, { header: true, columns: header }));
  write("generations.csv", extended);
  write("pareto.csv", pareto);
  return pareto;
}
