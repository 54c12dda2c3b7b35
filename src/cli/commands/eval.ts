import type { CliCommand } from "../command.js";
import { jsonOption } from "../command.js";
import type { CliIO } from "../io.js";
import { runEval, type EvalOptions, type EvalResult } from "../../float/evalRun.js";

/** The command's work, callable in-process. */
export async function runEvalCommand(args: Record<string, unknown>, io: CliIO): Promise<EvalResult> {
  const r = await runEval({
    run: String(args.run),
    task: args.task as string | undefined,
    n: args.n as number | undefined,
    mode: args.mode as string | undefined,
    dataSeed: args["data-seed"] as number | undefined,
    size: args.size as number | undefined,
    in: args.in as EvalOptions["in"],
    format: args.format as string | undefined,
    dtype: args.dtype as EvalOptions["dtype"],
    device: args.device as EvalOptions["device"],
  });
  if (args.json) io.out(JSON.stringify(r) + "\n");
  else {
    const where = r.in === "worker" ? `PyTorch ${r.numbers} on ${r.device}` : `bit-exact TypeScript at ${r.numbers}`;
    const pct = (v: number | null) => (v === null ? "—" : v.toFixed(4));
    io.out(
      `${r.architecture} from ${r.run}\n` +
        `  ${r.task} n=${r.n} (${r.mode}), ${r.count} sequences (${where}), teacher-forced:\n` +
        `    answer accuracy ${pct(r.answerAccuracy)}  (the answer by argmax over the task's answer tokens, as census and game score)\n` +
        `    exact match     ${pct(r.exactMatch)}  (every supervised token by argmax over the whole vocabulary)\n` +
        (r.freeRunning
          ? `  free-running (${r.freeRunningNote}): answer accuracy ${pct(r.freeRunning.answerAccuracy)}, exact match ${pct(r.freeRunning.exactMatch)}\n`
          : r.mode !== "direct"
            ? `  free-running: not scored (${r.freeRunningNote})\n`
            : "") +
        (r.in === "exact"
          ? r.argmaxAgreement
            ? `  argmax agreement with the PyTorch twin (${r.argmaxAgreement.dtype} on ${r.argmaxAgreement.device}): ${pct(r.argmaxAgreement.rate)}, ` +
              `${r.argmaxAgreement.agreeing} of ${r.argmaxAgreement.positions} positions (${r.argmaxAgreementNote})\n`
            : `  argmax agreement with the PyTorch twin: ${r.argmaxAgreementNote}\n`
          : "") +
        `  dataset sha256 ${r.datasetHash}; trained on ${r.trainedOn.task} n=${r.trainedOn.n}; ` +
        (r.inTrain === null ? "another dataset than the run's training data\n" : `${r.inTrain} of the ${r.count} sequences also in the run's training data\n`),
    );
  }
  return r;
}

export const evalCommand: CliCommand = {
  command: "eval",
  describe: "evaluate a trained run on any dataset: in the PyTorch worker, or bit-exactly in TypeScript at a format",
  builder: (y) =>
    y
      .option("run", { type: "string", demandOption: true, describe: "run directory written by train" })
      .option("task", { type: "string", describe: "task (default: the run's)" })
      .option("n", { type: "number", describe: "task size (default: the run's)" })
      .option("mode", { type: "string", describe: "token format (default: the run's)" })
      .option("size", { type: "number", describe: "sequences to evaluate (default 2000)" })
      .option("data-seed", { type: "number", describe: "data seed (default: the run's; the test split is drawn)" })
      .option("in", { type: "string", choices: ["worker", "exact"], default: "worker", describe: "worker: PyTorch; exact: the TypeScript model at --format" })
      .option("format", { type: "string", describe: "number format for --in exact (default fp32)" })
      .option("dtype", { type: "string", choices: ["float32", "float64"], describe: "worker precision (default float32); with --in exact, the twin's for the argmax agreement (default: the run's training dtype, float32)" })
      .option("device", { type: "string", choices: ["auto", "cuda", "cpu"], describe: "worker device (default auto); with --in exact, the twin's (default cpu)" })
      .option("json", jsonOption),
  async run(args, io) {
    await runEvalCommand(args, io);
  },
};
