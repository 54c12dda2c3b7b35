import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, rmdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { userError } from "../util/errors.js";
import { runWorker } from "./workerProcess.js";

/** The checkpoint layouts `streambound import --from` converts (src/float/python/importers.py). */
export const IMPORT_SOURCES = ["mamba-ssm", "hf-llama", "rnn-icrag-hybrid"] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export interface ImportOptions {
  /** A state_dict file (.bin/.pt via torch.load(weights_only=True), or .safetensors) or a directory holding one. */
  readonly checkpoint: string;
  readonly from: string;
  /** Written: DIR/weights.safetensors (twin names, metadata {architecture, config}) and DIR/spec.json. */
  readonly out: string;
  /** The source's config.json (default: config.json beside the checkpoint, when there is one). */
  readonly config?: string;
  /** Attention heads, where no config gives num_attention_heads (rnn-icrag saves none). */
  readonly heads?: number;
}

export interface ImportResult {
  readonly from: ImportSource;
  readonly architecture: string;
  readonly config: Record<string, unknown>;
  readonly weights: string;
  readonly spec: string;
  readonly tensors: number;
  readonly dtypes: string[];
  readonly conversions: string[];
}

/**
 * Converts a checkpoint into twin weights in the worker. Everything is written into a fresh
 * sibling directory that becomes `out` only when the worker succeeded, so a failure leaves no
 * partial output.
 */
export async function importCheckpoint(o: ImportOptions): Promise<ImportResult> {
  if (!(IMPORT_SOURCES as readonly string[]).includes(o.from)) {
    userError(`--from must be one of ${IMPORT_SOURCES.join(", ")} (got '${o.from}')`);
  }
  if (o.heads !== undefined && !(Number.isInteger(o.heads) && o.heads >= 1)) userError(`--heads must be a whole number ≥ 1 (got ${o.heads})`);
  const checkpoint = resolve(o.checkpoint);
  if (!existsSync(checkpoint)) userError(`${o.checkpoint}: no such file or directory`);
  if (o.config !== undefined && !existsSync(o.config)) userError(`--config ${o.config}: no such file`);
  const out = resolve(o.out);
  if (existsSync(out) && !(statSync(out).isDirectory() && readdirSync(out).length === 0)) {
    userError(`--out ${o.out} exists and is not an empty directory`);
  }
  mkdirSync(dirname(out), { recursive: true });
  const staging = join(dirname(out), `.${basename(out)}.import-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    const done = await runWorker({
      command: "import",
      checkpoint,
      from: o.from,
      out: staging,
      device: "cpu",
      threads: 1,
      ...(o.config !== undefined ? { config: resolve(o.config) } : {}),
      ...(o.heads !== undefined ? { heads: o.heads } : {}),
    });
    if (existsSync(out)) rmdirSync(out);
    renameSync(staging, out);
    return {
      from: o.from as ImportSource,
      architecture: String(done.architecture),
      config: done.config as Record<string, unknown>,
      weights: join(out, "weights.safetensors"),
      spec: join(out, "spec.json"),
      tensors: Number(done.tensors),
      dtypes: done.dtypes as string[],
      conversions: done.conversions as string[],
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
