import type { CliCommand } from "../command.js";
import { jsonOption, seedOption } from "../command.js";
import type { CliIO } from "../io.js";
import { getTask, TASK_NAMES } from "../../tasks/registry.js";
import type { TaskInstance } from "../../tasks/task.js";
import { Rng, deriveSeed } from "../../util/rng.js";
import { userError } from "../../util/errors.js";
import { exportRnnIcrag } from "../../float/exportRnnIcrag.js";

/** `streambound data TASK --n N --count K --seed S [--mode M]`, as plain values. */
export interface DataArgs {
  readonly task: string;
  readonly n: number;
  readonly count: number;
  readonly seed: number;
  readonly mode?: string;
}

/** The one JSON document `data --json` prints. */
export interface DataDocument {
  readonly task: string;
  readonly n: number;
  readonly mode: string;
  readonly vocabSize: number;
  readonly seed: number;
  readonly instances: { tokens: number[]; text: string; supervised: (0 | 1)[]; answer: number }[];
}

export const DATA_MODES = ["direct", "cot", "retrieval"] as const;

type DataInstance = DataDocument["instances"][number];

/** Checks the arguments and returns the task, mode and vocabulary size (nothing drawn yet). */
function dataPlan(args: DataArgs) {
  const { n, count, seed } = args;
  if (!Number.isInteger(n) || n < 1) userError(`--n must be a whole number ≥ 1 (got ${n})`);
  if (!Number.isInteger(count) || count < 1) userError(`--count must be a whole number ≥ 1 (got ${count})`);
  if (!Number.isInteger(seed)) userError(`--seed must be a whole number (got ${seed})`);
  const task = getTask(args.task);
  const mode = args.mode ?? "direct";
  if (!task.modes.includes(mode)) userError(`task ${task.name} has no mode '${mode}' (modes: ${task.modes.join(", ")})`);
  return { task, mode, vocabSize: task.vocabulary(n).length };
}

/**
 * Instance k is drawn from its own stream deriveSeed(seed, "data/<task>/<n>/<k>"): the first K
 * instances do not depend on --count, and the mode is not in the label, so one seed gives the
 * same inputs (e.g. the same graphs) in every mode. One at a time, so --count 1e9 streams.
 */
export function* dataInstances(args: DataArgs): Generator<DataInstance> {
  const { task, mode } = dataPlan(args);
  for (let k = 0; k < args.count; k++) {
    const inst: TaskInstance = task.generate(args.n, new Rng(deriveSeed(args.seed, `data/${task.name}/${args.n}/${k}`)), mode);
    yield { tokens: [...inst.tokens], text: inst.text, supervised: [...inst.supervised], answer: inst.answer };
  }
}

/** The whole document in memory (in-process callers; the command streams it instead). */
export function runData(args: DataArgs): DataDocument {
  const { task, mode, vocabSize } = dataPlan(args);
  return { task: task.name, n: args.n, mode, vocabSize, seed: args.seed, instances: [...dataInstances(args)] };
}

/** Prints the document as it is drawn: --json gives the same bytes as JSON.stringify(runData(…)). */
async function printData(args: DataArgs, json: boolean, io: CliIO): Promise<void> {
  const { task, mode, vocabSize } = dataPlan(args);
  const vocab = json ? [] : task.vocabulary(args.n);
  // the first instance before any output: a size the generator refuses leaves stdout empty
  const instances = dataInstances(args);
  const first = instances.next();
  if (json) {
    const head = { task: task.name, n: args.n, mode, vocabSize, seed: args.seed };
    io.out(JSON.stringify(head).slice(0, -1) + ',"instances":[');
  } else {
    io.out(`task ${task.name}  n ${args.n}  mode ${mode}  vocab ${vocabSize}  seed ${args.seed}  count ${args.count}\n`);
  }
  let k = 0;
  for (let step = first; !step.done; step = instances.next()) {
    const inst = step.value;
    if (json) io.out((k > 0 ? "," : "") + JSON.stringify(inst));
    else {
      io.out(
        `#${k}  answer ${vocab[inst.answer]} (id ${inst.answer})  ${inst.tokens.length} tokens\n` +
          `  ids   ${inst.tokens.join(" ")}\n  text  ${inst.text}\n`,
      );
    }
    k++;
    await io.drain?.();
  }
  if (json) io.out("]}\n");
}

/** Caveats about the task's data (e.g. istree:random leaks its label), for stderr. */
export function dataWarnings(args: Pick<DataArgs, "task">): string[] {
  return [...(getTask(args.task).warnings ?? [])];
}

export const dataCommand: CliCommand = {
  command: "data <task>",
  describe: "seeded task instances: token ids, text, loss mask and answer",
  builder: (y) =>
    y
      .positional("task", { type: "string", describe: `task name (${TASK_NAMES.join(", ")})` })
      .option("n", { type: "number", demandOption: true, describe: "task size n (graph size for istree)" })
      .option("count", { type: "number", default: 1, describe: "number of instances" })
      .option("mode", { type: "string", choices: DATA_MODES, default: "direct", describe: "token layout" })
      .option("seed", seedOption)
      .option("export", { type: "string", choices: ["rnn-icrag"], describe: "write files another trainer reads instead of printing (istree)" })
      .option("out", { type: "string", describe: "--export: directory to create (training data; validation in DIR/val)" })
      .option("val-count", { type: "number", default: 5000, describe: "--export: validation instances" })
      .option("json", jsonOption),
  async run(args, io) {
    if (args.export !== undefined || args.out !== undefined) {
      if (args.export === undefined || args.out === undefined) userError("--export and --out go together");
      const r = await exportRnnIcrag({
        task: String(args.task),
        n: args.n as number,
        count: args.count as number,
        valCount: args["val-count"] as number,
        seed: args.seed as number,
        mode: args.mode as string,
        out: String(args.out),
      });
      if (args.json) io.out(JSON.stringify(r) + "\n");
      else io.out(`rnn-icrag layout: ${r.train.count} training sequences in ${r.train.dir}, ${r.val.count} validation in ${r.val.dir} (n_vocab ${r.nVocab})\n`);
      return;
    }
    const dataArgs: DataArgs = {
      task: String(args.task),
      n: args.n as number,
      count: args.count as number,
      seed: args.seed as number,
      mode: args.mode as string,
    };
    for (const w of dataWarnings(dataArgs)) io.err(`warning: ${w}\n`);
    await printData(dataArgs, Boolean(args.json), io);
  },
};
