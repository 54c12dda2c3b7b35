import { createHash } from "node:crypto";
import type { StreamingModel } from "../stream/model.js";
import type { Reduction } from "../comm/reduction.js";
import { modelFactory, defaultFormat, MODEL_NAMES } from "../models/registry.js";
import { weightsFromBytes } from "../models/weights/load.js";
import { parseRoleFormats } from "../models/_internals/roleFormats.js";
import type { ModelSpec } from "./certificate.js";

/** Weights files up to this size travel inside the certificate. */
export const EMBED_WEIGHTS_MAX_BYTES = 256 * 1024;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

interface WithTensors {
  tensors(): Record<string, { shape: readonly number[]; data: ArrayLike<number> }>;
}

/**
 * sha256 of a model's weight tensors: for each tensor in name order, its name, its shape and its
 * values as little-endian doubles. Null for a model without tensors (ideal, user models).
 */
export function weightsSha256(model: StreamingModel<unknown>): string | null {
  const t = (model as Partial<WithTensors>).tensors;
  if (typeof t !== "function") return null;
  const tensors = t.call(model);
  const h = createHash("sha256");
  for (const name of Object.keys(tensors).sort()) {
    const { shape, data } = tensors[name];
    h.update(`${name}[${shape.join(",")}]`);
    const buf = new Float64Array(data.length);
    for (let k = 0; k < data.length; k++) buf[k] = data[k];
    h.update(new Uint8Array(buf.buffer));
  }
  return h.digest("hex");
}

/** A problem with the model spec, tied to the certificate field it comes from. */
export class SpecProblem extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

/**
 * Rebuilds the model a certificate names at size n. A supplied model (a user's module or an
 * object handed over in code) comes from `supplied`; a weights file from the embedded bytes or,
 * failing that, from `weightsBytes` (read by the caller) — in both cases checked against its sha256.
 */
export function modelFromSpec(
  spec: ModelSpec,
  reduction: Reduction,
  n: number,
  supplied: { model?: StreamingModel<unknown>; weightsBytes?: Uint8Array } = {},
): StreamingModel<unknown> {
  if (spec.kind === "supplied") {
    if (!supplied.model) throw new SpecProblem("model", "the certificate is about a supplied model; hand the model to the verifier");
    return supplied.model;
  }
  if (!spec.weightsFile) return modelFactory(spec.request, reduction, n)(n);
  const file = spec.weightsFile;
  const name = spec.request.model;
  if (!MODEL_NAMES.includes(name) || name === "store" || name === "ideal") {
    throw new SpecProblem("model.request.model", `weights files are for the trainable architectures, not '${spec.request.model}'`);
  }
  let bytes: Uint8Array;
  if (file.embedded !== undefined) bytes = Buffer.from(file.embedded, "base64");
  else if (supplied.weightsBytes) bytes = supplied.weightsBytes;
  else throw new SpecProblem("model.weightsFile.path", `the weights are not embedded; pass the file ${file.path} to the verifier`);
  const digest = sha256Hex(bytes);
  if (digest !== file.sha256) {
    throw new SpecProblem(file.embedded !== undefined ? "model.weightsFile.embedded" : "model.weightsFile.sha256", `the weights have sha256 ${digest}, the certificate says ${file.sha256}`);
  }
  const format = parseRoleFormats(spec.request.format ?? defaultFormat(name));
  const model = weightsFromBytes(bytes, file.name, { format, architecture: name }).model as StreamingModel<unknown>;
  if (model.vocabSize < reduction.vocabSize(n)) {
    throw new SpecProblem("model.weightsFile", `the weights have a vocabulary of ${model.vocabSize}; ${reduction.task} at n=${n} needs ${reduction.vocabSize(n)}`);
  }
  return model;
}
