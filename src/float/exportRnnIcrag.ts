import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { getTask } from "../tasks/registry.js";
import { ISTREE_PAD } from "../tasks/istreeVocabulary.js";
import { Rng, deriveSeed } from "../util/rng.js";
import { userError } from "../util/errors.js";
import { writeDatasetFile, type DatasetArrays } from "./datasetFile.js";
import { runWorker } from "./workerProcess.js";

/**
 * `streambound data istree … --export rnn-icrag --out DIR`: our seeded IsTree data in the layout
 * rnn-icrag's trainer reads (rnn/data.py `IsTreeDataset.save`/`load`, rnn/train.py): DIR for
 * training and DIR/val for validation, each with tensor_data.pt ({input_ids, attention_mask,
 * labels}, int64 [count, pad_len], right-padded with [PAD]) and metadata.json.
 */
export interface RnnIcragExportOptions {
  readonly task: string;
  readonly n: number;
  /** Training instances: instance k is exactly `data`'s instance k for the same seed. */
  readonly count: number;
  /** Validation instances, from the stream deriveSeed(seed, "rnn-icrag/val"). */
  readonly valCount: number;
  readonly seed: number;
  readonly mode: string;
  readonly out: string;
}

export interface RnnIcragExportResult {
  readonly out: string;
  readonly train: { readonly dir: string; readonly count: number; readonly padLen: number };
  readonly val: { readonly dir: string; readonly count: number; readonly padLen: number };
  readonly nVocab: number;
}

export const RNN_ICRAG_GRAPH_TYPES: Readonly<Record<string, string>> = { istree: "binary", "istree:random": "random" };

function split(task: string, n: number, count: number, seed: number, mode: string): DatasetArrays {
  const t = getTask(task);
  const instances = Array.from({ length: count }, (_, k) => t.generate(n, new Rng(deriveSeed(seed, `data/${t.name}/${n}/${k}`)), mode));
  const length = Math.max(...instances.map((i) => i.tokens.length));
  const tokens = new Int32Array(count * length).fill(ISTREE_PAD);
  const mask = new Uint8Array(count * length);
  const labels = new Int32Array(count);
  const lengths = new Int32Array(count);
  instances.forEach((inst, k) => {
    tokens.set(inst.tokens, k * length);
    mask.set(inst.supervised, k * length);
    labels[k] = inst.answer;
    lengths[k] = inst.tokens.length;
  });
  return { tokens, mask, labels, lengths, count, length };
}

export async function exportRnnIcrag(o: RnnIcragExportOptions): Promise<RnnIcragExportResult> {
  const graphType = RNN_ICRAG_GRAPH_TYPES[o.task];
  if (graphType === undefined) userError(`--export rnn-icrag applies to istree and istree:random (got '${o.task}')`);
  for (const [flag, v, min] of [["count", o.count, 1], ["val-count", o.valCount, 1]] as const) {
    if (!(Number.isInteger(v) && v >= min)) userError(`--${flag} must be a whole number ≥ ${min} (got ${v})`);
  }
  if (!Number.isInteger(o.seed)) userError(`--seed must be a whole number (got ${o.seed})`);
  const task = getTask(o.task);
  if (!task.modes.includes(o.mode)) userError(`task ${task.name} has no mode '${o.mode}' (modes: ${task.modes.join(", ")})`);
  const out = resolve(o.out);
  if (existsSync(out) && !(statSync(out).isDirectory() && readdirSync(out).length === 0)) {
    userError(`--out ${o.out} exists and is not an empty directory`);
  }
  const train = split(o.task, o.n, o.count, o.seed, o.mode);
  const val = split(o.task, o.n, o.valCount, deriveSeed(o.seed, "rnn-icrag/val"), o.mode);
  mkdirSync(dirname(out), { recursive: true });
  const staging = join(dirname(out), `.${basename(out)}.export-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    const info = { task: task.name, n: o.n, mode: o.mode, seed: o.seed };
    writeDatasetFile(join(staging, "train.sbd"), train, { ...info, split: "train", vocabSize: task.vocabulary(o.n).length, padId: ISTREE_PAD });
    writeDatasetFile(join(staging, "val.sbd"), val, { ...info, split: "val", vocabSize: task.vocabulary(o.n).length, padId: ISTREE_PAD });
    const done = await runWorker({
      command: "export-rnn-icrag",
      out: staging,
      vocabulary: task.vocabulary(o.n),
      graphType,
      n: o.n,
      mode: o.mode,
      provenance: { ...info, valSeed: `deriveSeed(${o.seed}, "rnn-icrag/val")` },
      device: "cpu",
      threads: 1,
    });
    if (existsSync(out)) rmdirSync(out);
    renameSync(staging, out);
    return {
      out,
      train: { dir: out, count: train.count, padLen: train.length },
      val: { dir: join(out, "val"), count: val.count, padLen: val.length },
      nVocab: Number(done.nVocab),
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
