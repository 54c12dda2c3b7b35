import { runWorker } from "./workerProcess.js";

export interface EvalInWorkerOptions {
  readonly dtype?: "float32" | "float64";
  readonly device?: "auto" | "cuda" | "cpu";
  /** When given, a weights file of another architecture is a UserError. */
  readonly architecture?: string;
}

export interface WorkerLogits {
  /** Logits at the last position of each sequence, as the twin computes them in `dtype`. */
  readonly logits: number[][];
  /** argmax of each row (ties: the lowest id, as torch.argmax on CPU). */
  readonly predictions: number[];
  readonly device: string;
  readonly dtype: string;
}

/**
 * Runs token sequences through the PyTorch twin stored in a weights file (safetensors, state_dict
 * names, metadata {architecture, config}) and returns the last position's logits. This is how
 * the census shows a fooling pair's float outputs, and how the cross-check compares TypeScript
 * at fp64 with PyTorch at float64.
 */
/** The worker's `logits` request for these sequences. */
function logitsRequest(weightsPath: string, sequences: readonly (readonly number[])[], options: EvalInWorkerOptions) {
  return {
    command: "logits",
    weights: weightsPath,
    sequences,
    dtype: options.dtype ?? "float32",
    device: options.device ?? "auto",
    threads: 1,
    ...(options.architecture ? { expectArchitecture: options.architecture } : {}),
  };
}

export async function evalInWorker(
  weightsPath: string,
  sequences: readonly (readonly number[])[],
  options: EvalInWorkerOptions = {},
): Promise<WorkerLogits> {
  const done = await runWorker(logitsRequest(weightsPath, sequences, options));
  return {
    logits: done.logits as number[][],
    predictions: done.predictions as number[],
    device: String(done.device),
    dtype: String(done.dtype),
  };
}

/**
 * The twin's argmax at every position of each sequence (row k predicts token k + 1, as in
 * training), one forward pass per sequence; ties go to the lowest id, as torch.argmax on CPU.
 */
export async function argmaxInWorker(
  weightsPath: string,
  sequences: readonly (readonly number[])[],
  options: EvalInWorkerOptions = {},
): Promise<{ readonly predictions: number[][]; readonly device: string; readonly dtype: string }> {
  const done = await runWorker({ ...logitsRequest(weightsPath, sequences, options), everyPosition: true });
  return { predictions: done.predictions as number[][], device: String(done.device), dtype: String(done.dtype) };
}
