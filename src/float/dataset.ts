import { createHash } from "node:crypto";
import type { Task } from "../tasks/task.js";
import { getTask } from "../tasks/registry.js";
import { Rng, deriveSeed } from "../util/rng.js";
import { userError } from "../util/errors.js";
import type { DatasetArrays } from "./datasetFile.js";

/** The three splits, each from its own seed derived from the data seed. */
export const SPLITS = ["train", "valid", "test"] as const;
export type Split = (typeof SPLITS)[number];

export interface DatasetRequest {
  readonly task: string;
  readonly n: number;
  readonly mode: string;
  /** Parent seed of the data; each split draws from deriveSeed(dataSeed, label). */
  readonly dataSeed: number;
  readonly sizes: Readonly<Record<Split, number>>;
}

export interface SplitData {
  readonly split: Split;
  readonly seed: number;
  readonly arrays: DatasetArrays;
  /** sha256 of the split's arrays (tokens, mask, labels, lengths as little-endian bytes). */
  readonly hash: string;
}

export interface Datasets {
  readonly request: DatasetRequest;
  readonly vocabSize: number;
  readonly padId: number;
  readonly splits: Readonly<Record<Split, SplitData>>;
  /** sha256 over the three split hashes, in train, valid, test order. */
  readonly hash: string;
  /** Sequences of valid/test that also occur (token for token) in train. */
  readonly overlap: { readonly validInTrain: number; readonly testInTrain: number };
}

/** Padding after a sequence's end; never a target (mask 0), and invisible to causal models. */
export const PAD_ID = 0;

/** The task generators (src/tasks' registry); an unknown name is a UserError listing the tasks. */
export async function resolveTask(name: string): Promise<Task> {
  return getTask(name);
}

/** The seed of one split: derived, so enlarging one split never shifts another. */
export function splitSeed(req: Pick<DatasetRequest, "task" | "n" | "mode" | "dataSeed">, split: Split): number {
  return deriveSeed(req.dataSeed, `float-data/${req.task}/${req.n}/${req.mode}/${split}`);
}

/** Consecutive draws that may all land in the held-out sequences before train is refused. */
export const MAX_REJECTED_DRAWS = 10_000;

/**
 * `exclude`: sequences (sequenceKey form) this split must not contain; a draw that hits one is
 * replaced by the next draw of the same stream, so train is disjoint from valid and test.
 */
function generateSplit(task: Task, req: DatasetRequest, split: Split, exclude?: ReadonlySet<string>): SplitData {
  const count = req.sizes[split];
  const seed = splitSeed(req, split);
  const rng = new Rng(seed);
  const seqs = [];
  let length = 0;
  for (let k = 0; k < count; k++) {
    let inst = task.generate(req.n, rng, req.mode);
    for (let rejected = 0; exclude?.has(inst.tokens.join(",")); rejected++) {
      if (rejected >= MAX_REJECTED_DRAWS) {
        userError(
          `${req.task} at n=${req.n} (${req.mode}) has too few distinct sequences for a train split disjoint from valid and test ` +
            `(${exclude.size} held out; ${MAX_REJECTED_DRAWS} draws in a row hit them): use a larger n or smaller --valid-size/--test-size`,
        );
      }
      inst = task.generate(req.n, rng, req.mode);
    }
    seqs.push(inst);
    length = Math.max(length, inst.tokens.length);
  }
  const tokens = new Int32Array(count * length).fill(PAD_ID);
  const mask = new Uint8Array(count * length);
  const labels = new Int32Array(count);
  const lengths = new Int32Array(count);
  seqs.forEach((inst, k) => {
    tokens.set(inst.tokens, k * length);
    mask.set(inst.supervised, k * length);
    labels[k] = inst.answer;
    lengths[k] = inst.tokens.length;
  });
  const arrays: DatasetArrays = { tokens, mask, labels, lengths, count, length };
  return { split, seed, arrays, hash: hashArrays(arrays) };
}

export function hashArrays(a: DatasetArrays): string {
  const h = createHash("sha256");
  h.update(`${a.count}x${a.length};`);
  for (const arr of [a.tokens, a.mask, a.labels, a.lengths]) {
    h.update(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
  }
  return h.digest("hex");
}

/** The real tokens of sequence k, as a string key. */
export function sequenceKey(a: DatasetArrays, k: number): string {
  return a.tokens.subarray(k * a.length, k * a.length + a.lengths[k]).join(",");
}

function countIn(train: Set<string>, a: DatasetArrays): number {
  let c = 0;
  for (let k = 0; k < a.count; k++) if (train.has(sequenceKey(a, k))) c++;
  return c;
}

/**
 * Generates train/valid/test in TypeScript (never in Python), with hashes and the overlap report.
 * Train is drawn disjoint from valid and test (refused where the task has too few distinct
 * sequences); the overlap is still counted, so a run's spec.json proves it is 0.
 */
export async function buildDatasets(req: DatasetRequest): Promise<Datasets> {
  if (!(Number.isInteger(req.n) && req.n >= 1)) userError(`--n must be a whole number ≥ 1 (got ${req.n})`);
  for (const s of SPLITS) {
    const size = req.sizes[s];
    if (!(Number.isInteger(size) && size >= 1)) userError(`--${s}-size must be a whole number ≥ 1 (got ${size})`);
  }
  const task = await resolveTask(req.task);
  if (!task.modes.includes(req.mode)) userError(`task ${task.name} has no mode '${req.mode}' (modes: ${task.modes.join(", ")})`);
  const vocabSize = task.vocabulary(req.n).length;
  // valid and test first; train then skips their sequences, so a score is never on seen data
  const valid = generateSplit(task, req, "valid");
  const test = generateSplit(task, req, "test");
  const heldOut = new Set<string>();
  for (const a of [valid.arrays, test.arrays]) for (let k = 0; k < a.count; k++) heldOut.add(sequenceKey(a, k));
  const train = generateSplit(task, req, "train", heldOut);
  const trainKeys = new Set<string>();
  for (let k = 0; k < train.arrays.count; k++) trainKeys.add(sequenceKey(train.arrays, k));
  const hash = createHash("sha256").update(`${train.hash}${valid.hash}${test.hash}`).digest("hex");
  return {
    request: req,
    vocabSize,
    padId: PAD_ID,
    splits: { train, valid, test },
    hash,
    overlap: { validInTrain: countIn(trainKeys, valid.arrays), testInTrain: countIn(trainKeys, test.arrays) },
  };
}

/** One split only (eval on a fresh dataset): the test split of the same seeds. */
export async function buildSplit(req: DatasetRequest, split: Split): Promise<{ data: SplitData; vocabSize: number }> {
  const task = await resolveTask(req.task);
  if (!task.modes.includes(req.mode)) userError(`task ${task.name} has no mode '${req.mode}' (modes: ${task.modes.join(", ")})`);
  return { data: generateSplit(task, req, split), vocabSize: task.vocabulary(req.n).length };
}
