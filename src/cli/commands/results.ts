import type { CliCommand } from "../command.js";
import { jsonOption } from "../command.js";
import type { CliIO } from "../io.js";
import { sweepResults, type ResultsTable } from "../../float/results.js";

const pct = (v: number | null): string => (v === null ? "—" : v.toFixed(4));

export function resultsText(t: ResultsTable): string {
  const head = ["task", "n", "arch", "width", "layers", "runs", "answer acc mean", "exact match mean ± sd", "[min, max]", "M bits", "any-M-bit ceiling", "exact ceiling", "exact=twin argmax", "devices"];
  const body = t.rows.map((r) => [
    r.task,
    String(r.n),
    r.arch,
    String(r.width),
    String(r.layers),
    String(r.runs),
    pct(r.meanAnswerAccuracy),
    `${r.meanAccuracy.toFixed(4)} ± ${r.stdAccuracy.toFixed(4)}`,
    `[${r.minAccuracy.toFixed(4)}, ${r.maxAccuracy.toFixed(4)}]`,
    String(r.stateBits),
    pct(r.universalBound),
    r.exactCeiling === null ? `— (${r.ceilingNote})` : pct(r.exactCeiling),
    r.argmaxAgreement === null
      ? "— (no eval --in exact)"
      : `${pct(r.argmaxAgreement.rate)} (${r.argmaxAgreement.runs}/${r.runs} runs, twin ${r.argmaxAgreement.dtypes.join("+")})`,
    r.devices.join(","),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((row) => row[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(widths[k])).join("  ").trimEnd();
  return [
    `sweep ${t.sweep}: test answer accuracy (argmax over the answer tokens) and exact match (every supervised token), over every seed and lr (not best-of); M and ceilings at ${t.format}` +
      (t.formatIsWhatIf ? " (what-if: --format; the runs trained in float32)" : " (the runs' training dtype; --format F for a what-if)"),
    line(head),
    ...body.map(line),
    ...(t.unfinished ? [`${t.unfinished} point(s) unfinished: rerun the sweep to finish them`] : []),
    "",
  ].join("\n");
}

export function runResultsCommand(args: Record<string, unknown>, io: CliIO): ResultsTable {
  const t = sweepResults({ sweep: String(args.sweep), format: args.format as string | undefined, censusMaxN: args["census-max-n"] as number | undefined });
  io.out(args.json ? JSON.stringify(t) + "\n" : resultsText(t));
  return t;
}

export const resultsCommand: CliCommand = {
  command: "results",
  describe: "a sweep's results per (task, n, arch, width): accuracy mean and spread, state bits M, exact ceilings",
  builder: (y) =>
    y
      .option("sweep", { type: "string", demandOption: true, describe: "sweep directory" })
      .option("format", { type: "string", describe: "what-if format of M and of the exact ceiling (default: the runs' training dtype, fp32)" })
      .option("census-max-n", { type: "number", describe: "largest n for the exhaustive census (default 16; 10 for transformer and hybrid, whose state grows)" })
      .option("json", jsonOption),
  run(args, io) {
    runResultsCommand(args, io);
  },
};
