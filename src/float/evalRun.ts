import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadWeights } from "../models/weights/load.js";
import { architectureNamed, architectureNames } from "../models/architectures.js";
import { parseRoleFormats, roleFormatsName } from "../models/_internals/roleFormats.js";
import { predict, type StreamingModel } from "../stream/model.js";
import { userError } from "../util/errors.js";
import { buildSplit, sequenceKey, type Split } from "./dataset.js";
import { readDatasetFile, writeDatasetFile, type DatasetArrays } from "./datasetFile.js";
import { dataPath, exactEvalPath, readJson, runPath, writeJsonAtomic } from "./runDirectory.js";
import { argmaxAgreement, TRAINING_DTYPE, type ArgmaxAgreement } from "./argmaxAgreement.js";
import type { RunSpec } from "./train.js";
import { runWorker } from "./workerProcess.js";
import { taskAnswerTokens } from "./answerTokens.js";
import { generate } from "../stream/interpreter.js";
import { endsWithQuery, retrieve } from "../tasks/retriever.js";

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
  /** worker: its precision and device (default float32, auto); exact: the twin's for the argmax agreement (default the run's training dtype, float32, and cpu). */
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
  /** Exact match (kept under its old name): see exactMatch. */
  readonly accuracy: number;
  /** Exact match: fraction of sequences whose every supervised token is the argmax over the whole vocabulary (teacher-forced). */
  readonly exactMatch: number;
  /**
   * Answer accuracy: fraction whose answer (the last token) is the argmax over the task's answer
   * tokens, as the census and the game score (teacher-forced). null when the task's answer tokens are unknown.
   */
  readonly answerAccuracy: number | null;
  /**
   * CoT and retrieval modes, --in exact: greedy generation from the input alone (argmax over the
   * vocabulary; in retrieval mode the retriever answers every query in the loop, as a deployed
   * RAG model runs). exactMatch: the whole generated continuation equals the reference;
   * answerAccuracy: generation ends with the right answer. null otherwise, with the reason in freeRunningNote.
   */
  readonly freeRunning: { readonly exactMatch: number; readonly answerAccuracy: number } | null;
  readonly freeRunningNote: string;
  readonly in: "worker" | "exact";
  /** worker: the device; exact: "typescript". */
  readonly device: string;
  /** worker: float32/float64; exact: the format name. */
  readonly numbers: string;
  readonly datasetHash: string;
  readonly trainedOn: { task: string; n: number; datasetHash: string };
  /**
   * --in exact: how often the exact model's argmax equals the PyTorch twin's on these sequences
   * (src/float/argmaxAgreement.ts); null in worker mode and when torch is missing, with the reason in argmaxAgreementNote.
   */
  readonly argmaxAgreement: ArgmaxAgreement | null;
  readonly argmaxAgreementNote: string;
  /** Evaluated sequences that also occur in the run's training split (null when the task, n or mode differ, or the run has no data). */
  readonly inTrain: number | null;
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
  const answers = taskAnswerTokens(req.task, req.n);
  const generative = req.mode === "cot" || req.mode === "retrieval";
  const common = {
    run: dir,
    architecture: spec.architecture,
    task: req.task,
    n: req.n,
    mode: req.mode,
    count: data.arrays.count,
    datasetHash: data.hash,
    trainedOn: { task: spec.dataset.task, n: spec.dataset.n, datasetHash: spec.dataset.hash },
    inTrain: overlapWithTrain(dir, spec, req, data.arrays),
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
        ...(answers ? { answerTokens: answers } : {}),
      });
      const exactMatch = Number(done.accuracy);
      return {
        ...common,
        accuracy: exactMatch,
        exactMatch,
        answerAccuracy: answers ? Number(done.answerAccuracy) : null,
        freeRunning: null,
        argmaxAgreement: null,
        argmaxAgreementNote: "measured with --in exact",
        freeRunningNote: generative ? "free-running generation is scored with --in exact (the retriever runs in TypeScript)" : "direct mode: nothing is generated",
        in: "worker",
        device: String(done.device),
        numbers: String(done.dtype),
      };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (!architectureNamed(spec.architecture)) {
    userError(`--in exact runs ${architectureNames().join(", ")}; ${spec.architecture} has no bit-exact TypeScript model yet`);
  }
  const formats = parseRoleFormats(o.format ?? "fp32");
  const { model } = loadWeights(weights, { format: formats, architecture: spec.architecture });
  const m = model as StreamingModel<unknown>;
  const scores = exactScores(m, data.arrays, answers);
  const retriever =
    req.mode === "retrieval" && req.task.startsWith("istree") ? (ctx: readonly number[]) => (endsWithQuery(ctx, req.n) ? retrieve(ctx, req.n) : null) : undefined;
  const freeRunning = generative && answers ? freeRunningScores(m, data.arrays, answers, retriever) : null;
  const agreement = await argmaxAgreement(m, data.arrays, weights, { dtype: o.dtype ?? TRAINING_DTYPE, device: o.device ?? "cpu", architecture: spec.architecture });
  const result: EvalResult = {
    ...common,
    accuracy: scores.exactMatch,
    ...scores,
    freeRunning,
    freeRunningNote: freeRunning ? `greedy generation${retriever ? " with the retriever in the loop" : ""}` : generative ? "answer tokens unknown" : "direct mode: nothing is generated",
    argmaxAgreement: agreement.agreement,
    argmaxAgreementNote: agreement.note,
    in: "exact",
    device: "typescript",
    numbers: roleFormatsName(formats),
  };
  // recorded for `results`, on the run's own task, n and mode only (another dataset's eval keeps the record)
  const own = req.task === spec.dataset.task && req.n === spec.dataset.n && req.mode === spec.dataset.mode;
  if (result.argmaxAgreement && own) writeJsonAtomic(exactEvalPath(dir, result.numbers), result);
  return result;
}

/**
 * Teacher-forced scores of one pass over each sequence: exact match (every supervised token by
 * argmax over the vocabulary) and answer accuracy (the last token by argmax over `answers`).
 */
export function exactScores(model: StreamingModel<unknown>, a: DatasetArrays, answers: readonly number[] | null): { exactMatch: number; answerAccuracy: number | null } {
  let exact = 0;
  let answered = 0;
  for (let s = 0; s < a.count; s++) {
    const base = s * a.length;
    const len = a.lengths[s];
    let state = model.init();
    let ok = true;
    for (let k = 1; k < len; k++) {
      state = model.step(state, a.tokens[base + k - 1], k - 1);
      if (!a.mask[base + k]) continue;
      const logits = model.logits(state);
      if (predict(logits) !== a.tokens[base + k]) ok = false;
      if (k === len - 1 && answers && predict(logits, answers) === a.tokens[base + k]) answered++;
    }
    if (ok) exact++;
  }
  const count = Math.max(1, a.count);
  return { exactMatch: exact / count, answerAccuracy: answers ? answered / count : null };
}

/** Free-running scores (see EvalResult.freeRunning). */
export function freeRunningScores(
  model: StreamingModel<unknown>,
  a: DatasetArrays,
  answers: readonly number[],
  retriever?: (context: readonly number[]) => number | null,
): { exactMatch: number; answerAccuracy: number } {
  let exact = 0;
  let answered = 0;
  for (let s = 0; s < a.count; s++) {
    const base = s * a.length;
    const len = a.lengths[s];
    const seq = Array.from(a.tokens.subarray(base, base + len));
    let first = 1;
    while (first < len && !a.mask[base + first]) first++;
    let state = model.init();
    for (let k = 0; k < first; k++) state = model.step(state, seq[k], k);
    const reference = seq.slice(first);
    const g = generate(model, state, first, { stopTokens: answers, maxTokens: 2 * reference.length + 64, retriever, context: seq.slice(0, first) });
    if (g.tokens.length === reference.length && g.tokens.every((t, k) => t === reference[k])) exact++;
    if (g.stopped && g.tokens[g.tokens.length - 1] === seq[len - 1]) answered++;
  }
  const count = Math.max(1, a.count);
  return { exactMatch: exact / count, answerAccuracy: answered / count };
}

/**
 * Exact match: streams each sequence through the model; at every supervised position k the
 * prediction made from the state after tokens 0..k−1 must equal token k. Same rule as the worker's.
 */
export function exactAccuracy(model: StreamingModel<unknown>, a: DatasetArrays): number {
  return exactScores(model, a, null).exactMatch;
}

/** How many of the evaluated sequences the run was trained on (the score of those is not a test). */
function overlapWithTrain(dir: string, spec: RunSpec, req: { task: string; n: number; mode: string }, a: DatasetArrays): number | null {
  const d = spec.dataset;
  if (req.task !== d.task || req.n !== d.n || req.mode !== d.mode) return null;
  const path = dataPath(dir, "train");
  if (!existsSync(path)) return null;
  const train = readDatasetFile(path).arrays;
  const keys = new Set<string>();
  for (let k = 0; k < train.count; k++) keys.add(sequenceKey(train, k));
  let hits = 0;
  for (let k = 0; k < a.count; k++) if (keys.has(sequenceKey(a, k))) hits++;
  return hits;
}
