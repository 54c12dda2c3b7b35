import chalk from "chalk";
import type { CliCommand } from "../command.js";
import { jsonOption, seedOption } from "../command.js";
import { parseSizes } from "../range.js";
import { precisionSearch, type PrecisionFamily, type PrecisionResult } from "../../models/constructions/precision.js";
import { precisionSubject } from "../../models/constructions/precisionSubjects.js";
import { userError } from "../../util/errors.js";

/** `streambound precision TASK --model CONSTRUCTION --n 8,16,…` (docs/constructions.md). */
export const precisionCommand: CliCommand = {
  command: "precision <task>",
  describe: "the smallest bits per scalar at which a construction is correct, per n, with a fit p ≈ a + b·log₂n",
  builder: (y) =>
    y
      .positional("task", { type: "string", describe: "the construction's task (index, dyck, …)" })
      .option("model", { type: "string", demandOption: true, describe: "a construction (lstm-store, dyck-rnn, …)" })
      .option("n", { type: "string", demandOption: true, describe: "sizes: 8,16,32, 8..12 or 8..1024x2 (doubling)" })
      .option("family", { choices: ["fixed", "float"] as const, default: "fixed", describe: "fixed:I.F (p = I + F) or float:E.M (p = 1 + E + M)" })
      .option("samples", { type: "number", default: 200, describe: "seeded inputs per n where not every input is checked" })
      .option("seed", seedOption)
      .option("json", jsonOption),
  run(args, io) {
    const samples = args.samples as number;
    if (!(Number.isInteger(samples) && samples >= 1)) userError("--samples must be a whole number ≥ 1");
    const subject = precisionSubject(String(args.model), String(args.task));
    const ns = parseSizes(args.n as string);
    const result = precisionSearch(subject, ns, args.family as PrecisionFamily, args.seed as number, samples);
    if (args.json) {
      io.out(JSON.stringify({ ...result, rows: result.rows.map((r) => ({ ...r })), seed: args.seed }) + "\n");
      return;
    }
    io.out(precisionTable(result, args.seed as number));
  },
};

export function precisionTable(r: PrecisionResult, seed: number): string {
  const lines = [chalk.bold(`precision of ${r.construction} on ${r.task}, ${r.family} formats`) + `, seed ${seed}`];
  const head = ["n", "log2 n", "p (bits)", "format", "checked", "instances", "non-monotone p"];
  const body = r.rows.map((x) => [
    String(x.n), Math.log2(x.n).toFixed(2), x.bits === null ? "none ≤ limit" : String(x.bits), x.format ?? "—",
    x.checked, String(x.instances), x.nonMonotone.length ? x.nonMonotone.join(",") : "none",
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((row) => row[k].length)));
  const row = (cells: string[]) => cells.map((c, k) => c.padStart(widths[k])).join("  ");
  lines.push(chalk.dim(row(head)));
  for (const b of body) lines.push(row(b));
  if (r.slope !== null && r.intercept !== null) lines.push(`fit: p ≈ ${r.intercept.toFixed(2)} + ${r.slope.toFixed(2)}·log₂n`);
  for (const x of r.rows) {
    if (x.failureBelow) lines.push(`n=${x.n}: at ${x.failureBelow.bits} bits (${x.failureBelow.format}) it fails on ${x.failureBelow.input}`);
  }
  return lines.join("\n") + "\n";
}
