import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../util/errors.js";

/**
 * A training run's directory:
 *   spec.json            everything needed to reproduce the run (options, config, dataset seeds and hashes)
 *   data/{train,valid,test}.sbd   the datasets (docs/float.md)
 *   metrics.jsonl        one row per evaluation (written by the worker)
 *   checkpoint.pt        the last good checkpoint (torch.save; for --resume)
 *   weights.safetensors  final weights, state_dict names, metadata {architecture, config}
 *   result.json          written last: final accuracies, device, wall time. Its presence = finished.
 *   eval-exact-<format>.json  the last `eval --in exact` at that format that measured the argmax agreement with the twin
 */
export const RUN_FILES = {
  spec: "spec.json",
  result: "result.json",
  metrics: "metrics.jsonl",
  checkpoint: "checkpoint.pt",
  weights: "weights.safetensors",
  data: "data",
} as const;

export function runPath(dir: string, file: keyof typeof RUN_FILES): string {
  return join(dir, RUN_FILES[file]);
}

/** Where `eval --in exact` records its result at a format (characters outside [A-Za-z0-9.:+-] become _). */
export function exactEvalPath(dir: string, formatName: string): string {
  return join(dir, `eval-exact-${formatName.replace(/[^A-Za-z0-9.:+-]/g, "_")}.json`);
}

export function dataPath(dir: string, split: string): string {
  return join(dir, RUN_FILES.data, `${split}.sbd`);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileSync(path + ".tmp", JSON.stringify(value, null, 2) + "\n");
  renameSync(path + ".tmp", path);
}

export function readJson<T>(path: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UserError(`${path}: cannot read the ${what}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new UserError(`${path}: the ${what} is not valid JSON`);
  }
}

export function ensureDir(dir: string): void {
  mkdirSync(join(dir, RUN_FILES.data), { recursive: true });
}

export type RunState = "empty" | "started" | "finished";

/** finished: result.json exists; started: spec.json only (resumable); empty: neither. */
export function runState(dir: string): RunState {
  if (existsSync(runPath(dir, "result"))) return "finished";
  if (existsSync(runPath(dir, "spec"))) return "started";
  return "empty";
}

export interface MetricsRow {
  readonly step: number;
  readonly lr: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly validLoss: number;
  readonly validAccuracy: number;
  readonly seconds: number;
}

export function readMetrics(dir: string): MetricsRow[] {
  const path = runPath(dir, "metrics");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as MetricsRow);
}
