import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadWeights } from "../models/weights/load.js";
import { architectureNamed, architectureNames } from "../models/architectures.js";
import { parseRoleFormats, roleFormatsName } from "../models/_internals/roleFormats.js";
import { predict, type StreamingModel } from "../stream/model.js";
import { userError } from "../util/errors.js";
import { buildSplit, type Split } from "./dataset.js";
import { writeDatasetFile, type DatasetArrays } from "./datasetFile.js";
import { readJson, runPath } from "./runDirectory.js";
import type { RunSpec } from "./train.js";
import { runWorker } from "./workerProcess.js";

export interface EvalOptions {
  /** A run directory (its weights.safetensors and spec.json). */
  readonly run: string;
  /** Dataset to evaluate on; defaults to the run's own task, n and mode. */
  readonly task?: string;
  readonly n?: number;
  readonly mode?: string;
  readonly dataSeed?: number;
  /** Sequences to evaluate (default 2000), drawn as the `split` split of the data seed. */
  readonly size?: number;
  readonly split?: Split;
  /** worker: the PyTorch twin; exact: the TypeScript model at `format`, bit-exact. */
  readonly in?: "worker" | "exact";
  /** exact only: the number format (default fp32). */
  readonly format?: string;
  /** worker only */
  readonly dtype?: "float32" | "float64";
  readonly device?: "auto" | "cuda" | "cpu";
}

export interface EvalResult {
  readonly run: string;
  readonly architecture: string;
  readonly task: string;
  readonly n: number;
  readonly mode: string;
  readonly count: number;
  /** Fraction of sequences whose every supervised token is predicted exactly. */
  readonly accuracy: number;
  readonly in: "worker" | "exact";
  /** worker: the device; exact: "typescript". */
  readonly device: string;
  /** worker: float32/float64; exact: the format name. */
  readonly numbers: string;
  readonly datasetHash: string;
  readonly trainedOn: { task: string; n: number; datasetHash: string };
}

/** Evaluates a trained run on any dataset, in the worker or bit-exactly in TypeScript. */
export async function runEval(o: EvalOptions): Promise<EvalResult> {
  const dir = resolve(o.run);
  const weights = runPath(dir, "weights");
  if (!existsSync(weights)) userError(`${dir} has no weights.safetensors (is the run finished?)`);
  const spec = readJson<RunSpec>(runPath(dir, "spec"), "run spec");
  const where = o.in ?? "worker";
  if (where !== "worker" && where !== "exact") userError(`--in must be worker or exact (got '${String(where)}')`);
  const req = {
    task: o.task ?? spec.dataset.task,
    n: o.n ?? spec.dataset.n,
    mode: o.mode ?? spec.dataset.mode,
    dataSeed: o.dataSeed ?? spec.dataset.dataSeed,
    sizes: { train: 1, valid: 1, test: 1, [o.split ?? "test"]: o.size ?? 2000 } as Record<Split, number>,
  };
  const { data, vocabSize } = await buildSplit(req, o.split ?? "test");
  const modelVocab = Number(spec.config.vocabSize);
  if (vocabSize > modelVocab) {
    userError(`${req.task} at n=${req.n} has a vocabulary of ${vocabSize}; the run's model has ${modelVocab} (trained at n=${spec.dataset.n})`);
  }
  const common = {
    run: dir,
    architecture: spec.architecture,
    task: req.task,
    n: req.n,
    mode: req.mode,
    count: data.arrays.count,
    datasetHash: data.hash,
    trainedOn: { task: spec.dataset.task, n: spec.dataset.n, datasetHash: spec.dataset.hash },
  };
  if (where === "worker") {
    const tmp = mkdtempSync(join(tmpdir(), "sb-eval-"));
    try {
      const path = join(tmp, "eval.sbd");
      writeDatasetFile(path, data.arrays, { task: req.task, n: req.n, mode: req.mode, vocabSize, padId: 0, hash: data.hash });
      const done = await runWorker({
        command: "eval",
        weights,
        dataset: path,
        dtype: o.dtype ?? "float32",
        device: o.device ?? "auto",
        expectArchitecture: spec.architecture,
        threads: 1,
      });
      return { ...common, accuracy: Number(done.accuracy), in: "worker", device: String(done.device), numbers: String(done.dtype) };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (!architectureNamed(spec.architecture)) {
    userError(`--in exact runs ${architectureNames().join(", ")}; ${spec.architecture} has no bit-exact TypeScript model yet`);
  }
  const formats = parseRoleFormats(o.format ?? "fp32");
  const { model } = loadWeights(weights, { format: formats, architecture: spec.architecture });
  const accuracy = exactAccuracy(model as StreamingModel<unknown>, data.arrays);
  return { ...common, accuracy, in: "exact", device: "typescript", numbers: roleFormatsName(formats) };
}

/**
 * Streams each sequence through the model; at every supervised position k the prediction made
 * from the state after tokens 0..k−1 must equal token k. Same rule as the worker's accuracy.
 */
export function exactAccuracy(model: StreamingModel<unknown>, a: DatasetArrays): number {
  let correct = 0;
  for (let s = 0; s < a.count; s++) {
    const base = s * a.length;
    const len = a.lengths[s];
    let last = 0;
    for (let k = 1; k < len; k++) if (a.mask[base + k]) last = k;
    let state = model.init();
    let ok = true;
    for (let k = 1; k <= last && ok; k++) {
      state = model.step(state, a.tokens[base + k - 1], k - 1);
      if (a.mask[base + k] && predict(model.logits(state)) !== a.tokens[base + k]) ok = false;
    }
    if (ok) correct++;
  }
  return correct / Math.max(1, a.count);
}
