import { predict, type StreamingModel } from "../stream/model.js";
import { UserError } from "../util/errors.js";
import type { DatasetArrays } from "./datasetFile.js";
import { argmaxInWorker } from "./evalInWorker.js";
import { missingTorchMessage, pythonExecutable } from "./pythonRuntime.js";

/**
 * How often the bit-exact model and its PyTorch twin pick the same token: at every supervised
 * position of every evaluated sequence (teacher-forced, the positions exact match scores), the
 * argmax over the whole vocabulary of each.
 */
export interface ArgmaxAgreement {
  /** agreeing / positions (null when no position is supervised) */
  readonly rate: number | null;
  readonly positions: number;
  readonly agreeing: number;
  /** The twin's dtype and device. */
  readonly dtype: "float32" | "float64";
  readonly device: string;
}

/**
 * Every `train` run trains in float32 (training.py builds the twin in torch's default dtype);
 * spec.json has no dtype field, so this is the run's training dtype.
 */
export const TRAINING_DTYPE = "float32" as const;

/** The exact model's argmax at each supervised position k (from the state after tokens 0..k−1), per sequence, in order. */
export function exactPredictionsAtSupervised(model: StreamingModel<unknown>, a: DatasetArrays): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < a.count; s++) {
    const base = s * a.length;
    const row: number[] = [];
    let state = model.init();
    for (let k = 1; k < a.lengths[s]; k++) {
      state = model.step(state, a.tokens[base + k - 1], k - 1);
      if (a.mask[base + k]) row.push(predict(model.logits(state)));
    }
    out.push(row);
  }
  return out;
}

/**
 * Compares the exact model's argmax with the twin's (run from `weights` at `dtype` on `device`)
 * on the same sequences. Returns `{ agreement: null, note }` when torch (or Python) is
 * missing, the note being the worker's one-line install hint; any other worker error propagates.
 */
export async function argmaxAgreement(
  model: StreamingModel<unknown>,
  a: DatasetArrays,
  weights: string,
  o: { dtype: "float32" | "float64"; device: "auto" | "cuda" | "cpu"; architecture: string },
): Promise<{ agreement: ArgmaxAgreement | null; note: string }> {
  // the twin sees tokens 0..len−2: its output at position k−1 predicts token k
  const sequences: number[][] = [];
  const kept: number[] = [];
  for (let s = 0; s < a.count; s++) {
    const len = a.lengths[s];
    if (len < 2) continue;
    sequences.push(Array.from(a.tokens.subarray(s * a.length, s * a.length + len - 1)));
    kept.push(s);
  }
  const exact = exactPredictionsAtSupervised(model, a);
  let twin: Awaited<ReturnType<typeof argmaxInWorker>> | null = null;
  try {
    if (sequences.length) twin = await argmaxInWorker(weights, sequences, { dtype: o.dtype, device: o.device, architecture: o.architecture });
  } catch (e) {
    // only a missing torch (or Python) is a note: the exact scores stand without the twin
    if (e instanceof UserError && e.message.endsWith(missingTorchMessage(pythonExecutable()))) return { agreement: null, note: `not measured: ${e.message}` };
    throw e;
  }
  let positions = 0;
  let agreeing = 0;
  kept.forEach((s, j) => {
    const base = s * a.length;
    const mine = exact[s];
    let i = 0;
    for (let k = 1; k < a.lengths[s]; k++) {
      if (!a.mask[base + k]) continue;
      positions++;
      if (mine[i++] === twin!.predictions[j][k - 1]) agreeing++;
    }
  });
  return {
    agreement: { rate: positions ? agreeing / positions : null, positions, agreeing, dtype: o.dtype, device: twin?.device ?? o.device },
    note: "every supervised position, teacher-forced, argmax over the whole vocabulary",
  };
}
