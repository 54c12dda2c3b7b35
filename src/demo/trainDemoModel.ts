import { copyFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { getTask } from "../tasks/registry.js";
import { Rng, deriveSeed } from "../util/rng.js";
import { PAD_ID } from "../float/dataset.js";
import { writeDatasetFile } from "../float/datasetFile.js";
import { runWorker } from "../float/workerProcess.js";
import type { DatasetArrays } from "../float/datasetFile.js";

/** How the demo's model is trained: every number here is part of the fixture's provenance. */
export const DEMO_TRAINING = {
  task: "index",
  architecture: "gru" as "lstm" | "gru" | "elman",
  width: 2,
  /** The exact format the demo runs it at: 4 integer bits hold its readout's logits (at fixed:2.6 they saturate). */
  format: "fixed:4.6",
  /**
   * Sequences of lengths 1..maxN, log-uniform (short ones often): `streambound train` trains at
   * one n, and a model trained at one length says nothing at the others.
   */
  maxN: 24,
  steps: 6000,
  lr: 0.01,
  batch: 64,
  weightDecay: 0,
  trainSize: 40000,
  validSize: 2000,
  testSize: 2000,
  dataSeed: 0,
  seed: 1,
};
export type DemoTraining = typeof DEMO_TRAINING;

function split(t: DemoTraining, name: "train" | "valid" | "test", count: number): DatasetArrays {
  const task = getTask(t.task);
  const rng = new Rng(deriveSeed(t.dataSeed, `demo-model/${name}`));
  const length = t.maxN + 2;
  const tokens = new Int32Array(count * length).fill(PAD_ID);
  const mask = new Uint8Array(count * length);
  const labels = new Int32Array(count);
  const lengths = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    // log-uniform in integers: an octave [2^k, 2^(k+1)) first, then a length in it
    const octave = rng.int(0, Math.floor(Math.log2(t.maxN)));
    const inst = task.generate(rng.int(2 ** octave, Math.min(2 ** (octave + 1) - 1, t.maxN)), rng, "direct");
    tokens.set(inst.tokens, k * length);
    mask.set(inst.supervised, k * length);
    labels[k] = inst.answer;
    lengths[k] = inst.tokens.length;
  }
  return { tokens, mask, labels, lengths, count, length };
}

/**
 * Trains the demo's model with the PyTorch worker on Index with lengths 1..maxN mixed (query
 * tokens @j mean the same at every length, so one vocabulary of maxN + 2 serves all), and
 * copies its weights to `weightsOut`. Returns the worker's final metrics.
 */
export async function trainDemoModel(o: { dir: string; weightsOut?: string; device?: "auto" | "cpu" | "cuda"; overrides?: Partial<DemoTraining>; onProgress?: (step: number, steps: number) => void }): Promise<{ weights: string; testAccuracy: number; device: string }> {
  const t: DemoTraining = { ...DEMO_TRAINING, ...o.overrides };
  const dir = resolve(o.dir);
  mkdirSync(join(dir, "data"), { recursive: true });
  const paths = { train: join(dir, "data", "train.sbd"), valid: join(dir, "data", "valid.sbd"), test: join(dir, "data", "test.sbd") };
  const vocabSize = t.maxN + 2;
  for (const [name, count] of [["train", t.trainSize], ["valid", t.validSize], ["test", t.testSize]] as const) {
    writeDatasetFile(paths[name], split(t, name, count), { task: "index", n: t.maxN, mode: "direct", split: name, vocabSize, padId: PAD_ID, lengths: `1..${t.maxN}, octaves equally likely` });
  }
  const done = await runWorker(
    {
      command: "train",
      runDir: dir,
      ...paths,
      architecture: t.architecture,
      config: { width: t.width, layers: 1, vocabSize, inputSize: t.width },
      steps: t.steps,
      lr: t.lr,
      batch: t.batch,
      seed: t.seed,
      device: o.device ?? "cpu",
      weightDecay: t.weightDecay,
      threads: 1,
      tiedSinusoidal: false,
      resume: false,
      progressEvery: 50,
    },
    { onEvent: (e) => (e.event === "progress" && typeof e.step === "number" ? o.onProgress?.(e.step, t.steps) : undefined) },
  );
  const weights = join(dir, "weights.safetensors");
  if (o.weightsOut) copyFileSync(weights, o.weightsOut);
  return { weights: o.weightsOut ?? weights, testAccuracy: Number(done.testAccuracy), device: String(done.device) };
}
