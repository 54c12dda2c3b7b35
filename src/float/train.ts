import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { UserError, userError } from "../util/errors.js";
import { twinConfig, type FloatArchitecture, type TwinConfig } from "./architectures.js";
import { buildDatasets, hashArrays, SPLITS, type Split } from "./dataset.js";
import { readDatasetFile, writeDatasetFile } from "./datasetFile.js";
import { dataPath, ensureDir, readJson, runPath, runState, writeJsonAtomic, type MetricsRow } from "./runDirectory.js";
import { taskAnswerTokens } from "./answerTokens.js";
import { probeTorch, runWorker, WorkerFault, type WorkerEvent } from "./workerProcess.js";

/** Everything a training run depends on; stored as spec.json's `options`. */
export const trainOptionsSchema = z.strictObject({
  task: z.string(),
  n: z.number().int().min(1),
  mode: z.string().default("direct"),
  arch: z.string(),
  width: z.number().int().min(1),
  layers: z.number().int().min(1).default(1),
  heads: z.number().int().min(1).optional(),
  base: z.string().optional(),
  positions: z.string().optional(),
  norm: z.string().optional(),
  dState: z.number().int().min(1).optional(),
  /** rnn-icrag: frozen sinusoidal token embeddings tied to a frozen output head */
  tiedSinusoidal: z.boolean().default(false),
  steps: z.number().int().min(1).default(3000),
  lr: z.number().positive().default(3e-3),
  batch: z.number().int().min(1).default(64),
  weightDecay: z.number().min(0).default(0.01),
  warmup: z.number().int().min(0).optional(),
  evalEvery: z.number().int().min(1).optional(),
  seed: z.number().int().default(1),
  dataSeed: z.number().int().default(0),
  trainSize: z.number().int().min(1).default(50_000),
  validSize: z.number().int().min(1).default(2_000),
  testSize: z.number().int().min(1).default(2_000),
  device: z.enum(["auto", "cuda", "cpu"]).default("auto"),
  /** torch CPU threads (default 1: these models are small, and the machine is shared) */
  threads: z.number().int().min(1).default(1),
});
export type TrainOptionsInput = z.input<typeof trainOptionsSchema>;
export type TrainOptions = z.output<typeof trainOptionsSchema>;

/** spec.json */
export interface RunSpec {
  readonly kind: "streambound-train-run";
  readonly version: 1;
  readonly options: TrainOptions;
  readonly architecture: FloatArchitecture;
  readonly config: TwinConfig;
  readonly dataset: {
    readonly task: string;
    readonly n: number;
    readonly mode: string;
    readonly dataSeed: number;
    readonly vocabSize: number;
    readonly seqLen: number;
    readonly padId: number;
    readonly hash: string;
    readonly splits: Record<Split, { seed: number; count: number; hash: string }>;
    readonly overlap: { validInTrain: number; testInTrain: number };
  };
}

/** result.json */
export interface RunResult {
  readonly status: "done";
  readonly dir: string;
  readonly seed: number;
  readonly device: string;
  readonly torch: string;
  readonly steps: number;
  readonly validAccuracy: number;
  readonly validLoss: number;
  /** Exact match on the test split (every supervised token, argmax over the vocabulary). */
  readonly testAccuracy: number;
  /** Answer accuracy on the test split (argmax over the task's answer tokens); absent in runs made before it existed. */
  readonly testAnswerAccuracy?: number;
  readonly testLoss: number;
  readonly trainSeconds: number;
  readonly wallSeconds: number;
  readonly datasetHash: string;
}

export interface TrainHooks {
  onProgress?: (p: { step: number; steps: number; loss: number; accuracy: number }) => void;
  onMetrics?: (row: MetricsRow) => void;
  /** Called once the run directory and its data exist, before the worker starts. */
  onStart?: (dir: string, spec: RunSpec) => void;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export function parseTrainOptions(raw: unknown, source = "train options"): TrainOptions {
  const r = trainOptionsSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.length ? issue.path.join(".") : "(top level)";
    userError(`${source}: ${where}: ${issue.message}`);
  }
  return r.data;
}

/** The default run directory name: every option that picks the model and data. */
export function runSlug(o: TrainOptions): string {
  const parts = [o.task, o.mode === "direct" ? "" : o.mode, `n${o.n}`, o.arch, o.base ?? "", `w${o.width}`, `l${o.layers}`, `lr${o.lr}`, `s${o.seed}`];
  return parts.filter((p) => p !== "").join("-");
}

/**
 * Trains one model (a new run, or `resumeDir` to continue one from its last checkpoint) and
 * returns result.json. A fault keeps the last checkpoint and throws a message naming the
 * command that resumes the run.
 */
export async function runTrain(
  input: TrainOptionsInput | undefined,
  where: { out?: string; resumeDir?: string },
  hooks: TrainHooks = {},
): Promise<RunResult> {
  const started = Date.now();
  let dir: string;
  let spec: RunSpec;
  if (where.resumeDir) {
    dir = resolve(where.resumeDir);
    const state = runState(dir);
    if (state === "empty") userError(`${dir} holds no run to resume (no spec.json)`);
    spec = readJson<RunSpec>(runPath(dir, "spec"), "run spec");
    if (input) {
      const asked = parseTrainOptions(input);
      if (asked.arch !== spec.options.arch) {
        userError(`${dir} is a run of architecture '${spec.options.arch}', not '${asked.arch}'`);
      }
    }
    if (state === "finished") return readJson<RunResult>(runPath(dir, "result"), "run result");
    await ensureData(dir, spec);
  } else {
    if (!input) userError("train needs options or a run directory to resume");
    const options = parseTrainOptions(input);
    dir = resolve(where.out ?? `runs/${runSlug(options)}`);
    const state = runState(dir);
    if (state !== "empty") {
      userError(`${dir} already holds a run; continue it with --resume ${dir}, or choose another --out`);
    }
    const probe = await probeTorch();
    // before anything is written, so the same command can simply be rerun elsewhere
    if (options.device === "cuda" && !probe.cuda) userError(`--device cuda: CUDA is not available to torch ${probe.torch} on this machine`);
    spec = await createRun(dir, options);
  }
  hooks.onStart?.(dir, spec);
  const o = spec.options;
  const answerTokens = taskAnswerTokens(spec.dataset.task, spec.dataset.n);
  const request = {
    command: "train",
    runDir: dir,
    train: dataPath(dir, "train"),
    valid: dataPath(dir, "valid"),
    test: dataPath(dir, "test"),
    architecture: spec.architecture,
    config: spec.config,
    steps: o.steps,
    lr: o.lr,
    batch: o.batch,
    seed: o.seed,
    device: o.device,
    weightDecay: o.weightDecay,
    threads: o.threads,
    tiedSinusoidal: o.tiedSinusoidal,
    resume: existsSync(runPath(dir, "checkpoint")),
    ...(o.warmup !== undefined ? { warmup: o.warmup } : {}),
    ...(o.evalEvery !== undefined ? { evalEvery: o.evalEvery } : {}),
    progressEvery: Math.max(1, Math.floor(o.steps / 200)),
    ...(answerTokens ? { answerTokens } : {}),
  };
  let done: WorkerEvent;
  try {
    done = await runWorker(request, {
      signal: hooks.signal,
      env: hooks.env,
      onEvent: (e) => {
        if (e.event === "progress" && typeof e.loss === "number") {
          hooks.onProgress?.(e as unknown as { step: number; steps: number; loss: number; accuracy: number });
        } else if (e.event === "metrics") hooks.onMetrics?.(e as unknown as MetricsRow);
      },
    });
  } catch (e) {
    if (e instanceof UserError) throw e;
    const kept = existsSync(runPath(dir, "checkpoint")) ? "the last good checkpoint is kept" : "no checkpoint was reached yet";
    const how = `${kept}: resume with \`streambound train --resume ${dir}\``;
    if (e instanceof WorkerFault) throw new TrainingFault(`training stopped (${e.message}); ${how}`, dir);
    // we interrupted it: whatever the worker said while stopping, this is an interruption, not a bug
    if (hooks.signal?.aborted) throw new TrainingFault(`training stopped (interrupted); ${how}`, dir);
    // a bug in the worker: keep its traceback (exit 1), and still say how to resume
    const bug = e instanceof Error ? e : new Error(String(e));
    bug.message = `${bug.message}; ${how}`;
    throw bug;
  }
  const result: RunResult = {
    status: "done",
    dir,
    seed: o.seed,
    device: String(done.device),
    torch: String(done.torch),
    steps: Number(done.steps),
    validAccuracy: Number(done.validAccuracy),
    validLoss: Number(done.validLoss),
    testAccuracy: Number(done.testAccuracy),
    ...(done.testAnswerAccuracy !== undefined ? { testAnswerAccuracy: Number(done.testAnswerAccuracy) } : {}),
    testLoss: Number(done.testLoss),
    trainSeconds: Number(done.trainSeconds),
    wallSeconds: (Date.now() - started) / 1000,
    datasetHash: spec.dataset.hash,
  };
  writeJsonAtomic(runPath(dir, "result"), result);
  return result;
}

/** Training stopped before finishing (killed, interrupted); `dir` can be resumed. One line, exit 2. */
export class TrainingFault extends UserError {
  constructor(
    message: string,
    readonly dir: string,
  ) {
    super(message);
    this.name = "TrainingFault";
  }
}

/** The run's datasets, exactly as its options (and so spec.json) describe them. */
function datasetsFor(o: TrainOptions) {
  return buildDatasets({
    task: o.task,
    n: o.n,
    mode: o.mode,
    dataSeed: o.dataSeed,
    sizes: { train: o.trainSize, valid: o.validSize, test: o.testSize },
  });
}

async function createRun(dir: string, options: TrainOptions): Promise<RunSpec> {
  const data = await datasetsFor(options);
  const seqLen = Math.max(...SPLITS.map((s) => data.splits[s].arrays.length));
  const { architecture, config } = twinConfig({
    arch: options.arch,
    width: options.width,
    layers: options.layers,
    vocabSize: data.vocabSize,
    maxLen: seqLen,
    heads: options.heads,
    base: options.base,
    positions: options.positions,
    norm: options.norm,
    dState: options.dState,
  });
  ensureDir(dir);
  const spec: RunSpec = {
    kind: "streambound-train-run",
    version: 1,
    options,
    architecture,
    config,
    dataset: {
      task: options.task,
      n: options.n,
      mode: options.mode,
      dataSeed: options.dataSeed,
      vocabSize: data.vocabSize,
      seqLen,
      padId: data.padId,
      hash: data.hash,
      splits: Object.fromEntries(
        SPLITS.map((s) => [s, { seed: data.splits[s].seed, count: data.splits[s].arrays.count, hash: data.splits[s].hash }]),
      ) as RunSpec["dataset"]["splits"],
      overlap: data.overlap,
    },
  };
  for (const s of SPLITS) {
    writeDatasetFile(dataPath(dir, s), data.splits[s].arrays, splitInfo(spec, s));
  }
  // spec.json last: its presence means the data is complete
  writeJsonAtomic(runPath(dir, "spec"), spec);
  return spec;
}

function splitInfo(spec: RunSpec, split: Split): Record<string, unknown> {
  const d = spec.dataset;
  return { task: d.task, n: d.n, mode: d.mode, split, seed: d.splits[split].seed, vocabSize: d.vocabSize, padId: d.padId, hash: d.splits[split].hash };
}

/** Before resuming: the data files must be the ones spec.json names (regenerated if missing). */
async function ensureData(dir: string, spec: RunSpec): Promise<void> {
  const missing = SPLITS.filter((s) => !existsSync(dataPath(dir, s)));
  if (missing.length > 0) {
    const o = spec.options;
    const data = await datasetsFor(o);
    if (data.hash !== spec.dataset.hash) userError(`${dir}: regenerated data does not match the hash in spec.json`);
    ensureDir(dir);
    for (const s of missing) writeDatasetFile(dataPath(dir, s), data.splits[s].arrays, splitInfo(spec, s));
  }
  for (const s of SPLITS) {
    const { arrays } = readDatasetFile(dataPath(dir, s));
    if (hashArrays(arrays) !== spec.dataset.splits[s].hash) {
      userError(`${dataPath(dir, s)}: content hash differs from spec.json (the data was changed)`);
    }
  }
}
