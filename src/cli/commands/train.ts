import type { Argv } from "yargs";
import type { CliCommand } from "../command.js";
import { jsonOption } from "../command.js";
import type { CliIO } from "../io.js";
import { FLOAT_ARCHITECTURES } from "../../float/architectures.js";
import { runTrain, type RunResult, type TrainOptionsInput } from "../../float/train.js";
import { trainingBar } from "../../float/trainingBar.js";
import { userError } from "../../util/errors.js";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { readJson, runPath } from "../../float/runDirectory.js";
import type { RunSpec } from "../../float/train.js";

/** Train/valid/test overlap, printed on every run (a small input space makes it large). */
export function overlapLine(spec: RunSpec): string {
  const d = spec.dataset;
  const s = d.splits;
  const o = d.overlap;
  const part = (name: string, k: number, of: number) => `${name} ${k} of ${of}`;
  return (
    `data: ${d.task} n=${d.n} (${d.mode}), train ${s.train.count}, valid ${s.valid.count}, test ${s.test.count}; ` +
    `sequences also in train: ${part("valid", o.validInTrain, s.valid.count)}, ${part("test", o.testInTrain, s.test.count)}` +
    (o.validInTrain + o.testInTrain === 0 ? " (disjoint)" : "")
  );
}

/** The flags that define a training run (shared with sweep's documentation of grid keys). */
export function withTrainOptions(y: Argv): Argv {
  return y
    .option("task", { type: "string", describe: "task to train on (e.g. index)" })
    .option("n", { type: "number", describe: "task size n" })
    .option("mode", { type: "string", describe: "token format: direct (default), cot, retrieval" })
    .option("arch", { type: "string", describe: `architecture: ${FLOAT_ARCHITECTURES.join(", ")}` })
    .option("width", { type: "number", describe: "model width (hidden size)" })
    .option("layers", { type: "number", describe: "layers (default 1)" })
    .option("heads", { type: "number", describe: "attention heads (default width/8)" })
    .option("base", { type: "string", describe: "hybrid: the recurrent stack under the attention layer (default mamba)" })
    .option("positions", { type: "string", describe: "transformer positions: rope (default), sinusoidal, learned" })
    .option("norm", { type: "string", describe: "rmsnorm (default) or layernorm" })
    .option("d-state", { type: "number", describe: "mamba / diagonal-rnn state size" })
    .option("tied-sinusoidal", { type: "boolean", describe: "frozen sinusoidal token embeddings tied to a frozen output head" })
    .option("steps", { type: "number", describe: "optimizer steps (default 3000)" })
    .option("lr", { type: "number", describe: "peak learning rate, AdamW with warmup + cosine (default 3e-3)" })
    .option("batch", { type: "number", describe: "batch size (default 64)" })
    .option("train-size", { type: "number", describe: "training sequences (default 50000)" })
    .option("valid-size", { type: "number", describe: "validation sequences (default 2000)" })
    .option("test-size", { type: "number", describe: "test sequences (default 2000)" })
    .option("data-seed", { type: "number", describe: "seed of the datasets (default 0); --seed seeds torch" })
    .option("eval-every", { type: "number", describe: "steps between validations (default steps/10)" })
    .option("device", { type: "string", choices: ["auto", "cuda", "cpu"], describe: "auto: CUDA when available, else CPU" })
    .option("threads", { type: "number", describe: "torch CPU threads (default 1)" });
}

const FLAG_TO_OPTION: [string, string][] = [
    ["task", "task"], ["n", "n"], ["mode", "mode"], ["arch", "arch"], ["width", "width"], ["layers", "layers"],
    ["heads", "heads"], ["base", "base"], ["positions", "positions"], ["norm", "norm"], ["d-state", "dState"],
    ["tied-sinusoidal", "tiedSinusoidal"], ["steps", "steps"], ["lr", "lr"], ["batch", "batch"],
    ["train-size", "trainSize"], ["valid-size", "validSize"], ["test-size", "testSize"], ["data-seed", "dataSeed"],
    ["eval-every", "evalEvery"], ["device", "device"], ["threads", "threads"], ["seed", "seed"],
];

/** Maps parsed flags to train options; absent flags stay absent so the defaults apply. */
export function trainOptionsFromArgs(args: Record<string, unknown>): TrainOptionsInput {
  const o: Record<string, unknown> = {};
  for (const [flag, key] of FLAG_TO_OPTION) if (args[flag] !== undefined) o[key] = args[flag];
  return o as TrainOptionsInput;
}

/**
 * --resume continues the run as its spec.json records it; a flag given with another value
 * would be silently ignored, so it is an error naming every such flag (equal values are fine).
 */
export function resumeContradictions(args: Record<string, unknown>, dir: string): string[] {
  const specPath = runPath(resolve(dir), "spec");
  if (!existsSync(specPath)) return [];
  const spec = readJson<RunSpec>(specPath, "run spec");
  const recorded = spec.options as unknown as Record<string, unknown>;
  const out: string[] = [];
  for (const [flag, key] of FLAG_TO_OPTION) {
    if (args[flag] === undefined) continue;
    if (JSON.stringify(args[flag]) !== JSON.stringify(recorded[key])) {
      out.push(`--${flag} ${String(args[flag])} (the run has ${recorded[key] === undefined ? "none" : String(recorded[key])})`);
    }
  }
  if (args.out !== undefined && resolve(String(args.out)) !== resolve(dir)) out.push(`--out ${String(args.out)} (the run is in ${resolve(dir)})`);
  return out;
}

export function formatRunResult(r: RunResult): string {
  return [
    `run ${r.dir}`,
    `  test answer accuracy ${r.testAnswerAccuracy === undefined ? "—" : r.testAnswerAccuracy.toFixed(4)} (argmax over the answer tokens)   ` +
      `test exact match ${r.testAccuracy.toFixed(4)}   validation exact match ${r.validAccuracy.toFixed(4)}   (seed ${r.seed})`,
    `  ${r.steps} steps on ${r.device} (torch ${r.torch}), ${r.trainSeconds.toFixed(1)} s training, ${r.wallSeconds.toFixed(1)} s wall`,
    "",
  ].join("\n");
}

/** The command's work, callable in-process: trains (or resumes) and prints the result. */
export async function runTrainCommand(args: Record<string, unknown>, io: CliIO): Promise<RunResult> {
  const resume = args.resume as string | undefined;
  if (resume !== undefined) {
    const clash = resumeContradictions(args, resume);
    if (clash.length) userError(`--resume continues the run as recorded in its spec.json; these flags contradict it: ${clash.join(", ")}`);
  }
  const bar = trainingBar(io);
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once("SIGINT", onSigint);
  if (!resume) {
    const missing = ["task", "n", "arch", "width"].filter((k) => args[k] === undefined);
    if (missing.length) userError(`train needs ${missing.map((k) => `--${k}`).join(", ")} (or --resume DIR)`);
  }
  try {
    const result = await runTrain(
      resume ? undefined : trainOptionsFromArgs(args),
      { out: args.out as string | undefined, resumeDir: resume },
      {
        signal: ac.signal,
        onStart: (dir, spec) => io.err(`training into ${dir}\n${overlapLine(spec)}\n`),
        onProgress: (p) => bar.update(p.step, p.steps, p.loss, p.accuracy),
        onMetrics: (m) => {
          if (!io.interactive) io.err(`step ${m.step}: validation exact match ${m.validAccuracy.toFixed(4)}, loss ${m.validLoss.toFixed(4)}\n`);
        },
      },
    );
    bar.stop();
    io.out(args.json ? JSON.stringify(result) + "\n" : formatRunResult(result));
    return result;
  } catch (e) {
    bar.stop();
    // a TrainingFault is a UserError: main prints its one line (printing it here too showed it twice)
    throw e;
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}

export const trainCommand: CliCommand = {
  command: "train",
  describe: "train a PyTorch twin on a task's dataset (CPU or CUDA); writes a run directory",
  builder: (y) =>
    withTrainOptions(y)
      .option("out", { type: "string", describe: "run directory (default runs/<task>-n<n>-<arch>-…)" })
      .option("resume", { type: "string", describe: "continue the run in this directory from its last checkpoint" })
      // no yargs default: an absent --seed must stay absent for --resume's contradiction check
      .option("seed", { type: "number", describe: "seed of torch's initialisation and batches (default 1)" })
      .option("json", jsonOption),
  async run(args, io) {
    await runTrainCommand(args, io);
  },
};
